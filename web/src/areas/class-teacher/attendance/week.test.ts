import { describe, expect, it } from "vitest";

import { codeOf, lessonsByDay, subjectAbbreviation, unknownReasons, type WeekEntry, type WeekLesson } from "./week";

function lesson(id: string, date: string, time: string): WeekLesson {
  return {
    lesson_id: id,
    lesson_date: date,
    starts_at: `${date}T${time}:00Z`,
    subject_id: "s",
    subject_name: "Математика",
    group_id: null,
    held: true,
  };
}

function entry(status: WeekEntry["status"], reason: WeekEntry["reason"]): WeekEntry {
  return { lesson_id: "l", student_id: "p", status, reason };
}

describe("the attendance week", () => {
  it("shows н until the reason is known, then its code; a late is оп whatever its reason", () => {
    expect(codeOf(entry("absent", null))).toBe("absent");
    expect(codeOf(entry("absent", "illness"))).toBe("illness");
    expect(codeOf(entry("absent", "unexcused"))).toBe("unexcused");
    expect(codeOf(entry("late", "excused"))).toBe("late");
  });

  it("groups lessons by day, in the order of the days and starts", () => {
    const days = lessonsByDay([lesson("c", "2026-12-08", "06:00"), lesson("b", "2026-12-07", "07:00"), lesson("a", "2026-12-07", "06:00")]);
    expect(days.map((day) => [day.date, day.lessons.map((l) => l.lesson_id)])).toEqual([
      ["2026-12-07", ["a", "b"]],
      ["2026-12-08", ["c"]],
    ]);
  });

  it("counts only absences still without a reason", () => {
    expect(unknownReasons([entry("absent", null), entry("late", null), entry("absent", "illness"), entry("absent", null)])).toBe(2);
  });

  it("abbreviates subjects for narrow columns", () => {
    expect(subjectAbbreviation("Математика")).toBe("Мат");
    expect(subjectAbbreviation("Русский язык")).toBe("РЯ");
    expect(subjectAbbreviation("ИЗО")).toBe("ИЗО");
  });
});
