import { describe, expect, it } from "vitest";

import { formatCell, parseCell, sameCell, typedCell, workTypeLetters, type Cell, type TypingRules } from "./cells";

const WORK_TYPES = [
  { code: "classwork", title_ru: "Работа на уроке" },
  { code: "homework", title_ru: "Домашняя работа" },
  { code: "quiz", title_ru: "Самостоятельная работа" },
  { code: "test", title_ru: "Контрольная работа" },
  { code: "essay", title_ru: "Сочинение" },
];
const letters = workTypeLetters(WORK_TYPES);
const rules: TypingRules = { scale: "five-point", defaultWorkType: "classwork", letters };
let counter = 0;
const newKey = () => `new-${++counter}`;

describe("work type letters", () => {
  it("takes the title's first letter, more letters where titles start alike", () => {
    expect(Object.fromEntries(letters)).toEqual({ classwork: "р", homework: "д", quiz: "с", test: "к", essay: "со" });
  });
});

describe("parseCell", () => {
  it("reads several marks and one attendance code", () => {
    expect(parseCell("5 4", rules)).toEqual({
      ok: true,
      marks: [
        { value: "5", workType: "classwork" },
        { value: "4", workType: "classwork" },
      ],
      attendance: null,
    });
    expect(parseCell("оп, 3", rules)).toEqual({
      ok: true,
      marks: [{ value: "3", workType: "classwork" }],
      attendance: { status: "late", reason: null },
    });
  });

  it("reads a work type's letter after a mark", () => {
    expect(parseCell("5к 4со", rules)).toEqual({
      ok: true,
      marks: [
        { value: "5", workType: "test" },
        { value: "4", workType: "essay" },
      ],
      attendance: null,
    });
  });

  it("knows every absence code and the reason it gives", () => {
    const reasons = ["н", "б", "уп", "нп", "Н"].map((code) => {
      const parsed = parseCell(code, rules);
      return parsed.ok ? parsed.attendance : null;
    });
    expect(reasons).toEqual([
      { status: "absent", reason: null },
      { status: "absent", reason: "illness" },
      { status: "absent", reason: "excused" },
      { status: "absent", reason: "unexcused" },
      { status: "absent", reason: null },
    ]);
  });

  it("refuses what is not a mark, an unknown letter and a second attendance code", () => {
    expect(parseCell("6", rules)).toEqual({ ok: false, token: "6", problem: "unknown" });
    expect(parseCell("5ж", rules)).toEqual({ ok: false, token: "5ж", problem: "unknown" });
    expect(parseCell("н б", rules)).toEqual({ ok: false, token: "б", problem: "two-attendance" });
  });

  it("reads pass and fail on a pass-fail scale, and no digits there", () => {
    const passFail: TypingRules = { ...rules, scale: "pass-fail" };
    expect(parseCell("зач незач", passFail)).toEqual({
      ok: true,
      marks: [
        { value: "pass", workType: "classwork" },
        { value: "fail", workType: "classwork" },
      ],
      attendance: null,
    });
    expect(parseCell("5", passFail).ok).toBe(false);
  });

  it("an empty text empties the cell", () => {
    expect(parseCell("  ", rules)).toEqual({ ok: true, marks: [], attendance: null });
  });
});

describe("typedCell", () => {
  const saved: Cell = {
    marks: [
      { key: "a", id: "a", value: "5", workType: "classwork" },
      { key: "b", id: "b", value: "4", workType: "test" },
    ],
    attendance: { status: "absent", reason: "illness" },
  };

  it("keeps the ids of marks typed in their places, new marks get none", () => {
    const parsed = parseCell("5 3к 2", rules);
    if (!parsed.ok) throw new Error("parsed");
    const cell = typedCell(saved, parsed, newKey);
    expect(cell.marks.map((m) => [m.id, m.value, m.workType])).toEqual([
      ["a", "5", "classwork"],
      ["b", "3", "test"],
      [null, "2", "classwork"],
    ]);
    expect(cell.attendance).toBeNull();
  });

  it("н typed over an absence keeps the reason the class teacher gave", () => {
    const parsed = parseCell("н", rules);
    if (!parsed.ok) throw new Error("parsed");
    expect(typedCell(saved, parsed, newKey).attendance).toEqual({ status: "absent", reason: "illness" });
  });

  it("formats a cell as it would be typed again", () => {
    expect(formatCell(saved, rules)).toBe("5 4к б");
    const parsed = parseCell(formatCell(saved, rules), rules);
    if (!parsed.ok) throw new Error("parsed");
    expect(sameCell(typedCell(saved, parsed, newKey), saved)).toBe(true);
  });
});
