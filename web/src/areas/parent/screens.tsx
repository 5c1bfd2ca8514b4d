import type { AreaScreens } from "../screens";
import { ParentHome } from "./ParentHome";

export const parentScreens: AreaScreens = {
  routes: [{ index: true, element: <ParentHome /> }],
  menu: [],
};
