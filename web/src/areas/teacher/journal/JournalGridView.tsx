import { ExclamationCircleOutlined, LockOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Select, Typography } from "antd";
import type { TFunction, i18n as I18n } from "i18next";
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";

import { ApiError } from "../../../api/problem";
import { fieldErrorText, problemText } from "../../../forms/problems";
import { ForecastFigure } from "../../../forecast/ForecastFigure";
import { forecastOf, type ForecastFigures } from "../../../forecast/forecast";
import { OutboxStatus } from "../../../offline/OutboxStatus";
import { attendanceCode, cellKey, EMPTY_CELL, formatCell, parseCell, typedCell, workTypeLetters, type Cell, type TypingRules } from "./cells";
import {
  cellAt,
  initialState,
  lessonOfEdit,
  lessonSaved,
  redo,
  setCell,
  setLesson,
  studentAverages,
  undo,
  type GridLesson,
  type GridState,
  type JournalGrid,
  type LessonMeta,
} from "./gridState";
import { dayMonth, lastEditableDay, localIsoDate } from "./dates";
import "./journal.css";
import { moveFrom, startsTyping, type Position } from "./keyboard";
import { LessonDrawer } from "./LessonDrawer";
import { useLessonSaving, type LessonSaveState, type SavedAction } from "./useLessonSaving";

type Action =
  | { type: "cell"; key: string; cell: Cell }
  | { type: "lesson"; lessonId: string; meta: LessonMeta }
  | { type: "undo" }
  | { type: "redo" }
  | SavedAction;

function reducer(state: GridState, action: Action): GridState {
  switch (action.type) {
    case "cell":
      return setCell(state, action.key, action.cell);
    case "lesson":
      return setLesson(state, action.lessonId, action.meta);
    case "undo":
      return undo(state)[0];
    case "redo":
      return redo(state)[0];
    case "saved":
      return lessonSaved(state, action.snapshot, action.answer);
  }
}

/** "Иванова М. П." */
export function shortName(student: { last_name: string; first_name: string; middle_name: string }): string {
  const initials = [student.first_name, student.middle_name]
    .filter((part) => part !== "")
    .map((part) => `${part.charAt(0)}.`)
    .join(" ");
  return `${student.last_name} ${initials}`.trim();
}

/** The colour of an average by what it rounds to (JOURNAL_UI). */
export function averageTone(value: number | null): string {
  if (value === null) {
    return "";
  }
  if (value < 2.5) {
    return "okrug-journal-low";
  }
  if (value < 3.5) {
    return "okrug-journal-fair";
  }
  return value >= 4.5 ? "okrug-journal-high" : "";
}

interface Notice {
  text: string;
}

interface Editing {
  position: Position;
  initial: string;
}

export function JournalGridView({
  grid,
  focusLesson,
  onPeriod,
}: {
  grid: JournalGrid;
  focusLesson: string | null;
  onPeriod: (code: string) => void;
}) {
  const { t, i18n } = useTranslation("journal");
  const { t: forecastT } = useTranslation("forecast");
  const [state, dispatch] = useReducer(reducer, grid, initialState);
  const stateRef = useRef(state);
  useLayoutEffect(() => {
    stateRef.current = state;
  }, [state]);
  const { saves, retry, saveNow } = useLessonSaving(state, stateRef, dispatch);
  const lessons = grid.lessons;
  const students = grid.students;
  const startCol = Math.max(
    0,
    focusLesson === null ? lessons.length - 1 : lessons.findIndex((l) => l.lesson_id === focusLesson),
  );
  const [active, setActiveState] = useState<Position>({ row: 0, col: startCol });
  const [editing, setEditingState] = useState<Editing | null>(null);
  // The editor as last asked for, ahead of the render that puts it in the page: keys a fast
  // typist presses in between belong to it.
  const editingRef = useRef<Editing | null>(null);
  const setEditing = useCallback((next: Editing | null) => {
    editingRef.current = next;
    setEditingState(next);
  }, []);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [drawerLesson, setDrawerLesson] = useState<GridLesson | null>(null);
  const cellRefs = useRef(new Map<string, HTMLTableCellElement>());
  const letters = useMemo(() => workTypeLetters(grid.work_types), [grid.work_types]);
  const weights = useMemo(() => new Map(grid.work_types.map((w) => [w.code, Number(w.weight)])), [grid.work_types]);
  const titles = useMemo(() => new Map(grid.work_types.map((w) => [w.code, w.title_ru])), [grid.work_types]);
  // The forecast of each student's marks as they stand in the grid, typed but unsaved too (J12).
  const forecasts = useMemo(
    () =>
      new Map(
        grid.students.map((student) => [
          student.student_id,
          forecastOf(
            state.lessonIds.flatMap((lessonId) =>
              cellAt(state, cellKey(student.student_id, lessonId)).marks.map((m) => ({ value: m.value, weight: String(weights.get(m.workType) ?? 1) })),
            ),
            grid.work_types,
          ),
        ]),
      ),
    [state, grid.students, grid.work_types, weights],
  );
  const today = localIsoDate(new Date());
  const numbers = useMemo(
    () => new Intl.NumberFormat(i18n.language, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    [i18n.language],
  );
  const weekday = useMemo(() => new Intl.DateTimeFormat(i18n.language, { weekday: "short" }), [i18n.language]);
  const rulesOf = useCallback(
    (lessonId: string): TypingRules => ({
      scale: grid.scale,
      defaultWorkType: state.lessons[lessonId]?.workType ?? grid.work_types[0]?.code ?? "classwork",
      letters,
    }),
    [grid.scale, grid.work_types, letters, state.lessons],
  );

  const lockText = useCallback(
    (lesson: GridLesson): string | null => {
      if (lesson.lock === null) {
        return null;
      }
      return t(`lock.${lesson.lock}`, { date: lastEditableDay(lesson.edit_window_closes_at) });
    },
    [t],
  );

  // The lesson's entries missing at their deadline, made late, or not typed as made (J4).
  const timingText = useCallback(
    (lesson: GridLesson): string | null => {
      const lines = lesson.timeliness.map((timing) => {
        const what = t(`timeliness.${timing.timeliness}`, { entry: t(`timeliness.entries.${timing.entry}`) });
        return timing.source === null || timing.source === "typed" ? what : `${what} (${t(`timeliness.${timing.source}`)})`;
      });
      return lines.length > 0 ? lines.join("\n") : null;
    },
    [t],
  );

  const registerCell = useCallback((row: number, col: number, element: HTMLTableCellElement | null) => {
    if (element === null) {
      cellRefs.current.delete(`${row}:${col}`);
    } else {
      cellRefs.current.set(`${row}:${col}`, element);
    }
  }, []);

  const focusCell = useCallback((position: Position) => {
    const element = cellRefs.current.get(`${position.row}:${position.col}`);
    element?.focus();
  }, []);

  // The grid opens on the lesson asked for (or the newest), ready for typing.
  const opened = useRef(false);
  useEffect(() => {
    if (!opened.current) {
      opened.current = true;
      focusCell(active);
    }
  }, [active, focusCell]);

  const moveTo = useCallback(
    (position: Position) => {
      const leaving = lessons[active.col];
      if (leaving !== undefined && position.col !== active.col) {
        saveNow(leaving.lesson_id); // the teacher moved on to another lesson: save this one now
      }
      setActiveState(position);
      setEditing(null);
      // At once, not after the next render: a key a fast typist presses in between must land
      // on the cell, not on the page. Again once drawn, unless a key has opened its editor.
      focusCell(position);
      window.requestAnimationFrame(() => {
        if (editingRef.current === null) {
          focusCell(position);
        }
      });
    },
    [active.col, focusCell, lessons, saveNow, setEditing],
  );

  const keyAt = (position: Position): string | null => {
    const student = students[position.row];
    const lesson = lessons[position.col];
    return student === undefined || lesson === undefined ? null : cellKey(student.student_id, lesson.lesson_id);
  };

  /** Refuses a change to a locked lesson with its reason; true when the cell may change. */
  const writable = (position: Position): boolean => {
    const lesson = lessons[position.col];
    if (lesson === undefined) {
      return false;
    }
    const reason = lockText(lesson);
    if (reason !== null) {
      setNotice({ text: reason });
      return false;
    }
    return true;
  };

  /** The text typed into a cell: true when taken (a typing mistake keeps the editor open). */
  const commit = (position: Position, text: string): boolean => {
    const key = keyAt(position);
    const lesson = lessons[position.col];
    if (key === null || lesson === undefined) {
      return true;
    }
    const parsed = parseCell(text, rulesOf(lesson.lesson_id));
    if (!parsed.ok) {
      setNotice({ text: t(`typing.${parsed.problem}`, { token: parsed.token }) });
      return false;
    }
    setNotice(null);
    dispatch({ type: "cell", key, cell: typedCell(cellAt(stateRef.current, key), parsed, () => crypto.randomUUID()) });
    return true;
  };

  const startEditing = (initial: string) => {
    if (!writable(active)) {
      return;
    }
    setEditing({ position: active, initial });
  };

  /** A key pressed before the cell's editor is in the page (a fast typist, a slow PC): it
   * goes to the editor as if the editor had been there, instead of starting another edit. */
  const onPendingEditorKey = (event: KeyboardEvent<HTMLTableElement>, pending: Editing) => {
    if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      setEditing({ ...pending, initial: pending.initial + event.key });
      return;
    }
    if (["Enter", "Tab", "ArrowUp", "ArrowDown"].includes(event.key)) {
      event.preventDefault();
      if (commit(pending.position, pending.initial)) {
        moveTo(moveFrom(pending.position, event, { rows: students.length, cols: lessons.length }) ?? pending.position);
      }
    }
  };

  const onGridKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    const pending = editingRef.current;
    if (pending !== null) {
      onPendingEditorKey(event, pending); // once in the page, the editor handles its own keys
      return;
    }
    const ctrl = event.ctrlKey || event.metaKey;
    if (ctrl && (event.key === "z" || event.key === "я") && !event.shiftKey) {
      event.preventDefault();
      const edit = stateRef.current.undo.at(-1);
      dispatch({ type: "undo" });
      if (edit !== undefined) {
        revealEdit(lessonOfEdit(edit));
      }
      return;
    }
    if (ctrl && (event.key === "y" || event.key === "н" || ((event.key === "z" || event.key === "Z") && event.shiftKey))) {
      event.preventDefault();
      const edit = stateRef.current.redo.at(-1);
      dispatch({ type: "redo" });
      if (edit !== undefined) {
        revealEdit(lessonOfEdit(edit));
      }
      return;
    }
    const size = { rows: students.length, cols: lessons.length };
    const lastCell = active.row === size.rows - 1 && active.col === size.cols - 1;
    if (event.key === "Tab" && ((lastCell && !event.shiftKey) || (active.row === 0 && active.col === 0 && event.shiftKey))) {
      return; // Tab leaves the grid at its ends
    }
    const next = moveFrom(active, event, size);
    if (next !== null) {
      event.preventDefault();
      moveTo(next);
      return;
    }
    if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      const key = keyAt(active);
      if (key !== null && writable(active)) {
        dispatch({ type: "cell", key, cell: EMPTY_CELL });
      }
      return;
    }
    if (event.key === "F2") {
      event.preventDefault();
      const key = keyAt(active);
      const lesson = lessons[active.col];
      if (key !== null && lesson !== undefined) {
        startEditing(formatCell(cellAt(state, key), rulesOf(lesson.lesson_id)));
      }
      return;
    }
    if (startsTyping(event)) {
      event.preventDefault();
      startEditing(event.key);
    }
  };

  const revealEdit = (lessonId: string) => {
    const col = lessons.findIndex((l) => l.lesson_id === lessonId);
    if (col >= 0) {
      setActiveState((current) => ({ ...current, col }));
    }
  };

  const onEditorKeyDown = (event: KeyboardEvent<HTMLInputElement>, position: Position) => {
    event.stopPropagation();
    if (event.key === "Escape") {
      event.preventDefault();
      setNotice(null);
      setEditing(null);
      window.requestAnimationFrame(() => {
        focusCell(position);
      });
      return;
    }
    if (["Enter", "Tab", "ArrowUp", "ArrowDown"].includes(event.key)) {
      event.preventDefault();
      if (!commit(position, event.currentTarget.value)) {
        return;
      }
      const next = moveFrom(position, event, { rows: students.length, cols: lessons.length }) ?? position;
      moveTo(next);
    }
  };

  const onEditorBlur = (text: string, position: Position) => {
    if (editingRef.current !== null && commit(position, text)) {
      setEditing(null);
    }
  };

  const periodKind = (kind: string) => t(`periods.${kind as "term"}`);
  const lessonSaveOf = (lessonId: string): LessonSaveState | undefined => saves[lessonId];

  return (
    <Flex vertical gap="middle">
      <Flex wrap justify="space-between" align="center" gap="middle">
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t("title", { subject: grid.subject_name, className: grid.class_name })}
        </Typography.Title>
        <Flex gap="small" align="center">
          <label htmlFor="okrug-journal-period">{t("period")}</label>
          <Select
            id="okrug-journal-period"
            style={{ minWidth: 260 }}
            value={grid.period.code}
            onChange={onPeriod}
            options={grid.periods.map((p) => ({
              value: p.code,
              label: t("periodName", {
                kind: periodKind(p.kind),
                from: dayMonth(p.starts_on),
                to: dayMonth(p.ends_on),
              }),
            }))}
          />
        </Flex>
      </Flex>
      <OutboxStatus />
      <SaveStatusLine saves={saves} lessons={lessons} onRetry={retry} t={t} />
      {notice !== null && <Alert type="warning" showIcon role="alert" title={notice.text} />}
      {lessons.length === 0 ? (
        <Alert type="info" showIcon title={t("noLessons")} />
      ) : (
        <div className="okrug-journal-scroll">
          <table role="grid" aria-label={t("gridLabel")} className="okrug-journal" onKeyDown={onGridKeyDown}>
            <thead>
              <tr>
                <th scope="col" className="okrug-journal-number">
                  {t("number")}
                </th>
                <th scope="col" className="okrug-journal-name">
                  {t("student")}
                </th>
                {lessons.map((lesson) => {
                  const meta = state.lessons[lesson.lesson_id];
                  const lock = lockText(lesson);
                  const timing = timingText(lesson);
                  const overdue = lesson.timeliness.some((entry) => entry.timeliness !== "on_time");
                  const save = lessonSaveOf(lesson.lesson_id);
                  const noTopic = (meta?.topic ?? "") === "";
                  return (
                    <th
                      key={lesson.lesson_id}
                      scope="col"
                      className={`okrug-journal-lesson${lesson.lesson_date === today ? " okrug-journal-today" : ""}`}
                      data-lesson={lesson.lesson_id}
                    >
                      <button
                        type="button"
                        className={`okrug-journal-lesson-button${noTopic ? " okrug-journal-no-topic" : ""}`}
                        title={[meta?.topic !== "" ? meta?.topic : t("noTopic"), timing, lock].filter(Boolean).join("\n")}
                        onClick={() => {
                          setDrawerLesson(lesson);
                        }}
                      >
                        <span>{dayMonth(lesson.lesson_date)}</span>
                        <span className="okrug-journal-weekday">
                          {weekday.format(new Date(`${lesson.lesson_date}T12:00:00`))}
                          {lock !== null && <LockOutlined aria-label={t("lockedTitle")} />}
                          {overdue && <ExclamationCircleOutlined className="okrug-journal-overdue" aria-label={t("timeliness.title")} />}
                        </span>
                        <span className="okrug-visually-hidden">{t("lessonButton")}</span>
                        {save !== undefined && save.status !== "saved" && (
                          <span className={`okrug-journal-dot okrug-journal-dot-${save.status}`} title={t(`lessonStatus.${save.status}`)}>
                            <span className="okrug-visually-hidden">{t(`lessonStatus.${save.status}`)}</span>
                          </span>
                        )}
                      </button>
                    </th>
                  );
                })}
                <th scope="col" className="okrug-journal-figure">
                  {t("average")}
                </th>
                <th scope="col" className="okrug-journal-figure">
                  {t("weighted")}
                </th>
                <th scope="col" className="okrug-journal-figure">
                  {forecastT("forecast")}
                </th>
                <th scope="col" className="okrug-journal-figure">
                  {t("periodMark")}
                </th>
              </tr>
            </thead>
            <tbody>
              {students.map((student, row) => {
                const averages = studentAverages(state, student.student_id, weights);
                const standing = grid.standings.find((s) => s.student_id === student.student_id);
                return (
                  <GridRow
                    key={student.student_id}
                    row={row}
                    name={shortName(student)}
                    studentId={student.student_id}
                    lessons={lessons}
                    cells={state.cells}
                    lessonsMeta={state.lessons}
                    activeCol={active.row === row ? active.col : -1}
                    editingCol={editing !== null && editing.position.row === row ? editing.position.col : -1}
                    editingInitial={editing?.initial ?? ""}
                    today={today}
                    letters={letters}
                    titles={titles}
                    weights={weights}
                    registerCell={registerCell}
                    average={averages.average === null ? "" : numbers.format(averages.average)}
                    weighted={averages.weighted === null ? "" : numbers.format(averages.weighted)}
                    weightedTone={averageTone(averages.weighted)}
                    forecast={forecasts.get(student.student_id) ?? null}
                    periodMark={standing?.period_mark ?? ""}
                    t={t}
                    onActivate={(col) => {
                      if (editing === null) {
                        moveTo({ row, col });
                      }
                    }}
                    onEdit={(col) => {
                      const lesson = lessons[col];
                      const key = cellKey(student.student_id, lesson?.lesson_id ?? "");
                      if (lesson !== undefined && writable({ row, col })) {
                        setActiveState({ row, col });
                        setEditing({ position: { row, col }, initial: formatCell(cellAt(state, key), rulesOf(lesson.lesson_id)) });
                      }
                    }}
                    onEditorKeyDown={onEditorKeyDown}
                    onEditorBlur={onEditorBlur}
                  />
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <section aria-labelledby="okrug-journal-help">
        <Typography.Title level={2} id="okrug-journal-help" style={{ fontSize: 16 }}>
          {t("help.title")}
        </Typography.Title>
        <Typography.Paragraph style={{ marginBottom: 4 }}>
          {t("help.marks", {
            letters: grid.work_types.map((w) => `${letters.get(w.code) ?? ""} — ${w.title_ru}`).join(", "),
          })}
        </Typography.Paragraph>
        <Typography.Paragraph style={{ marginBottom: 4 }}>{t("help.attendance")}</Typography.Paragraph>
        <Typography.Paragraph>{t("help.keys")}</Typography.Paragraph>
      </section>
      {drawerLesson !== null && (
        <LessonDrawer
          lesson={drawerLesson}
          meta={state.lessons[drawerLesson.lesson_id]}
          workTypes={grid.work_types}
          lockText={lockText(drawerLesson)}
          onClose={() => {
            setDrawerLesson(null);
          }}
          onApply={(meta) => {
            dispatch({ type: "lesson", lessonId: drawerLesson.lesson_id, meta });
            setDrawerLesson(null);
          }}
        />
      )}
    </Flex>
  );
}

function SaveStatusLine({
  saves,
  lessons,
  onRetry,
  t,
}: {
  saves: Record<string, LessonSaveState>;
  lessons: GridLesson[];
  onRetry: (lessonId: string) => void;
  t: TFunction<"journal">;
}) {
  const { i18n } = useTranslation();
  const entries = Object.entries(saves);
  const failed = entries.find(([, s]) => s.status === "failed");
  let content;
  if (failed !== undefined) {
    const [lessonId, save] = failed;
    const lesson = lessons.find((l) => l.lesson_id === lessonId);
    const message = saveProblemText(save.error, i18n, t);
    content = (
      <Flex gap="small" align="center" wrap>
        <span className="okrug-journal-status-failed">{t("status.failed", { date: dayMonth(lesson?.lesson_date ?? ""), message })}</span>
        <Button
          size="small"
          onClick={() => {
            onRetry(lessonId);
          }}
        >
          {t("status.retry")}
        </Button>
      </Flex>
    );
  } else if (entries.some(([, s]) => s.status === "saving")) {
    content = t("status.saving");
  } else if (entries.some(([, s]) => s.status === "pending")) {
    content = t("status.pending");
  } else {
    content = t("status.saved");
  }
  return (
    <div role="status" aria-live="polite" className="okrug-journal-status" data-testid="journal-save-status">
      {content}
    </div>
  );
}

/** Why a lesson's save failed, in the interface language: the grid's own words for the
 * journal's problems it can meet, the field's error for bad input, the common wording else. */
function saveProblemText(error: unknown, i18n: I18n, t: TFunction<"journal">): string {
  if (!(error instanceof ApiError)) {
    return i18n.t("problems.network");
  }
  const slug = error.problem.type.split("/").pop() ?? "";
  if (slug === "edit-window-closed" || slug === "idempotency-key-reused") {
    return t(`saveProblems.${slug}`);
  }
  const field = error.problem.errors[0];
  return field === undefined ? problemText(i18n, error.problem) : fieldErrorText(i18n, field);
}

interface GridRowProps {
  row: number;
  name: string;
  studentId: string;
  lessons: GridLesson[];
  cells: Record<string, Cell>;
  lessonsMeta: Record<string, LessonMeta>;
  activeCol: number;
  editingCol: number;
  editingInitial: string;
  today: string;
  letters: Map<string, string>;
  titles: Map<string, string>;
  weights: Map<string, number>;
  registerCell: (row: number, col: number, element: HTMLTableCellElement | null) => void;
  average: string;
  weighted: string;
  weightedTone: string;
  forecast: ForecastFigures | null;
  periodMark: string;
  t: TFunction<"journal">;
  onActivate: (col: number) => void;
  onEdit: (col: number) => void;
  onEditorKeyDown: (event: KeyboardEvent<HTMLInputElement>, position: Position) => void;
  onEditorBlur: (text: string, position: Position) => void;
}

const GridRow = memo(function GridRow(props: GridRowProps) {
  const { row, name, studentId, lessons, cells, lessonsMeta, activeCol, editingCol, t } = props;
  return (
    <tr>
      <td className="okrug-journal-number">{row + 1}</td>
      <th scope="row" className="okrug-journal-name">
        {name}
      </th>
      {lessons.map((lesson, col) => {
        const cell = cells[cellKey(studentId, lesson.lesson_id)] ?? EMPTY_CELL;
        const defaultWorkType = lessonsMeta[lesson.lesson_id]?.workType ?? "";
        const locked = lesson.lock !== null;
        const label = t("cellLabel", { student: name, date: dayMonth(lesson.lesson_date) });
        const classes = ["okrug-journal-cell"];
        if (locked) classes.push("okrug-journal-locked");
        if (lesson.lesson_date === props.today) classes.push("okrug-journal-today");
        if (col === activeCol) classes.push("okrug-journal-active");
        return (
          <td
            key={lesson.lesson_id}
            role="gridcell"
            ref={(element) => {
              props.registerCell(row, col, element);
            }}
            tabIndex={col === activeCol ? 0 : -1}
            aria-readonly={locked || undefined}
            aria-label={`${label}: ${cellText(cell, defaultWorkType, props.letters)}`}
            className={classes.join(" ")}
            data-row={row}
            data-col={col}
            onClick={() => {
              props.onActivate(col);
            }}
            onDoubleClick={() => {
              props.onEdit(col);
            }}
          >
            {col === editingCol ? (
              <input
                className="okrug-journal-editor"
                aria-label={t("editLabel", { student: name, date: dayMonth(lesson.lesson_date) })}
                defaultValue={props.editingInitial}
                autoFocus
                onFocus={(event) => {
                  const end = event.currentTarget.value.length;
                  event.currentTarget.setSelectionRange(end, end); // typing goes on after what is there
                }}
                onKeyDown={(event) => {
                  props.onEditorKeyDown(event, { row, col });
                }}
                onBlur={(event) => {
                  props.onEditorBlur(event.currentTarget.value, { row, col });
                }}
              />
            ) : (
              <CellContent cell={cell} defaultWorkType={defaultWorkType} letters={props.letters} titles={props.titles} weights={props.weights} t={t} />
            )}
          </td>
        );
      })}
      <td className="okrug-journal-figure">{props.average}</td>
      <td className={`okrug-journal-figure ${props.weightedTone}`}>{props.weighted}</td>
      <td className="okrug-journal-figure okrug-journal-forecast">{props.forecast !== null && <ForecastFigure forecast={props.forecast} subject={name} />}</td>
      <td className="okrug-journal-figure okrug-journal-period-mark">{periodMarkText(props.periodMark)}</td>
    </tr>
  );
});

function periodMarkText(value: string): string {
  return value === "pass" ? "зач" : value === "fail" ? "незач" : value;
}

function cellText(cell: Cell, defaultWorkType: string, letters: Map<string, string>): string {
  return formatCell(cell, { scale: "five-point", defaultWorkType, letters });
}

function CellContent({
  cell,
  defaultWorkType,
  letters,
  titles,
  weights,
  t,
}: {
  cell: Cell;
  defaultWorkType: string;
  letters: Map<string, string>;
  titles: Map<string, string>;
  weights: Map<string, number>;
  t: TFunction<"journal">;
}) {
  // Spaces between the marks, as typed: the cell's visible text is then the end of its
  // accessible name ("Смирнова М., урок 07.12: 5 4к").
  const parts = cell.marks.map((mark) => {
    const weight = weights.get(mark.workType) ?? 1;
    return (
      <span
        key={mark.key}
        className={`okrug-journal-mark${weight >= 2 ? " okrug-journal-heavy" : ""}`}
        title={t("marksTitle", { value: periodMarkText(mark.value), workType: titles.get(mark.workType) ?? mark.workType, weight })}
      >
        {periodMarkText(mark.value)}
        {mark.workType !== defaultWorkType && <sub>{letters.get(mark.workType) ?? ""}</sub>}
      </span>
    );
  });
  if (cell.attendance !== null) {
    const code = attendanceCode(cell.attendance);
    parts.push(
      <span key="attendance" className="okrug-journal-attendance" title={t(`attendance.${code as "н"}`)}>
        {code}
      </span>,
    );
  }
  return <>{parts.flatMap((part, i) => (i === 0 ? [part] : [" ", part]))}</>;
}
