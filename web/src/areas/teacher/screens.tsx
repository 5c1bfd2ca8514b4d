import { helpdeskRoutes } from "../../helpdesk/routes";
import type { AreaScreens } from "../screens";

export const teacherScreens: AreaScreens = {
  routes: [
    { index: true, lazy: async () => ({ Component: (await import("./today/TodayPage")).TodayPage }) },
    {
      path: "journal/:classId/:subjectId",
      lazy: async () => ({ Component: (await import("./journal/JournalPage")).JournalPage }),
    },
    { path: "plans", lazy: async () => ({ Component: (await import("./plans/LessonPlansPage")).LessonPlansPage }) },
    { path: "paper-import", lazy: async () => ({ Component: (await import("./paper-import/PaperImportPage")).PaperImportPage }) },
    { path: "forecast", lazy: async () => ({ Component: (await import("../../forecast/TeacherFailingPage")).TeacherFailingPage }) },
    helpdeskRoutes("school"),
  ],
  menu: [
    { path: "", ns: "teacher", label: "menu.today" },
    { path: "plans", ns: "teacher", label: "menu.plans" },
    { path: "paper-import", ns: "teacher", label: "menu.paperImport" },
    { path: "forecast", ns: "forecast", label: "menu" },
    { path: "helpdesk", ns: "helpdesk", label: "menu" },
  ],
};
