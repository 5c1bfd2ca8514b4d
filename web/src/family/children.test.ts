import { describe, expect, it } from "vitest";

import type { MySchool } from "../schools/queries";
import { childrenOf, chosenChild } from "./children";

function school(id: string, roles: string[], children: [string, string][]): MySchool {
  return {
    school_id: id,
    school_name: `Школа ${id}`,
    kind: "parent",
    roles,
    children: children.map(([childId, first]) => ({ id: childId, last_name: "Смирнова", first_name: first })),
    sign_in_scope: `organization:${id}`,
  };
}

const schools = [school("A", ["parent"], [["a1", "Мария"], ["a2", "Анна"]]), school("B", ["parent"], [["b1", "Илья"]]), school("C", ["teacher"], [])];

describe("a parent's children", () => {
  it("lists the children of every school where the person is a parent, the current school's first", () => {
    expect(childrenOf(schools, "B").map((c) => [c.id, c.schoolId])).toEqual([
      ["b1", "B"],
      ["a1", "A"],
      ["a2", "A"],
    ]);
  });

  it("shows a child of the current school: the one named, else the stored one, else the first", () => {
    const children = childrenOf(schools, "A");
    expect(chosenChild(children, "A", "a2", "a1")?.id).toBe("a2");
    expect(chosenChild(children, "A", null, "a2")?.id).toBe("a2");
    expect(chosenChild(children, "A", null, null)?.id).toBe("a1");
  });

  it("never shows a child of another school with this school's token", () => {
    const children = childrenOf(schools, "A");
    expect(chosenChild(children, "A", "b1", "b1")?.id).toBe("a1");
    expect(chosenChild(children, "C", "a1", null)).toBeUndefined();
  });
});
