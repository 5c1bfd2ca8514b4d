/**
 * What a cell of the journal grid holds and how a teacher types it, as on paper: marks
 * ("5 4", a work type's letter after a mark: "5к") and one attendance code (н, б, уп, нп,
 * оп). Pure functions: the grid's screen and its tests use them alike.
 */
import type { MarkValue } from "./save";

export type AttendanceStatus = "absent" | "late";
export type AbsenceReason = "illness" | "excused" | "unexcused";

export interface CellAttendance {
  status: AttendanceStatus;
  reason: AbsenceReason | null;
}

export interface CellMark {
  /** The grid's own key for the mark (also before the journal gave it an id). */
  key: string;
  /** The journal's id, once saved. */
  id: string | null;
  value: MarkValue;
  workType: string;
}

export interface Cell {
  marks: CellMark[];
  attendance: CellAttendance | null;
}

export const EMPTY_CELL: Cell = { marks: [], attendance: null };

export function cellKey(studentId: string, lessonId: string): string {
  return `${studentId}|${lessonId}`;
}

/** The codes a teacher types for attendance (JOURNAL_UI: н absent, reason not yet known; б
 * illness; уп excused; нп unexcused; оп or о late). */
export const ATTENDANCE_CODES: Readonly<Record<string, CellAttendance>> = {
  н: { status: "absent", reason: null },
  б: { status: "absent", reason: "illness" },
  уп: { status: "absent", reason: "excused" },
  нп: { status: "absent", reason: "unexcused" },
  оп: { status: "late", reason: null },
  о: { status: "late", reason: null },
};

/** The code a cell shows for its attendance. */
export function attendanceCode(attendance: CellAttendance): string {
  if (attendance.status === "late") {
    return "оп";
  }
  return attendance.reason === null ? "н" : ABSENCE_CODES[attendance.reason];
}

const ABSENCE_CODES: Readonly<Record<AbsenceReason, string>> = { illness: "б", excused: "уп", unexcused: "нп" };

const PASS_FAIL: Readonly<Record<string, MarkValue>> = { зач: "pass", незач: "fail" };

/** A short letter per work type, typed after a mark ("5к") and shown beside it: the first
 * letter of its Russian title, more letters where two titles start alike. */
export function workTypeLetters(workTypes: readonly { code: string; title_ru: string }[]): Map<string, string> {
  const letters = new Map<string, string>();
  const taken = new Set<string>();
  for (const workType of workTypes) {
    const title = workType.title_ru.toLocaleLowerCase("ru").replace(/[^а-яё]/g, "");
    let length = 1;
    while (length < title.length && taken.has(title.slice(0, length))) {
      length += 1;
    }
    const letter = taken.has(title.slice(0, length)) || title === "" ? workType.code : title.slice(0, length);
    taken.add(letter);
    letters.set(workType.code, letter);
  }
  return letters;
}

export interface TypingRules {
  scale: "five-point" | "pass-fail";
  /** The work type of a mark typed without a letter: the lesson's. */
  defaultWorkType: string;
  /** work type code -> letter */
  letters: Map<string, string>;
}

export type Parsed =
  | { ok: true; marks: { value: MarkValue; workType: string }[]; attendance: CellAttendance | null }
  | { ok: false; token: string; problem: "unknown" | "two-attendance" };

const FIVE_POINT = /^([1-5])(.*)$/u;

/** What the teacher typed into a cell: tokens separated by spaces or commas. */
export function parseCell(text: string, rules: TypingRules): Parsed {
  const byLetter = new Map([...rules.letters].map(([code, letter]) => [letter, code]));
  const marks: { value: MarkValue; workType: string }[] = [];
  let attendance: CellAttendance | null = null;
  for (const raw of text.split(/[\s,;]+/u)) {
    const token = raw.toLocaleLowerCase("ru").replace("ё", "е");
    if (token === "") {
      continue;
    }
    const code = ATTENDANCE_CODES[token];
    if (code !== undefined) {
      if (attendance !== null) {
        return { ok: false, token: raw, problem: "two-attendance" };
      }
      attendance = code;
      continue;
    }
    const mark = markOf(token, rules, byLetter);
    if (mark === null) {
      return { ok: false, token: raw, problem: "unknown" };
    }
    marks.push(mark);
  }
  return { ok: true, marks, attendance };
}

function markOf(
  token: string,
  rules: TypingRules,
  byLetter: Map<string, string>,
): { value: MarkValue; workType: string } | null {
  let value: MarkValue | undefined;
  let suffix: string;
  if (rules.scale === "five-point") {
    const found = FIVE_POINT.exec(token);
    value = found?.[1] as MarkValue | undefined;
    suffix = found?.[2] ?? "";
  } else {
    const word = Object.keys(PASS_FAIL).find((w) => token.startsWith(w) && !(w === "зач" && token.startsWith("незач")));
    value = word === undefined ? undefined : PASS_FAIL[word];
    suffix = word === undefined ? "" : token.slice(word.length);
  }
  if (value === undefined) {
    return null;
  }
  if (suffix === "") {
    return { value, workType: rules.defaultWorkType };
  }
  const workType = byLetter.get(suffix);
  return workType === undefined ? null : { value, workType };
}

/** The text of a cell as the teacher would type it again (the editor starts with it). */
export function formatCell(cell: Cell, rules: TypingRules): string {
  const marks = cell.marks.map((mark) => {
    const shown = mark.value === "pass" ? "зач" : mark.value === "fail" ? "незач" : mark.value;
    return mark.workType === rules.defaultWorkType ? shown : `${shown}${rules.letters.get(mark.workType) ?? ""}`;
  });
  return [...marks, ...(cell.attendance === null ? [] : [attendanceCode(cell.attendance)])].join(" ");
}

/** The cell after the teacher typed `parsed` into it: the n-th mark typed takes the place of
 * the cell's n-th mark (its id kept, so a changed value is a change, not a new mark). */
export function typedCell(cell: Cell, parsed: Extract<Parsed, { ok: true }>, newKey: () => string): Cell {
  const marks = parsed.marks.map((mark, i) => {
    const before = cell.marks[i];
    return before === undefined
      ? { key: newKey(), id: null, ...mark }
      : { key: before.key, id: before.id, ...mark };
  });
  const attendance =
    parsed.attendance === null
      ? null
      : cell.attendance !== null && cell.attendance.status === parsed.attendance.status && parsed.attendance.reason === null
        ? cell.attendance // "н" typed over a reason the class teacher gave keeps that reason
        : parsed.attendance;
  return { marks, attendance };
}

export function sameCell(a: Cell, b: Cell): boolean {
  return (
    a.marks.length === b.marks.length &&
    a.marks.every((m, i) => {
      const other = b.marks[i];
      return other?.id === m.id && other.value === m.value && other.workType === m.workType;
    }) &&
    a.attendance?.status === b.attendance?.status &&
    a.attendance?.reason === b.attendance?.reason
  );
}
