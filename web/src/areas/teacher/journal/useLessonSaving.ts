/**
 * Saves each lesson of the grid when the teacher has changed it: shortly after the last
 * change, or at once when they move to another lesson's column. One save per lesson at a
 * time; a save that failed is sent again with the same Idempotency-Key while its content is
 * the same (a retry, done once by the journal), with a new key once the teacher changed more.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type Dispatch, type RefObject } from "react";

import { lessonChanged, lessonSave, type GridState, type LessonSnapshot } from "./gridState";
import { useSaveLesson, type LessonRecordRead, type LessonSave } from "./save";

export type SaveStatus = "saved" | "pending" | "saving" | "failed";

export interface LessonSaveState {
  status: SaveStatus;
  error?: unknown;
}

export interface SavedAction {
  type: "saved";
  snapshot: LessonSnapshot;
  answer: LessonRecordRead;
}

const QUIET_MS = 1500;

function sameContent(a: LessonSave, b: LessonSave): boolean {
  return JSON.stringify({ ...a, idempotencyKey: "" }) === JSON.stringify({ ...b, idempotencyKey: "" });
}

export function useLessonSaving(state: GridState, stateRef: RefObject<GridState>, dispatch: Dispatch<SavedAction>) {
  const saveLesson = useSaveLesson();
  const [saves, setSaves] = useState<Record<string, LessonSaveState>>({});
  const inFlight = useRef(new Set<string>());
  const failed = useRef(new Map<string, LessonSave>());
  const timer = useRef<number | null>(null);

  const setStatus = useCallback((lessonId: string, next: LessonSaveState) => {
    setSaves((current) => ({ ...current, [lessonId]: next }));
  }, []);

  const flush = useCallback(
    async (lessonId: string, auto = false): Promise<void> => {
      if (inFlight.current.has(lessonId)) {
        return;
      }
      const made = lessonSave(stateRef.current, lessonId, crypto.randomUUID());
      if (made === null) {
        return;
      }
      const earlier = failed.current.get(lessonId);
      const again = earlier !== undefined && sameContent(earlier, made.save);
      if (again && auto) {
        return; // sent again when the teacher asks, not in a loop
      }
      const save = again ? earlier : made.save;
      inFlight.current.add(lessonId);
      setStatus(lessonId, { status: "saving" });
      try {
        const answer = await saveLesson(save);
        failed.current.delete(lessonId);
        dispatch({ type: "saved", snapshot: made.snapshot, answer });
        setStatus(lessonId, { status: "saved" });
      } catch (error) {
        failed.current.set(lessonId, save);
        setStatus(lessonId, { status: "failed", error });
      } finally {
        inFlight.current.delete(lessonId);
      }
    },
    [saveLesson, dispatch, setStatus, stateRef],
  );

  const flushAll = useCallback(() => {
    for (const lessonId of stateRef.current.lessonIds) {
      if (lessonChanged(stateRef.current, lessonId)) {
        void flush(lessonId, true);
      }
    }
  }, [flush, stateRef]);

  // After every change, a quiet moment saves the lessons with changes.
  useEffect(() => {
    if (timer.current !== null) {
      window.clearTimeout(timer.current);
    }
    if (state.lessonIds.some((lessonId) => lessonChanged(state, lessonId))) {
      timer.current = window.setTimeout(flushAll, QUIET_MS);
    }
  }, [state, flushAll]);

  // Saves that finished while more was typed into the same lesson: send the rest.
  useEffect(() => {
    for (const [lessonId, save] of Object.entries(saves)) {
      if (save.status === "saved" && lessonChanged(stateRef.current, lessonId)) {
        void flush(lessonId, true);
      }
    }
  }, [saves, flush, stateRef]);

  // Leaving the grid (another period, another screen) sends what is still unsent.
  const flushAllRef = useRef(flushAll);
  useEffect(() => {
    flushAllRef.current = flushAll;
  }, [flushAll]);
  useEffect(
    () => () => {
      if (timer.current !== null) {
        window.clearTimeout(timer.current);
      }
      flushAllRef.current();
    },
    [],
  );

  const retry = useCallback(
    (lessonId: string) => {
      void flush(lessonId);
    },
    [flush],
  );
  const saveNow = useCallback(
    (lessonId: string) => {
      if (lessonChanged(stateRef.current, lessonId)) {
        void flush(lessonId, true);
      }
    },
    [flush, stateRef],
  );
  // A lesson with changes not yet sent is "pending"; a save under way or failed says so.
  const statuses = useMemo(() => {
    const shown: Record<string, LessonSaveState> = {};
    for (const lessonId of state.lessonIds) {
      const save = saves[lessonId];
      if (save !== undefined && save.status !== "saved") {
        shown[lessonId] = save;
      } else if (lessonChanged(state, lessonId)) {
        shown[lessonId] = { status: "pending" };
      } else if (save !== undefined) {
        shown[lessonId] = save;
      }
    }
    return shown;
  }, [saves, state]);
  // Closing the tab with entries not yet in the journal asks first.
  const unsent = Object.values(statuses).some((save) => save.status !== "saved");
  useEffect(() => {
    if (!unsent) {
      return;
    }
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => {
      window.removeEventListener("beforeunload", warn);
    };
  }, [unsent]);
  return { saves: statuses, retry, saveNow };
}
