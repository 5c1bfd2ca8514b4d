import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { useApi } from "../api/ApiContext";
import { unwrap } from "../api/client";
import type { components as JournalSchemas } from "../api/generated/journal";
import type { components as NotifySchemas } from "../api/generated/notify";
import { useWorkplace } from "../schools/workplace";

export type DiaryWeek = JournalSchemas["schemas"]["DiaryWeek"];
export type DiaryLesson = JournalSchemas["schemas"]["DiaryLesson"];
export type DiaryMarks = JournalSchemas["schemas"]["DiaryMarks"];
export type SubjectMarks = JournalSchemas["schemas"]["SubjectMarks"];
export type InboxMessage = NotifySchemas["schemas"]["MessageRead"];

/** Answers belong to the token's person and school: another school, other answers. */
function useScopeKey(): readonly [string, string] {
  const { me } = useWorkplace();
  return [me.id ?? "", me.school_id ?? ""] as const;
}

/** The student's week (Monday to Sunday) containing `day`; this week when null. */
export function useDiaryWeek(studentId: string, day: string | null) {
  const api = useApi();
  const scope = useScopeKey();
  return useQuery({
    queryKey: ["journal", "diary", "week", ...scope, studentId, day],
    queryFn: async () =>
      unwrap(
        await api.journal.GET("/journal/diary/students/{student_id}/week", {
          params: { path: { student_id: studentId }, query: day === null ? {} : { date: day } },
        }),
      ),
  });
}

/** Marks per subject over a study period; the current one when null. */
export function useDiaryMarks(studentId: string, period: string | null) {
  const api = useApi();
  const scope = useScopeKey();
  return useQuery({
    queryKey: ["journal", "diary", "marks", ...scope, studentId, period],
    queryFn: async () =>
      unwrap(
        await api.journal.GET("/journal/diary/students/{student_id}/marks", {
          params: { path: { student_id: studentId }, query: period === null ? {} : { period } },
        }),
      ),
  });
}

/** The class of each child as the journal knows it (the current school's children). */
export function useDiaryChildren() {
  const api = useApi();
  const scope = useScopeKey();
  return useQuery({
    queryKey: ["journal", "diary", "children", ...scope],
    queryFn: async () => unwrap(await api.journal.GET("/journal/diary/children")),
  });
}

export function useInbox() {
  const api = useApi();
  const scope = useScopeKey();
  return useQuery({
    queryKey: ["notify", "inbox", ...scope],
    queryFn: async () => unwrap(await api.notify.GET("/notify/inbox", { params: { query: { limit: 100 } } })),
  });
}

export function useMarkRead() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (messageId: string) =>
      unwrap(await api.notify.POST("/notify/inbox/{message_id}/read", { params: { path: { message_id: messageId } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["notify", "inbox"] }),
  });
}

/** The student's summary sheet for the days given, as a PDF file. */
export function useSummaryPdf() {
  const api = useApi();
  return useMutation({
    mutationFn: async ({ studentId, from, to }: { studentId: string; from: string; to: string }) =>
      unwrap(
        await api.journal.GET("/journal/students/{student_id}/summary.pdf", {
          params: { path: { student_id: studentId }, query: { date_from: from, date_to: to } },
          parseAs: "blob",
        }),
      ),
  });
}
