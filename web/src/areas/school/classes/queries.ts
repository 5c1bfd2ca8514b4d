import { useQuery } from "@tanstack/react-query";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import type { components } from "../../../api/generated/schedule";

export type SchoolClass = components["schemas"]["ClassRead"];

export const classKeys = {
  all: ["schedule", "classes"] as const,
  members: (classId: string) => ["schedule", "classes", classId, "members"] as const,
};

/** The school's classes in the order of a school's lists: by grade, then letter. */
export function useClasses() {
  const api = useApi();
  return useQuery({
    queryKey: classKeys.all,
    queryFn: async () =>
      unwrap(await api.schedule.GET("/schedule/classes")).sort((a, b) => a.grade - b.grade || a.letter.localeCompare(b.letter, "ru")),
  });
}

export function useClassMembers(classId: string) {
  const api = useApi();
  return useQuery({
    queryKey: classKeys.members(classId),
    queryFn: async () => unwrap(await api.schedule.GET("/schedule/classes/{class_id}/members", { params: { path: { class_id: classId } } })),
  });
}
