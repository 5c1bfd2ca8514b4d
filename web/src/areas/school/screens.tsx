import type { AreaScreens } from "../screens";
import { SchoolHome } from "./SchoolHome";

export const schoolScreens: AreaScreens = {
  routes: [
    { index: true, element: <SchoolHome /> },
    { path: "schedule", lazy: async () => ({ Component: (await import("./schedule/TimetablePage")).TimetablePage }) },
    { path: "substitutions", lazy: async () => ({ Component: (await import("./schedule/SubstitutionsPage")).SubstitutionsPage }) },
    { path: "journal-policy", lazy: async () => ({ Component: (await import("./schedule/PolicyPage")).PolicyPage }) },
    { path: "reports", lazy: async () => ({ Component: (await import("./reports/ReportsPage")).ReportsPage }) },
  ],
  menu: [
    { path: "schedule", ns: "schoolSchedule", label: "menu" },
    { path: "substitutions", ns: "schoolSchedule", label: "menuSubstitutions" },
    { path: "journal-policy", ns: "schoolSchedule", label: "menuPolicy" },
    { path: "reports", ns: "schoolReports", label: "menu" },
  ],
};
