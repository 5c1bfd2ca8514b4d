import { useQuery } from "@tanstack/react-query";

import { useApi } from "../api/ApiContext";
import { unwrap } from "../api/client";
import { useWorkplace } from "../schools/workplace";

/** Answers belong to the token's person and school: another school, other answers. */
function useScopeKey(): readonly [string, string] {
  const { me } = useWorkplace();
  return [me.id ?? "", me.school_id ?? ""] as const;
}

const periodQuery = (period: string | null | undefined) => (period === null || period === undefined ? {} : { period });

/** A student's forecasts in every subject (the student, their guardians, staff); the current
 * period when `period` is null, nothing asked while it is undefined (not known yet). */
export function useStudentForecast(studentId: string, period: string | null | undefined) {
  const api = useApi();
  const scope = useScopeKey();
  return useQuery({
    enabled: period !== undefined,
    queryKey: ["journal", "forecast", "student", ...scope, studentId, period ?? null],
    queryFn: async () =>
      unwrap(
        await api.journal.GET("/journal/students/{student_id}/forecast", {
          params: { path: { student_id: studentId }, query: periodQuery(period) },
        }),
      ),
  });
}

/** A class's forecasts in every subject (its class teacher, the school's leadership). */
export function useClassForecast(classId: string, period: string | null | undefined) {
  const api = useApi();
  const scope = useScopeKey();
  return useQuery({
    queryKey: ["journal", "forecast", "class", ...scope, classId, period ?? null],
    queryFn: async () =>
      unwrap(
        await api.journal.GET("/journal/classes/{class_id}/forecast", {
          params: { path: { class_id: classId }, query: periodQuery(period) },
        }),
      ),
  });
}

/** The students forecast failing in the classes and subjects the teacher teaches. */
export function useTeacherFailing(period: string | null | undefined) {
  const api = useApi();
  const scope = useScopeKey();
  return useQuery({
    queryKey: ["journal", "forecast", "failing", "mine", ...scope, period ?? null],
    queryFn: async () => unwrap(await api.journal.GET("/journal/forecast/failing", { params: { query: periodQuery(period) } })),
  });
}

const gradeQuery = (grade: number | undefined) => (grade === undefined ? {} : { grade });

/** The school's students forecast failing (its leadership; a deputy their grade levels). */
export function useSchoolFailing(period: string | undefined, grade: number | undefined) {
  const api = useApi();
  const scope = useScopeKey();
  return useQuery({
    queryKey: ["journal", "forecast", "failing", "school", ...scope, period ?? null, grade ?? null],
    queryFn: async () =>
      unwrap(await api.journal.GET("/journal/oversight/forecast/failing", { params: { query: { ...periodQuery(period), ...gradeQuery(grade) } } })),
  });
}

/** Per school the forecasts of the period and how many are failing (the district: counts). */
export function useForecastCounts(period: string | undefined, grade: number | undefined) {
  const api = useApi();
  const scope = useScopeKey();
  return useQuery({
    queryKey: ["journal", "forecast", "counts", ...scope, period ?? null, grade ?? null],
    queryFn: async () =>
      unwrap(await api.journal.GET("/journal/oversight/forecast/counts", { params: { query: { ...periodQuery(period), ...gradeQuery(grade) } } })),
  });
}
