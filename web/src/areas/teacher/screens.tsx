import type { AreaScreens } from "../screens";
import { TeacherHome } from "./TeacherHome";

export const teacherScreens: AreaScreens = {
  routes: [{ index: true, element: <TeacherHome /> }],
  menu: [],
};
