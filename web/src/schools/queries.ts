import { useQuery } from "@tanstack/react-query";
import { useAuth } from "react-oidc-context";

import { useApi } from "../api/ApiContext";
import { unwrap } from "../api/client";
import type { components } from "../api/generated/identity";

export type Me = components["schemas"]["Me"];
export type MySchool = components["schemas"]["MySchool"];

/** Answers depend on the token (its person and its school): a new token, new answers. */
function useTokenKey(): readonly [string, string] {
  const { user } = useAuth();
  return [user?.profile.sub ?? "", user?.scope ?? ""] as const;
}

/** The signed-in person as the APIs see them: the token's school and the roles held there. */
export function useMe() {
  const api = useApi();
  const token = useTokenKey();
  return useQuery({
    queryKey: ["identity", "me", ...token],
    queryFn: async () => unwrap(await api.identity.GET("/identity/me")),
  });
}

/** Every school the person belongs to, with the roles held there (and only there). */
export function useMySchools() {
  const api = useApi();
  const token = useTokenKey();
  return useQuery({
    queryKey: ["identity", "me", "schools", ...token],
    queryFn: async () => unwrap(await api.identity.GET("/identity/me/schools")).schools,
  });
}

export function schoolOf(schools: readonly MySchool[], schoolId: string | null): MySchool | undefined {
  return schools.find((school) => school.school_id === schoolId);
}
