import type { RouteObject } from "react-router";

import type { Namespace } from "../i18n/namespaces";

/** A screen in the area's menu: its path under the area ("" for the area's home) and the key
 * of its label in the namespace given. */
export interface MenuEntry {
  path: string;
  ns: Namespace;
  label: string;
}

/**
 * An area's screens: the routes under /<area> and the menu's entries. A screen is loaded when
 * first opened (`lazy`), so that the first screen's JavaScript stays small:
 * `{ path: "journal", lazy: async () => ({ Component: (await import("./journal/JournalPage")).JournalPage }) }`.
 */
export interface AreaScreens {
  routes: RouteObject[];
  menu: MenuEntry[];
}
