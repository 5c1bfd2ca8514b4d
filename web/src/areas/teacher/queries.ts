import { useQuery } from "@tanstack/react-query";

import { useApi } from "../../api/ApiContext";
import { unwrap } from "../../api/client";
import type { components } from "../../api/generated/journal";
import { useWorkplace } from "../../schools/workplace";

export type TeacherDay = components["schemas"]["TeacherDay"];
export type DayLesson = components["schemas"]["DayLesson"];
export type MissingEntry = components["schemas"]["MissingEntry"];
export type TaughtSubject = components["schemas"]["TaughtSubject"];

/** The teacher's day at the token's school (`GET /journal/teacher-day`): the lessons of `day`
 * (today when absent) with what is still to be entered, earlier unfinished lessons, and the
 * journals the teacher keeps. Keyed by the school: another school's token, another answer. */
export function useTeacherDay(day?: string) {
  const api = useApi();
  const { me } = useWorkplace();
  return useQuery({
    queryKey: ["journal", "teacher-day", me.school_id, me.id, day ?? "today"],
    queryFn: async () =>
      unwrap(await api.journal.GET("/journal/teacher-day", { params: { query: day === undefined ? {} : { date: day } } })),
  });
}
