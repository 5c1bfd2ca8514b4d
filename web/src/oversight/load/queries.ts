import { useQuery } from "@tanstack/react-query";

import { useApi } from "../../api/ApiContext";
import { unwrap } from "../../api/client";
import type { OversightQuery } from "../query";

function filters(query: OversightQuery) {
  return { period: query.period ?? null, grade: query.grade ?? null };
}

/** Every school's homework load (a school's leadership: their own row). */
export function useSchoolsLoad(query: OversightQuery, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ["journal", "oversight", "homework-load", query.period, query.grade],
    enabled,
    queryFn: async () => unwrap(await api.journal.GET("/journal/oversight/homework-load", { params: { query: filters(query) } })),
  });
}

/** A school's classes: evenings, the average and longest, the evenings over the limit. */
export function useClassesLoad(query: OversightQuery, schoolId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ["journal", "oversight", "homework-load", schoolId, query.period, query.grade],
    enabled: schoolId !== undefined,
    queryFn: async () =>
      unwrap(
        await api.journal.GET("/journal/oversight/homework-load/schools/{school_id}/classes", {
          params: { path: { school_id: schoolId ?? "" }, query: filters(query) },
        }),
      ),
  });
}

/** A class's evenings, each with its homework. */
export function useClassEvenings(query: OversightQuery, schoolId: string | undefined, classId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ["journal", "oversight", "homework-load", schoolId, classId, query.period],
    enabled: schoolId !== undefined && classId !== undefined,
    queryFn: async () =>
      unwrap(
        await api.journal.GET("/journal/oversight/homework-load/schools/{school_id}/classes/{class_id}", {
          params: { path: { school_id: schoolId ?? "", class_id: classId ?? "" }, query: { period: query.period ?? null } },
        }),
      ),
  });
}
