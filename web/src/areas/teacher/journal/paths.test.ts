import { describe, expect, it } from "vitest";

import { journalPath } from "./paths";

describe("journalPath", () => {
  it("names the class and subject, and the group, period and lesson when given", () => {
    expect(journalPath({ classId: "c", subjectId: "s" })).toBe("/teacher/journal/c/s");
    expect(journalPath({ classId: "c", subjectId: "s", groupId: "g", period: "term-2", lessonId: "l" })).toBe(
      "/teacher/journal/c/s?group=g&period=term-2&lesson=l",
    );
  });
});
