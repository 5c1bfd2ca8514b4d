import { useQuery } from "@tanstack/react-query";

import { useApi } from "../../api/ApiContext";
import { unwrap } from "../../api/client";
import type { OversightFilters } from "../filters";
import type { Slice } from "../place";

/** The API's filters of the page's (a subject only where a school is looked at: a subject
 * is a school's own). */
function filterQuery(filters: OversightFilters) {
  return { period: filters.period ?? null, grade: filters.grade ?? null, subject_id: filters.subjectId ?? null };
}

const SLICE_PARAMETER = { teachers: "teacher_id", classes: "class_id", subjects: "subject_id" } as const;

/** Every school's keeping ranked by the share on time (a school's leadership: their own
 * row); `weeks` narrows it to weeks (their Mondays). */
export function useDistrictKeeping(filters: OversightFilters, weeks?: { from: string; to: string }) {
  const api = useApi();
  return useQuery({
    queryKey: ["journal", "oversight", "keeping", "district", filters, weeks],
    queryFn: async () =>
      unwrap(
        await api.journal.GET("/journal/oversight/keeping/schools", {
          params: { query: { ...filterQuery(filters), week_from: weeks?.from ?? null, week_to: weeks?.to ?? null } },
        }),
      ),
  });
}

/** A school's keeping per teacher, class or subject. */
export function useBreakdown(schoolId: string, slice: Slice, filters: OversightFilters) {
  const api = useApi();
  const by = ({ teachers: "teacher", classes: "class", subjects: "subject" } as const)[slice];
  return useQuery({
    queryKey: ["journal", "oversight", "keeping", "breakdown", schoolId, by, filters],
    enabled: schoolId !== "",
    queryFn: async () =>
      unwrap(
        await api.journal.GET("/journal/oversight/keeping/schools/{school_id}", {
          params: { path: { school_id: schoolId }, query: { ...filterQuery(filters), by } },
        }),
      ),
  });
}

/** A school's keeping week by week, of the whole school or of one teacher, class or subject. */
export function useWeeks(schoolId: string, filters: OversightFilters, of?: { slice: Slice; id: string }) {
  const api = useApi();
  const narrowed = of === undefined ? filters : of.slice === "subjects" ? { ...filters, subjectId: of.id } : filters;
  const person = of !== undefined && of.slice !== "subjects" ? { [SLICE_PARAMETER[of.slice]]: of.id } : {};
  return useQuery({
    queryKey: ["journal", "oversight", "keeping", "weeks", schoolId, narrowed, of],
    enabled: schoolId !== "",
    queryFn: async () =>
      unwrap(
        await api.journal.GET("/journal/oversight/keeping/schools/{school_id}/weeks", {
          params: { path: { school_id: schoolId }, query: { ...filterQuery(narrowed), ...person } },
        }),
      ),
  });
}

/** The lessons of a week of a teacher, class or subject, with their entries' timeliness. */
export function useWeekLessons(schoolId: string, week: string, of: { slice: Slice; id: string }) {
  const api = useApi();
  return useQuery({
    queryKey: ["journal", "oversight", "keeping", "lessons", schoolId, week, of],
    enabled: schoolId !== "",
    queryFn: async () =>
      unwrap(
        await api.journal.GET("/journal/oversight/keeping/schools/{school_id}/lessons", {
          params: { path: { school_id: schoolId }, query: { week, [SLICE_PARAMETER[of.slice]]: of.id } },
        }),
      ),
  });
}

/** One lesson: topic, homework, attendance, each entry against its due moment. */
export function useLessonDetail(schoolId: string, lessonId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ["journal", "oversight", "keeping", "lesson", schoolId, lessonId],
    enabled: schoolId !== "",
    queryFn: async () =>
      unwrap(
        await api.journal.GET("/journal/oversight/keeping/schools/{school_id}/lessons/{lesson_id}", {
          params: { path: { school_id: schoolId, lesson_id: lessonId } },
        }),
      ),
  });
}

/** Every school's fill rate of marks: students (x subjects) with the district's minimum of
 * marks in the period, counts only. */
export function useDistrictFill(filters: OversightFilters) {
  const api = useApi();
  return useQuery({
    queryKey: ["journal", "oversight", "keeping", "fill", filters],
    queryFn: async () => unwrap(await api.journal.GET("/journal/oversight/keeping/fill", { params: { query: filterQuery(filters) } })),
  });
}

/** Every school's compliance index (0-100), ranked, with its parts and their weights. */
export function useDistrictIndex(filters: OversightFilters) {
  const api = useApi();
  return useQuery({
    queryKey: ["journal", "oversight", "index", filters],
    queryFn: async () => unwrap(await api.journal.GET("/journal/oversight/index", { params: { query: filterQuery(filters) } })),
  });
}

/** Every school's compliance index week by week (the ranking's trends). */
export function useDistrictIndexWeeks(filters: OversightFilters) {
  const api = useApi();
  return useQuery({
    queryKey: ["journal", "oversight", "compliance", "weeks", filters],
    queryFn: async () => unwrap(await api.journal.GET("/journal/oversight/compliance/weeks", { params: { query: filterQuery(filters) } })),
  });
}

/** A school's compliance index week by week, each week with its parts. */
export function useSchoolIndexWeeks(schoolId: string, filters: OversightFilters) {
  const api = useApi();
  return useQuery({
    queryKey: ["journal", "oversight", "compliance", "school-weeks", schoolId, filters],
    enabled: schoolId !== "",
    queryFn: async () =>
      unwrap(
        await api.journal.GET("/journal/oversight/compliance/schools/{school_id}/weeks", {
          params: { path: { school_id: schoolId }, query: filterQuery(filters) },
        }),
      ),
  });
}

/** A school's fill rate of marks per class, subject and study period (the fill part's rows). */
export function useSchoolFill(schoolId: string, filters: OversightFilters) {
  const api = useApi();
  return useQuery({
    queryKey: ["journal", "oversight", "keeping", "school-fill", schoolId, filters],
    enabled: schoolId !== "",
    queryFn: async () =>
      unwrap(
        await api.journal.GET("/journal/oversight/keeping/schools/{school_id}/fill", {
          params: { path: { school_id: schoolId }, query: filterQuery(filters) },
        }),
      ),
  });
}

/** Usage (O4) week by week per school: the usage tab's query (same key, same data). */
export function useDistrictUsage(filters: OversightFilters) {
  const api = useApi();
  return useQuery({
    queryKey: ["journal", "oversight", "usage", filters.period],
    queryFn: async () => unwrap(await api.journal.GET("/journal/oversight/usage", { params: { query: { period: filters.period ?? null } } })),
  });
}
