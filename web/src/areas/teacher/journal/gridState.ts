/**
 * The grid's state: what the journal holds (saved), what the teacher has entered (cells and
 * lessons), the undo history, and each lesson's save made from the difference. Pure
 * functions over plain objects; the screen keeps one GridState in a reducer.
 */
import type { components } from "../../../api/generated/journal";
import { EMPTY_CELL, cellKey, sameCell, type Cell, type CellMark } from "./cells";
import type { LessonRecordBody, LessonRecordRead, LessonSave, MarkValue } from "./save";

export type JournalGrid = components["schemas"]["JournalGrid"];
export type GridLesson = components["schemas"]["GridLesson"];

/** What a teacher sets per lesson besides the cells. */
export interface LessonMeta {
  topic: string;
  planTopicId: string | null;
  homework: string;
  /** The teacher's estimate of the homework's time in minutes (O3); null: none given. */
  homeworkMinutes: number | null;
  /** The work type of marks typed without a letter; first of the lesson's work types. */
  workType: string;
}

export type Edit =
  | { kind: "cell"; key: string; before: Cell; after: Cell }
  | { kind: "lesson"; lessonId: string; before: LessonMeta; after: LessonMeta };

export interface GridState {
  studentIds: string[];
  lessonIds: string[];
  savedCells: Record<string, Cell>;
  cells: Record<string, Cell>;
  savedLessons: Record<string, LessonMeta>;
  lessons: Record<string, LessonMeta>;
  undo: Edit[];
  redo: Edit[];
}

function metaOf(lesson: GridLesson, fallbackWorkType: string): LessonMeta {
  return {
    topic: lesson.topic ?? "",
    planTopicId: lesson.plan_topic_id ?? null,
    homework: lesson.homework?.text ?? "",
    homeworkMinutes: lesson.homework?.minutes ?? null,
    workType: lesson.work_types[0] ?? fallbackWorkType,
  };
}

export function initialState(grid: JournalGrid): GridState {
  const cells: Record<string, Cell> = {};
  const cellOf = (studentId: string, lessonId: string): Cell => {
    const key = cellKey(studentId, lessonId);
    cells[key] ??= { marks: [], attendance: null };
    return cells[key];
  };
  for (const mark of grid.marks) {
    cellOf(mark.student_id, mark.lesson_id).marks.push({
      key: mark.id,
      id: mark.id,
      value: mark.value as MarkValue,
      workType: mark.work_type,
    });
  }
  for (const entry of grid.attendance) {
    cellOf(entry.student_id, entry.lesson_id).attendance = { status: entry.status, reason: entry.reason ?? null };
  }
  const fallback = grid.work_types[0]?.code ?? "classwork";
  const lessons = Object.fromEntries(grid.lessons.map((lesson) => [lesson.lesson_id, metaOf(lesson, fallback)]));
  return {
    studentIds: grid.students.map((s) => s.student_id),
    lessonIds: grid.lessons.map((l) => l.lesson_id),
    savedCells: cells,
    cells,
    savedLessons: lessons,
    lessons,
    undo: [],
    redo: [],
  };
}

export function cellAt(state: GridState, key: string): Cell {
  return state.cells[key] ?? EMPTY_CELL;
}

function applied(state: GridState, edit: Edit, to: "before" | "after"): GridState {
  if (edit.kind === "cell") {
    return { ...state, cells: { ...state.cells, [edit.key]: edit[to] } };
  }
  return { ...state, lessons: { ...state.lessons, [edit.lessonId]: edit[to] } };
}

export function setCell(state: GridState, key: string, cell: Cell): GridState {
  const before = cellAt(state, key);
  if (sameCell(before, cell)) {
    return state;
  }
  const edit: Edit = { kind: "cell", key, before, after: cell };
  return { ...applied(state, edit, "after"), undo: [...state.undo, edit], redo: [] };
}

export function setLesson(state: GridState, lessonId: string, meta: LessonMeta): GridState {
  const before = state.lessons[lessonId];
  if (before === undefined || JSON.stringify(before) === JSON.stringify(meta)) {
    return state;
  }
  const edit: Edit = { kind: "lesson", lessonId, before, after: meta };
  return { ...applied(state, edit, "after"), undo: [...state.undo, edit], redo: [] };
}

/** Takes back the last edit; returns the edit undone (to bring its cell into view). */
export function undo(state: GridState): [GridState, Edit | null] {
  const edit = state.undo.at(-1);
  if (edit === undefined) {
    return [state, null];
  }
  return [{ ...applied(state, edit, "before"), undo: state.undo.slice(0, -1), redo: [...state.redo, edit] }, edit];
}

export function redo(state: GridState): [GridState, Edit | null] {
  const edit = state.redo.at(-1);
  if (edit === undefined) {
    return [state, null];
  }
  return [{ ...applied(state, edit, "after"), redo: state.redo.slice(0, -1), undo: [...state.undo, edit] }, edit];
}

export function lessonOfEdit(edit: Edit): string {
  return edit.kind === "lesson" ? edit.lessonId : (edit.key.split("|")[1] ?? "");
}

/** A lesson's cells and meta as they were when its save was made. */
export interface LessonSnapshot {
  lessonId: string;
  cells: Record<string, Cell>;
  meta: LessonMeta;
  /** The keys of the marks the save adds, in the order of `record.marks`. */
  newMarkKeys: string[];
}

export function lessonChanged(state: GridState, lessonId: string): boolean {
  if (JSON.stringify(state.lessons[lessonId]) !== JSON.stringify(state.savedLessons[lessonId])) {
    return true;
  }
  return state.studentIds.some((studentId) => {
    const key = cellKey(studentId, lessonId);
    return !sameCell(state.cells[key] ?? EMPTY_CELL, state.savedCells[key] ?? EMPTY_CELL);
  });
}

/**
 * The save of a lesson's changes, or null when nothing changed. Attendance is sent, for the
 * whole class, only when some of it changed (the journal takes the list as the class's);
 * topic and homework only when changed; the lesson's work types always (the record keeps
 * what is sent).
 */
export function lessonSave(
  state: GridState,
  lessonId: string,
  idempotencyKey: string,
): { save: LessonSave; snapshot: LessonSnapshot } | null {
  if (!lessonChanged(state, lessonId)) {
    return null;
  }
  const meta = state.lessons[lessonId];
  const savedMeta = state.savedLessons[lessonId];
  if (meta === undefined || savedMeta === undefined) {
    return null;
  }
  const cells: Record<string, Cell> = {};
  const record: LessonRecordBody = { held: true, work_types: [meta.workType], marks: [], individual_homework: [] };
  const changedMarks: LessonSave["changedMarks"] = [];
  const removedMarkIds: string[] = [];
  const newMarkKeys: string[] = [];
  let attendanceChanged = false;
  const attendance: NonNullable<LessonRecordBody["attendance"]> = [];
  for (const studentId of state.studentIds) {
    const key = cellKey(studentId, lessonId);
    const cell = state.cells[key] ?? EMPTY_CELL;
    const saved = state.savedCells[key] ?? EMPTY_CELL;
    cells[key] = cell;
    const keptIds = new Set<string>();
    const savedIds = new Set(saved.marks.map((m) => m.id));
    for (const mark of cell.marks) {
      // A mark not saved yet, or one the journal no longer holds (its removal was saved,
      // then undone), is added.
      if (mark.id === null || !savedIds.has(mark.id)) {
        record.marks.push({ student_id: studentId, value: mark.value, work_type: mark.workType });
        newMarkKeys.push(mark.key);
        continue;
      }
      keptIds.add(mark.id);
      const before = saved.marks.find((m) => m.id === mark.id);
      if (before !== undefined && (before.value !== mark.value || before.workType !== mark.workType)) {
        changedMarks.push({ markId: mark.id, value: mark.value, workType: mark.workType });
      }
    }
    for (const mark of saved.marks) {
      if (mark.id !== null && !keptIds.has(mark.id)) {
        removedMarkIds.push(mark.id);
      }
    }
    if (cell.attendance?.status !== saved.attendance?.status || cell.attendance?.reason !== saved.attendance?.reason) {
      attendanceChanged = true;
    }
    if (cell.attendance !== null) {
      attendance.push({ student_id: studentId, status: cell.attendance.status, reason: cell.attendance.reason });
    }
  }
  if (attendanceChanged) {
    record.attendance = attendance;
  }
  if (meta.topic !== savedMeta.topic || meta.planTopicId !== savedMeta.planTopicId) {
    record.topic = meta.topic;
    if (meta.planTopicId !== null) {
      record.plan_topic_id = meta.planTopicId;
    }
  }
  if (meta.homework !== savedMeta.homework || meta.homeworkMinutes !== savedMeta.homeworkMinutes) {
    record.homework = { text: meta.homework, pages: "", exercises: "", attachments: [], minutes: meta.homeworkMinutes };
  }
  return {
    save: { lessonId, idempotencyKey, record, changedMarks, removedMarkIds },
    snapshot: { lessonId, cells, meta, newMarkKeys },
  };
}

/**
 * The journal took a lesson's save: what was sent is now what is saved, and the marks it
 * added get their ids (in the order sent), in the saved cells and in what the teacher has
 * entered since (the same marks, by their keys).
 */
export function lessonSaved(state: GridState, snapshot: LessonSnapshot, answer: LessonRecordRead): GridState {
  const ids = new Map<string, string>();
  snapshot.newMarkKeys.forEach((key, i) => {
    const added = answer.marks[i];
    if (added !== undefined) {
      ids.set(key, added.id);
    }
  });
  const withIds = (cell: Cell): Cell =>
    cell.marks.some((m) => ids.has(m.key))
      ? { ...cell, marks: cell.marks.map((m): CellMark => ({ ...m, id: ids.get(m.key) ?? m.id })) }
      : cell;
  const savedCells = { ...state.savedCells };
  const cells = { ...state.cells };
  for (const [key, cell] of Object.entries(snapshot.cells)) {
    savedCells[key] = withIds(cell);
    const current = cells[key];
    if (current !== undefined) {
      cells[key] = withIds(current);
    }
  }
  const mapEdit = (edit: Edit): Edit =>
    edit.kind === "cell" ? { ...edit, before: withIds(edit.before), after: withIds(edit.after) } : edit;
  return {
    ...state,
    savedCells,
    cells,
    savedLessons: { ...state.savedLessons, [snapshot.lessonId]: snapshot.meta },
    undo: state.undo.map(mapEdit),
    redo: state.redo.map(mapEdit),
  };
}

/** Average and weighted average of a student's numeric marks, rounded half up to two places
 * as the journal rounds them (pass/fail left out); null without marks. */
export function studentAverages(
  state: GridState,
  studentId: string,
  weights: Map<string, number>,
): { average: number | null; weighted: number | null } {
  let sum = 0;
  let count = 0;
  let weightedSum = 0;
  let weightSum = 0;
  for (const lessonId of state.lessonIds) {
    for (const mark of cellAt(state, cellKey(studentId, lessonId)).marks) {
      const value = Number(mark.value);
      if (Number.isNaN(value)) {
        continue;
      }
      const weight = weights.get(mark.workType) ?? 1;
      sum += value;
      count += 1;
      weightedSum += value * weight;
      weightSum += weight;
    }
  }
  if (count === 0) {
    return { average: null, weighted: null };
  }
  return { average: roundHalfUp(sum / count), weighted: roundHalfUp(weightedSum / weightSum) };
}

function roundHalfUp(value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100;
}
