import type { AreaScreens } from "../screens";
import { StudentHome } from "./StudentHome";

export const studentScreens: AreaScreens = {
  routes: [{ index: true, element: <StudentHome /> }],
  menu: [],
};
