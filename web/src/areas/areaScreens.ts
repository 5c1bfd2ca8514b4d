import type { Area } from "./areas";
import { classTeacherScreens } from "./class-teacher/screens";
import { districtScreens } from "./district/screens";
import { parentScreens } from "./parent/screens";
import { schoolScreens } from "./school/screens";
import type { AreaScreens } from "./screens";
import { studentScreens } from "./student/screens";
import { teacherScreens } from "./teacher/screens";

/** Each area's routes and menu, declared in the area's own screens.tsx. */
export const AREA_SCREENS: Record<Area, AreaScreens> = {
  teacher: teacherScreens,
  "class-teacher": classTeacherScreens,
  parent: parentScreens,
  student: studentScreens,
  school: schoolScreens,
  district: districtScreens,
};
