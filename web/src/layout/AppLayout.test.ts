import type { TFunction } from "i18next";
import { describe, expect, it } from "vitest";

import { menuItems, selectedKey } from "./AppLayout";

const t = ((key: string) => key) as unknown as TFunction;

describe("the menu's selected entry", () => {
  const teacherOnly = menuItems(["teacher"], t);

  it("is the screen's own entry, not the area's home as well", () => {
    expect(selectedKey("/teacher/plans", teacherOnly)).toBe("teacher/plans");
    expect(selectedKey("/teacher", teacherOnly)).toBe("teacher");
  });

  it("is the area for a screen without an entry of its own", () => {
    expect(selectedKey("/teacher/journal/c1/s1", teacherOnly)).toBe("teacher");
  });
});
