import type { AreaScreens } from "../screens";

/** A student's screens (issue 10, screen 5): their own diary (the area's home), marks,
 * inbox and summary sheet. */
export const studentScreens: AreaScreens = {
  routes: [
    { index: true, lazy: async () => ({ Component: (await import("./StudentScreens")).StudentDiary }) },
    { path: "marks", lazy: async () => ({ Component: (await import("./StudentScreens")).StudentMarks }) },
    { path: "inbox", lazy: async () => ({ Component: (await import("./StudentScreens")).StudentInbox }) },
    { path: "summary", lazy: async () => ({ Component: (await import("./StudentScreens")).StudentSummary }) },
  ],
  menu: [
    { path: "", ns: "family", label: "menuDiary" },
    { path: "marks", ns: "family", label: "menuMarks" },
    { path: "inbox", ns: "family", label: "menuInbox" },
    { path: "summary", ns: "family", label: "menuSummary" },
  ],
};
