import type { AreaScreens } from "../screens";

/** A parent's screens (issue 10, screen 5): the diary is the area's home; each screen reads
 * the chosen child (`?child=<student id>`; a child of another school switches the school). */
export const parentScreens: AreaScreens = {
  routes: [
    { index: true, lazy: async () => ({ Component: (await import("./ParentScreens")).ParentDiary }) },
    { path: "marks", lazy: async () => ({ Component: (await import("./ParentScreens")).ParentMarks }) },
    { path: "inbox", lazy: async () => ({ Component: (await import("./ParentScreens")).ParentInbox }) },
    { path: "summary", lazy: async () => ({ Component: (await import("./ParentScreens")).ParentSummary }) },
  ],
  menu: [
    { path: "", ns: "family", label: "menuDiary" },
    { path: "marks", ns: "family", label: "menuMarks" },
    { path: "inbox", ns: "family", label: "menuInbox" },
    { path: "summary", ns: "family", label: "menuSummary" },
  ],
};
