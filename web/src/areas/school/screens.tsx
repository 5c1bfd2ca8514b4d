import { Navigate } from "react-router";

import { helpdeskRoutes } from "../../helpdesk/routes";
import { oversightRoutes } from "../../oversight/routes";
import type { AreaScreens } from "../screens";

export const schoolScreens: AreaScreens = {
  routes: [
    { index: true, element: <Navigate to="people" replace /> },
    { path: "people", lazy: async () => ({ Component: (await import("./people/PeoplePage")).PeoplePage }) },
    { path: "people/:personId", lazy: async () => ({ Component: (await import("./people/PersonPage")).PersonPage }) },
    { path: "classes", lazy: async () => ({ Component: (await import("./classes/ClassesPage")).ClassesPage }) },
    { path: "classes/:classId", lazy: async () => ({ Component: (await import("./classes/ClassPage")).ClassPage }) },
    {
      path: "credential-issues",
      lazy: async () => ({ Component: (await import("./credentials/CredentialIssuesPage")).CredentialIssuesPage }),
    },
    { path: "card", lazy: async () => ({ Component: (await import("./card/SchoolCardPage")).SchoolCardPage }) },
    { path: "activity", lazy: async () => ({ Component: (await import("./activity/ActivityPage")).ActivityPage }) },
    { path: "schedule", lazy: async () => ({ Component: (await import("./schedule/TimetablePage")).TimetablePage }) },
    { path: "substitutions", lazy: async () => ({ Component: (await import("./schedule/SubstitutionsPage")).SubstitutionsPage }) },
    { path: "journal-policy", lazy: async () => ({ Component: (await import("./schedule/PolicyPage")).PolicyPage }) },
    { path: "reports", lazy: async () => ({ Component: (await import("./reports/ReportsPage")).ReportsPage }) },
    oversightRoutes("school"),
    helpdeskRoutes("school"),
  ],
  menu: [
    { path: "people", ns: "school", label: "menu" },
    { path: "classes", ns: "school", label: "classes.menu" },
    { path: "credential-issues", ns: "school", label: "credentials.menu" },
    { path: "card", ns: "school", label: "card.menu" },
    { path: "activity", ns: "school", label: "activity.menu" },
    { path: "schedule", ns: "schoolSchedule", label: "menu" },
    { path: "substitutions", ns: "schoolSchedule", label: "menuSubstitutions" },
    { path: "journal-policy", ns: "schoolSchedule", label: "menuPolicy" },
    { path: "reports", ns: "schoolReports", label: "menu" },
    { path: "oversight", ns: "oversight", label: "menu" },
    { path: "helpdesk", ns: "helpdesk", label: "menu" },
  ],
};
