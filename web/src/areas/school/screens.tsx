import type { AreaScreens } from "../screens";
import { SchoolHome } from "./SchoolHome";

export const schoolScreens: AreaScreens = {
  routes: [{ index: true, element: <SchoolHome /> }],
  menu: [],
};
