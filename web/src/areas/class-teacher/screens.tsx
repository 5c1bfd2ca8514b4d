import type { AreaScreens } from "../screens";
import { ClassTeacherHome } from "./ClassTeacherHome";

export const classTeacherScreens: AreaScreens = {
  routes: [{ index: true, element: <ClassTeacherHome /> }],
  menu: [],
};
