import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { useApi } from "../api/ApiContext";
import { unwrap } from "../api/client";
import type { components, operations } from "../api/generated/helpdesk";

export type HelpRequest = components["schemas"]["RequestRead"];
export type RequestDetail = components["schemas"]["RequestDetail"];
export type RequestCreate = components["schemas"]["RequestCreate"];
export type RequestLog = components["schemas"]["RequestLog"];
export type RequestStatus = HelpRequest["status"];
export type RequestFilter = NonNullable<operations["list_requests_helpdesk_requests_get"]["parameters"]["query"]>;

export const STATUSES: readonly RequestStatus[] = ["new", "in_progress", "waiting_for_school", "answered", "closed", "reopened"];
export const CATEGORIES: readonly HelpRequest["category"][] = ["methodological", "consulting", "technical"];
export const KINDS: readonly HelpRequest["kind"][] = ["question", "remark", "proposal"];
export const LOGGED_CHANNELS: readonly RequestLog["channel"][] = ["phone", "visit", "email", "chat"];
export const STAFF_ROLES: readonly RequestLog["caller_role"][] = [
  "director",
  "deputy-director",
  "school-admin",
  "secretary",
  "class-teacher",
  "teacher",
];
/** Where the desk may move a request from each status (the service's TRANSITIONS, less the
 * school's reopening). */
export const DESK_MOVES: Record<RequestStatus, readonly components["schemas"]["StatusChange"]["status"][]> = {
  new: ["in_progress", "waiting_for_school", "answered", "closed"],
  in_progress: ["waiting_for_school", "answered", "closed"],
  waiting_for_school: ["in_progress", "answered", "closed"],
  answered: ["in_progress", "waiting_for_school", "closed"],
  reopened: ["in_progress", "waiting_for_school", "answered", "closed"],
  closed: [],
};

export const helpdeskKeys = {
  all: ["helpdesk", "requests"] as const,
  list: (filter: RequestFilter) => ["helpdesk", "requests", "list", filter] as const,
  one: (id: string) => ["helpdesk", "requests", "one", id] as const,
};

export function useRequests(filter: RequestFilter) {
  const api = useApi();
  return useQuery({
    queryKey: helpdeskKeys.list(filter),
    queryFn: async () => unwrap(await api.helpdesk.GET("/helpdesk/requests", { params: { query: { limit: 200, ...filter } } })),
  });
}

export function useRequest(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: helpdeskKeys.one(id),
    queryFn: async () => unwrap(await api.helpdesk.GET("/helpdesk/requests/{request_id}", { params: { path: { request_id: id } } })),
  });
}

/** A change of one request: its detail is replaced by the answer, the lists refetched. */
export function useRequestChange<Input>(change: (input: Input) => Promise<unknown>) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: change,
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: helpdeskKeys.all });
    },
  });
}

/** The short form of a person id the desk shows where it has no name (the members' directory
 * comes with the working group, issue 12 point 5). */
export function shortId(id: string): string {
  return id.slice(0, 8);
}
