/**
 * Saving one lesson of the journal grid: the ONE function every save goes through
 * (useSaveLesson), through the browser's outbox (web/src/offline/, J13), which keeps the
 * LessonSave with the moment it was made and sends it, at once or after an outage.
 *
 * A LessonSave is plain data (JSON, storable in IndexedDB). Its Idempotency-Key is made once,
 * when the teacher's entry is taken, and sent again with every retry: the journal does each
 * write once (a retry gets the first answer). A mark changed or removed in a cell is its own
 * request (PATCH or DELETE /journal/marks/{id}, audited, J6) under a key derived from the
 * save's; the rest (topic, homework, work types, the class's attendance, new marks) is one
 * PUT /journal/lessons/{id}/record, all or nothing (J1-J3).
 */
import { useCallback } from "react";

import { useApi } from "../../../api/ApiContext";
import type { Api } from "../../../api/client";
import { unwrap } from "../../../api/client";
import type { components } from "../../../api/generated/journal";
import { useLessonOutbox } from "../../../offline/useOutbox";

export type LessonRecordBody = components["schemas"]["LessonSave"];
export type LessonRecordRead = components["schemas"]["LessonRecordRead"];
export type MarkValue = components["schemas"]["LessonMark"]["value"];

export interface MarkChange {
  markId: string;
  value: MarkValue;
  workType: string;
}

export interface LessonSave {
  lessonId: string;
  /** Made once per save (crypto.randomUUID()); the same for every retry of it. */
  idempotencyKey: string;
  record: LessonRecordBody;
  /** Marks already saved whose value or work type the teacher changed. */
  changedMarks: MarkChange[];
  /** Marks already saved that the teacher cleared. */
  removedMarkIds: string[];
}

function derivedKey(save: LessonSave, what: string, markId: string): string {
  return `${save.idempotencyKey}:${what}:${markId}`;
}

/** Send one lesson's save now; resolves with the lesson's record as the journal answered it,
 * rejects with an ApiError (a problem document) or the network's TypeError. */
export async function sendLesson(api: Api, save: LessonSave): Promise<LessonRecordRead> {
  for (const markId of save.removedMarkIds) {
    const result = await api.journal.DELETE("/journal/marks/{mark_id}", {
      params: {
        path: { mark_id: markId },
        header: { "Idempotency-Key": derivedKey(save, "delete", markId) },
      },
    });
    if (!result.response.ok) {
      unwrap(result);
    }
  }
  for (const change of save.changedMarks) {
    unwrap(
      await api.journal.PATCH("/journal/marks/{mark_id}", {
        params: {
          path: { mark_id: change.markId },
          header: { "Idempotency-Key": derivedKey(save, "change", change.markId) },
        },
        body: { value: change.value, work_type: change.workType },
      }),
    );
  }
  return unwrap(
    await api.journal.PUT("/journal/lessons/{lesson_id}/record", {
      params: {
        path: { lesson_id: save.lessonId },
        header: { "Idempotency-Key": save.idempotencyKey },
      },
      body: save.record,
    }),
  );
}

/**
 * The grid's save function: the save is kept in the browser's outbox (IndexedDB) with its
 * Idempotency-Key and the moment it was made (the record's claimed_at), then sent; through
 * an outage it waits and goes when the network is back. Resolves with the journal's answer
 * once it is sent, rejects with the journal's refusal (an ApiError).
 */
export function useSaveLesson(): (save: LessonSave) => Promise<LessonRecordRead> {
  const api = useApi();
  const send = useCallback((save: LessonSave) => sendLesson(api, save), [api]);
  const outbox = useLessonOutbox(send);
  return useCallback((save: LessonSave) => (outbox === null ? send(save) : outbox.save(save)), [outbox, send]);
}
