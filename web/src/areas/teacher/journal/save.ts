/**
 * Saving one lesson of the journal grid: the ONE function every save goes through, so that
 * the offline outbox (web/src/offline/) can wrap it and send the same LessonSave later.
 *
 * A LessonSave is plain data (JSON, storable in IndexedDB). Its Idempotency-Key is made once,
 * when the teacher's entry is taken, and sent again with every retry: the journal does each
 * write once (a retry gets the first answer). A mark changed or removed in a cell is its own
 * request (PATCH or DELETE /journal/marks/{id}, audited, J6) under a key derived from the
 * save's; the rest (topic, homework, work types, the class's attendance, new marks) is one
 * PUT /journal/lessons/{id}/record, all or nothing (J1-J3).
 */
import type { Api } from "../../../api/client";
import { unwrap } from "../../../api/client";
import type { components } from "../../../api/generated/journal";

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

/** Send one lesson's save; resolves with the lesson's record as the journal answered it,
 * rejects with an ApiError (a problem document) or the network's TypeError. */
export async function saveLesson(api: Api, save: LessonSave): Promise<LessonRecordRead> {
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
