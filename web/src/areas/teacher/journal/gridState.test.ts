import { describe, expect, it } from "vitest";

import { cellKey, type Cell } from "./cells";
import type { LessonRecordBody, LessonRecordRead } from "./save";
import { cellAt, initialState, lessonSave, lessonSaved, redo, setCell, setLesson, studentAverages, undo, type JournalGrid } from "./gridState";

const S1 = "00000000-0000-0000-0000-000000000001";
const S2 = "00000000-0000-0000-0000-000000000002";
const L1 = "00000000-0000-0000-0000-00000000000a";

function lesson(id: string): JournalGrid["lessons"][number] {
  return {
    lesson_id: id,
    lesson_date: "2026-12-07",
    starts_at: "2026-12-07T06:00:00Z",
    teacher_id: S1,
    planned_teacher_id: null,
    recorded: true,
    topic: "Дроби",
    plan_topic_id: null,
    homework: null,
    work_types: ["oral"],
    edit_window_closes_at: "2026-12-22T00:00:00+03:00",
    lock: null,
    timeliness: [],
  };
}

const grid: JournalGrid = {
  class_id: S1,
  subject_id: S2,
  group_id: null,
  class_name: "5А",
  subject_name: "Математика",
  scale: "five-point",
  period: { code: "term-2", kind: "term", starts_on: "2026-11-03", ends_on: "2026-12-28" },
  periods: [],
  work_types: [
    { code: "oral", title_ru: "Устный ответ", weight: "1" },
    { code: "test", title_ru: "Контрольная работа", weight: "2" },
  ],
  students: [
    { student_id: S1, last_name: "Андреев", first_name: "Олег", middle_name: "" },
    { student_id: S2, last_name: "Борисова", first_name: "Ира", middle_name: "" },
  ],
  lessons: [lesson(L1)],
  marks: [{ id: "m1", lesson_id: L1, student_id: S1, value: "4", work_type: "oral", weight: "1" }],
  attendance: [{ lesson_id: L1, student_id: S2, status: "absent", reason: "illness" }],
  standings: [],
};

const k1 = cellKey(S1, L1);
const k2 = cellKey(S2, L1);

function answerOf(record: LessonRecordBody): LessonRecordRead {
  return {
    lesson_id: L1,
    topic: record.topic ?? null,
    held: true,
    work_types: record.work_types,
    homework: null,
    individual_homework: [],
    teacher_id: S1,
    recorded_by: S1,
    recorded_at: "",
    updated_at: "",
    attendance: [],
    marks: [],
  };
}

describe("the grid's state", () => {
  it("puts the journal's marks and attendance in their cells", () => {
    const state = initialState(grid);
    expect(cellAt(state, k1).marks.map((m) => [m.id, m.value])).toEqual([["m1", "4"]]);
    expect(cellAt(state, k2).attendance).toEqual({ status: "absent", reason: "illness" });
    expect(state.lessons[L1]?.workType).toBe("oral");
  });

  it("has nothing to save until something changes", () => {
    expect(lessonSave(initialState(grid), L1, "key")).toBeNull();
  });

  it("saves a new mark, a changed one, a cleared one and the class's attendance", () => {
    let state = initialState(grid);
    const changed: Cell = {
      marks: [
        { key: "m1", id: "m1", value: "5", workType: "oral" },
        { key: "n1", id: null, value: "3", workType: "test" },
      ],
      attendance: { status: "late", reason: null },
    };
    state = setCell(state, k1, changed);
    const made = lessonSave(state, L1, "key-1");
    expect(made?.save).toEqual({
      lessonId: L1,
      idempotencyKey: "key-1",
      record: {
        held: true,
        work_types: ["oral"],
        marks: [{ student_id: S1, value: "3", work_type: "test" }],
        individual_homework: [],
        attendance: [
          { student_id: S1, status: "late", reason: null },
          { student_id: S2, status: "absent", reason: "illness" },
        ],
      },
      changedMarks: [{ markId: "m1", value: "5", workType: "oral" }],
      removedMarkIds: [],
    });
    state = setCell(state, k1, { marks: [], attendance: null });
    expect(lessonSave(state, L1, "key-2")?.save.removedMarkIds).toEqual(["m1"]);
  });

  it("leaves attendance out when none of it changed, sends a changed topic and homework", () => {
    let state = initialState(grid);
    state = setLesson(state, L1, { topic: "Проценты", planTopicId: null, homework: "№ 5", homeworkMinutes: null, workType: "oral" });
    const record = lessonSave(state, L1, "k")?.save.record;
    expect(record?.attendance).toBeUndefined();
    expect(record?.topic).toBe("Проценты");
    expect(record?.homework?.text).toBe("№ 5");
  });

  it("sends the homework again when only its time estimate changed", () => {
    let state = initialState(grid);
    const saved = state.savedLessons[L1];
    if (saved === undefined) throw new Error("no lesson");
    expect(lessonSave(state, L1, "k")).toBeNull();
    state = setLesson(state, L1, { ...saved, homeworkMinutes: 25 });
    const record = lessonSave(state, L1, "k")?.save.record;
    expect(record?.homework).toEqual({ text: saved.homework, pages: "", exercises: "", attachments: [], minutes: 25 });
    expect(record?.topic).toBeUndefined();
  });

  it("once saved, new marks carry the journal's ids, also in what was typed since", () => {
    let state = initialState(grid);
    const typed: Cell = { marks: [{ key: "n1", id: null, value: "5", workType: "oral" }], attendance: null };
    state = setCell(state, k2, typed);
    const made = lessonSave(state, L1, "k");
    if (made === null) throw new Error("a save");
    // The teacher types on in the same cell while the save is under way.
    state = setCell(state, k2, { marks: [...typed.marks, { key: "n2", id: null, value: "4", workType: "oral" }], attendance: null });
    state = lessonSaved(state, made.snapshot, {
      ...made.save.record,
      lesson_id: L1,
      topic: "Дроби",
      teacher_id: S1,
      recorded_by: S1,
      recorded_at: "",
      updated_at: "",
      homework: null,
      attendance: [],
      marks: [{ id: "saved-1", lesson_id: L1, student_id: S2, scale: "five-point", value: "5", work_type: "oral", weight: "1", recorded_by: S1, recorded_at: "" }],
    });
    expect(cellAt(state, k2).marks.map((m) => m.id)).toEqual(["saved-1", null]);
    const rest = lessonSave(state, L1, "k2")?.save;
    expect(rest?.record.marks).toEqual([{ student_id: S2, value: "4", work_type: "oral" }]);
    expect(rest?.removedMarkIds).toEqual([]);
    // The absence cleared in the first save is not sent again.
    expect(made.save.record.attendance).toEqual([]);
    expect(rest?.record.attendance).toBeUndefined();
  });

  it("undo takes back the last change and redo brings it again", () => {
    let state = initialState(grid);
    state = setCell(state, k1, { marks: [], attendance: null });
    state = undo(state)[0];
    expect(cellAt(state, k1).marks.map((m) => m.value)).toEqual(["4"]);
    expect(lessonSave(state, L1, "k")).toBeNull();
    state = redo(state)[0];
    expect(cellAt(state, k1).marks).toEqual([]);
  });

  it("a mark whose removal was saved and then undone is added again", () => {
    let state = initialState(grid);
    state = setCell(state, k1, { marks: [], attendance: null });
    const removal = lessonSave(state, L1, "k1");
    if (removal === null) throw new Error("a save");
    expect(removal.save.removedMarkIds).toEqual(["m1"]);
    state = lessonSaved(state, removal.snapshot, { ...answerOf(removal.save.record), marks: [] });
    state = undo(state)[0];
    const again = lessonSave(state, L1, "k2");
    expect(again?.save.record.marks).toEqual([{ student_id: S1, value: "4", work_type: "oral" }]);
    expect(again?.save.removedMarkIds).toEqual([]);
    if (again === null) throw new Error("a save");
    state = lessonSaved(state, again.snapshot, {
      ...answerOf(again.save.record),
      marks: [{ id: "m2", lesson_id: L1, student_id: S1, scale: "five-point", value: "4", work_type: "oral", weight: "1", recorded_by: S1, recorded_at: "" }],
    });
    expect(cellAt(state, k1).marks.map((m) => m.id)).toEqual(["m2"]);
    expect(lessonSave(state, L1, "k3")).toBeNull();
  });

  it("averages as the journal does: weighted by the work types, half up to two places", () => {
    let state = initialState(grid);
    state = setCell(state, k1, {
      marks: [
        { key: "m1", id: "m1", value: "4", workType: "oral" },
        { key: "a", id: null, value: "3", workType: "test" },
        { key: "b", id: null, value: "5", workType: "oral" },
      ],
      attendance: null,
    });
    const weights = new Map([
      ["oral", 1],
      ["test", 2],
    ]);
    // average 12 / 3 = 4.00; weighted (4 + 6 + 5) / 4 = 3.75
    expect(studentAverages(state, S1, weights)).toEqual({ average: 4, weighted: 3.75 });
    expect(studentAverages(state, S2, weights)).toEqual({ average: null, weighted: null });
  });
});
