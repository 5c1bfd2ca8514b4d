import { Navigate } from "react-router";

import type { AreaScreens } from "../screens";

/** The class teacher's screens (issue 10, screen 4); the area opens on the week's attendance. */
export const classTeacherScreens: AreaScreens = {
  routes: [
    { index: true, element: <Navigate to="attendance" replace /> },
    { path: "attendance", lazy: async () => ({ Component: (await import("./attendance/AttendanceWeekPage")).AttendanceWeekPage }) },
    { path: "notes", lazy: async () => ({ Component: (await import("./notes/AbsenceNotesPage")).AbsenceNotesPage }) },
    { path: "people", lazy: async () => ({ Component: (await import("./people/ClassPeoplePage")).ClassPeoplePage }) },
    { path: "summary", lazy: async () => ({ Component: (await import("./summary/ClassSummaryPage")).ClassSummaryPage }) },
  ],
  menu: [
    { path: "attendance", ns: "classTeacher", label: "menus.attendance" },
    { path: "notes", ns: "classTeacher", label: "menus.notes" },
    { path: "people", ns: "classTeacher", label: "menus.people" },
    { path: "summary", ns: "classTeacher", label: "menus.summary" },
  ],
};
