import { useQuery } from "@tanstack/react-query";

import { useApi } from "../../api/ApiContext";
import { unwrap, type Api } from "../../api/client";
import type { OversightFilters } from "../filters";
import type { Slice } from "../place";
import type { LessonKeeping, RankedSchool, SchoolKeeping, SliceKeeping, WeekKeeping } from "./model";

interface Answer { data?: unknown; error?: unknown; response: Response }
interface Untyped { GET: (path: string, init: { params: { path?: object; query?: object } }) => Promise<Answer> }

// TODO(keeping): typed paths once the keeping API's types are generated.
async function get<T>(api: Api, path: string, pathParams: object, filters: OversightFilters): Promise<T> {
  const query = { period: filters.period, grade: filters.grade, subject_id: filters.subjectId };
  return unwrap(await (api.journal as unknown as Untyped).GET(path, { params: { path: pathParams, query } })) as T;
}

const BASE = "/journal/oversight/keeping";

export function useRankedSchools(filters: OversightFilters) {
  const api = useApi();
  return useQuery({
    queryKey: ["journal", "oversight", "keeping", "schools", filters],
    queryFn: async () => get<{ schools: RankedSchool[] }>(api, `${BASE}/schools`, {}, filters),
  });
}

export function useSchoolKeeping(schoolId: string, filters: OversightFilters) {
  const api = useApi();
  return useQuery({
    queryKey: ["journal", "oversight", "keeping", "school", schoolId, filters],
    enabled: schoolId !== "",
    queryFn: async () => get<SchoolKeeping>(api, `${BASE}/schools/{school_id}`, { school_id: schoolId }, filters),
  });
}

export function useSliceKeeping(schoolId: string, slice: Slice, id: string, filters: OversightFilters) {
  const api = useApi();
  return useQuery({
    queryKey: ["journal", "oversight", "keeping", "slice", schoolId, slice, id, filters],
    queryFn: async () => get<SliceKeeping>(api, `${BASE}/schools/{school_id}/${slice}/{id}`, { school_id: schoolId, id }, filters),
  });
}

export function useWeekKeeping(schoolId: string, slice: Slice, id: string, week: string, filters: OversightFilters) {
  const api = useApi();
  return useQuery({
    queryKey: ["journal", "oversight", "keeping", "week", schoolId, slice, id, week, filters],
    queryFn: async () =>
      get<WeekKeeping>(api, `${BASE}/schools/{school_id}/${slice}/{id}/weeks/{week}`, { school_id: schoolId, id, week }, filters),
  });
}

export function useLessonKeeping(schoolId: string, lessonId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ["journal", "oversight", "keeping", "lesson", schoolId, lessonId],
    queryFn: async () => get<LessonKeeping>(api, `${BASE}/schools/{school_id}/lessons/{lesson_id}`, { school_id: schoolId, lesson_id: lessonId }, {}),
  });
}
