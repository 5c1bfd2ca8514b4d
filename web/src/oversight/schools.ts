import { useQuery } from "@tanstack/react-query";

import { useApi } from "../api/ApiContext";
import { unwrap } from "../api/client";
import type { components } from "../api/generated/identity";

type SchoolCard = components["schemas"]["SchoolRead"];

/** The name people use for a school: its short name where it has one. */
function displayName(school: SchoolCard): string {
  return school.short_name === "" ? school.name : school.short_name;
}

const byId = (schools: SchoolCard[]) => new Map(schools.map((school) => [school.id, school]));
const namesById = (schools: SchoolCard[]) => new Map(schools.map((school) => [school.id, displayName(school)]));

/** The schools' cards (identity's, which the district and a school's staff read): oversight's
 * figures name schools by id only. One query for every panel; each hook selects its shape. */
function useSchools<T>(select: (schools: SchoolCard[]) => T) {
  const api = useApi();
  return useQuery({
    queryKey: ["identity", "schools"],
    queryFn: async () => unwrap(await api.identity.GET("/identity/schools")),
    select,
  });
}

/** Each school's card (name, time zone) by id. */
export function useSchoolCards() {
  return useSchools(byId);
}

/** Each school's name by id. */
export function useSchoolNames() {
  return useSchools(namesById);
}
