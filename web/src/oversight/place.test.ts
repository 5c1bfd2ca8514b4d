import { describe, expect, it } from "vitest";

import { oversightPaths } from "./place";

describe("oversight drill-down paths", () => {
  it("nest a school under the district's dashboard for the district", () => {
    const paths = oversightPaths({ viewer: "district", root: "/district/oversight" }, "s1");
    expect(paths.school).toBe("/district/oversight/schools/s1");
    expect(paths.slice("teachers", "t1")).toBe("/district/oversight/schools/s1/teachers/t1");
    expect(paths.week("classes", "c1", "2026-12-07")).toBe("/district/oversight/schools/s1/classes/c1/weeks/2026-12-07");
    expect(paths.lesson("l1")).toBe("/district/oversight/schools/s1/lessons/l1");
  });

  it("never name the school in the leadership's paths (their school is the token's)", () => {
    const paths = oversightPaths({ viewer: "school", root: "/school/oversight" }, "s1");
    expect(paths.school).toBe("/school/oversight");
    expect(paths.slice("subjects", "m1")).toBe("/school/oversight/subjects/m1");
    expect(paths.lesson("l1")).toBe("/school/oversight/lessons/l1");
  });
});
