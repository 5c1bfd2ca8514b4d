import { describe, expect, it } from "vitest";

import { NAMESPACES } from "../i18n/namespaces";
import { AREA_SCREENS } from "./areaScreens";

function has(messages: object, key: string): boolean {
  let value: unknown = messages;
  for (const part of key.split(".")) {
    value = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  }
  return typeof value === "string";
}

describe("area screens", () => {
  it.each(Object.entries(AREA_SCREENS))("%s: every menu label is worded in both languages", (_, screens) => {
    for (const entry of screens.menu) {
      expect(has(NAMESPACES[entry.ns].ru, entry.label), `${entry.ns}:${entry.label}`).toBe(true);
      expect(has(NAMESPACES[entry.ns].en, entry.label), `${entry.ns}:${entry.label}`).toBe(true);
    }
  });

  it.each(Object.entries(AREA_SCREENS))("%s: every menu entry has a route", (_, screens) => {
    const paths = screens.routes.map((route) => (route.index === true ? "" : route.path));
    for (const entry of screens.menu) {
      expect(paths).toContain(entry.path);
    }
  });
});
