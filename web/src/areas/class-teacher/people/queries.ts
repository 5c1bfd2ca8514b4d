import { useQuery } from "@tanstack/react-query";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import type { components } from "../../../api/generated/identity";

export type ClassPeople = components["schemas"]["ClassPeople"];
export type ClassStudent = components["schemas"]["ClassStudent"];
export type ClassParent = components["schemas"]["ClassParent"];

/** The class's students in journal order, each with their parents. */
export function useClassPeople(classId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ["identity", "class-people", classId],
    queryFn: async () => unwrap(await api.identity.GET("/identity/classes/{class_id}/people", { params: { path: { class_id: classId } } })),
  });
}

/** "Иванова Мария Петровна". */
export function fullName(person: Pick<ClassStudent, "last_name" | "first_name" | "middle_name">): string {
  return [person.last_name, person.first_name, person.middle_name].filter((part) => part !== null && part !== "").join(" ");
}
