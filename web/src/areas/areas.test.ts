import { describe, expect, it } from "vitest";

import { areasOf } from "./areas";

describe("areasOf", () => {
  it("gives a teacher who is also a class teacher both areas, in the menu's order", () => {
    expect(areasOf(["class-teacher", "teacher"])).toEqual(["teacher", "class-teacher"]);
  });

  it("gathers leadership and administration in the school area", () => {
    for (const role of ["director", "deputy-director", "school-admin", "secretary"]) {
      expect(areasOf([role])).toEqual(["school"]);
    }
  });

  it("opens the district area to district roles only", () => {
    expect(areasOf(["support-agent"])).toEqual(["district"]);
    expect(areasOf(["teacher"])).not.toContain("district");
  });

  it("opens nothing for roles that hold no area", () => {
    expect(areasOf(["service", "default-roles-okrug", "totp-required"])).toEqual([]);
  });
});
