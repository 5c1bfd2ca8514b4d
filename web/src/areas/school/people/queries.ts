import { useQuery } from "@tanstack/react-query";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import type { components } from "../../../api/generated/identity";
import { useWorkplace } from "../../../schools/workplace";

export type Person = components["schemas"]["PersonRead"];
export type PersonKind = Person["kind"];
export const PERSON_KINDS: readonly PersonKind[] = ["staff", "student", "parent"];

/** The school's roll is read in one page per kind (the API answers up to 1000 at a time). */
const PAGE = 1000;

export const personKeys = {
  all: ["identity", "persons"] as const,
  ofKind: (kind: PersonKind) => ["identity", "persons", kind] as const,
  one: (personId: string) => ["identity", "persons", "one", personId] as const,
};

/** The school's people of one kind, sorted by name. */
export function usePersons(kind: PersonKind) {
  const api = useApi();
  return useQuery({
    queryKey: personKeys.ofKind(kind),
    queryFn: async () =>
      sortedByName(unwrap(await api.identity.GET("/identity/persons", { params: { query: { kind, limit: PAGE } } }))),
  });
}

export function usePerson(personId: string) {
  const api = useApi();
  return useQuery({
    queryKey: personKeys.one(personId),
    queryFn: async () => unwrap(await api.identity.GET("/identity/persons/{person_id}", { params: { path: { person_id: personId } } })),
  });
}

interface Named {
  last_name: string;
  first_name: string;
  middle_name?: string | null;
}

/** "Фамилия Имя Отчество", as school documents write a name. */
export function fullName(person: Named): string {
  return [person.last_name, person.first_name, person.middle_name].filter(Boolean).join(" ");
}

export function sortedByName<T extends Named>(people: readonly T[]): T[] {
  return [...people].sort((a, b) => fullName(a).localeCompare(fullName(b), "ru"));
}

/** Whether a person matches what was typed in a search box: every word is found in the name
 * or the login, in any case, ё and е alike. */
export function matchesSearch(person: Named & { username: string }, search: string): boolean {
  const fold = (text: string) => text.toLocaleLowerCase("ru").replaceAll("ё", "е");
  const haystack = fold(`${fullName(person)} ${person.username}`);
  return fold(search)
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

/** The school admin keeps the school's people, classes and card; the rest of the leadership
 * reads them. */
export function useIsSchoolAdmin(): boolean {
  return useWorkplace().me.roles.includes("school-admin");
}

/** Options of an Ant Design Select of people, searchable by name. */
export function personOptions(people: readonly Person[]): { value: string; label: string }[] {
  return people.filter((p) => !p.left_at).map((p) => ({ value: p.id, label: fullName(p) }));
}
