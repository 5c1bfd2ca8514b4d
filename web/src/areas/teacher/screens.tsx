import type { AreaScreens } from "../screens";
import { TeacherHome } from "./TeacherHome";

export const teacherScreens: AreaScreens = {
  routes: [
    { index: true, element: <TeacherHome /> },
    {
      path: "journal/:classId/:subjectId",
      lazy: async () => ({ Component: (await import("./journal/JournalPage")).JournalPage }),
    },
  ],
  menu: [],
};
