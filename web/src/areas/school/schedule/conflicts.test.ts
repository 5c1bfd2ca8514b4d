import { describe, expect, it } from "vitest";

import { clashesBySlot, clashesOf, slotKey, type TimetableLike } from "./conflicts";

const math = { subject_id: "math", teacher_id: "ivanov", room_id: "r12" };

function timetable(id: string, classId: string, entries: TimetableLike["entries"], overrides: Partial<TimetableLike> = {}): TimetableLike {
  return { id, class_id: classId, bell_schedule_id: "first-shift", valid_from: "2026-09-01", valid_to: "2026-12-28", entries, ...overrides };
}

describe("clashesOf", () => {
  it("finds the same teacher in two classes at the same period", () => {
    const fiveA = timetable("t1", "5a", [{ weekday: 1, period: 2, ...math }]);
    const sixB = timetable("t2", "6b", [{ weekday: 1, period: 2, subject_id: "math", teacher_id: "ivanov", room_id: "r14" }]);
    const clashes = clashesOf(fiveA, [fiveA, sixB]);
    expect(clashes).toHaveLength(1);
    expect(clashes[0]?.kind).toBe("teacher");
    expect(clashes[0]?.other.class_id).toBe("6b");
  });

  it("finds a room taken by another teacher", () => {
    const fiveA = timetable("t1", "5a", [{ weekday: 3, period: 4, ...math }]);
    const sixB = timetable("t2", "6b", [{ weekday: 3, period: 4, subject_id: "rus", teacher_id: "petrova", room_id: "r12" }]);
    expect(clashesOf(fiveA, [sixB]).map((clash) => clash.kind)).toEqual(["room"]);
  });

  it("ignores another day, another period, ranges that do not meet and the class's own timetables", () => {
    const fiveA = timetable("t1", "5a", [{ weekday: 1, period: 2, ...math }]);
    const others = [
      timetable("t2", "6b", [{ weekday: 2, period: 2, ...math }]),
      timetable("t3", "6b", [{ weekday: 1, period: 3, ...math }]),
      timetable("t4", "6b", [{ weekday: 1, period: 2, ...math }], { valid_from: "2027-01-09", valid_to: "2027-05-31" }),
      timetable("t5", "5a", [{ weekday: 1, period: 2, ...math }]),
    ];
    expect(clashesOf(fiveA, others)).toEqual([]);
  });

  it("compares times across bell schedules (shifts)", () => {
    const bells = new Map([
      ["first-shift", [{ number: 6, starts_at: "13:05", ends_at: "13:50" }]],
      ["second-shift", [{ number: 1, starts_at: "13:30", ends_at: "14:15" }, { number: 2, starts_at: "14:25", ends_at: "15:10" }]],
    ]);
    const fiveA = timetable("t1", "5a", [{ weekday: 1, period: 6, ...math }]);
    const overlapping = timetable("t2", "7c", [{ weekday: 1, period: 1, ...math }], { bell_schedule_id: "second-shift" });
    const later = timetable("t3", "7d", [{ weekday: 1, period: 2, ...math }], { bell_schedule_id: "second-shift" });
    expect(clashesOf(fiveA, [overlapping, later], bells).map((clash) => clash.other.id)).toEqual(["t2"]);
  });

  it("groups clashes by the slot of the timetable looked at", () => {
    const fiveA = timetable("t1", "5a", [{ weekday: 1, period: 2, ...math }]);
    const sixB = timetable("t2", "6b", [{ weekday: 1, period: 2, ...math }]);
    const sevenC = timetable("t3", "7c", [{ weekday: 1, period: 2, subject_id: "rus", teacher_id: "petrova", room_id: "r12" }]);
    const bySlot = clashesBySlot(clashesOf(fiveA, [sixB, sevenC]));
    expect(bySlot.get(slotKey(1, 2))?.map((clash) => clash.kind)).toEqual(["teacher", "room"]);
  });
});
