import { useQuery } from "@tanstack/react-query";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import type { components as Identity } from "../../../api/generated/identity";
import type { components as Journal } from "../../../api/generated/journal";
import type { components as Schedule } from "../../../api/generated/schedule";
import { useWorkplace } from "../../../schools/workplace";

export type SchoolClass = Schedule["schemas"]["ClassRead"];
export type Subject = Schedule["schemas"]["SubjectRead"];
export type Room = Schedule["schemas"]["RoomRead"];
export type BellSchedule = Schedule["schemas"]["BellScheduleRead"];
export type Timetable = Schedule["schemas"]["TimetableRead"];
export type Lesson = Schedule["schemas"]["LessonRead"];
export type Person = Identity["schemas"]["PersonRead"];
export type Policy = Journal["schemas"]["PolicyRead"];

/** Answers belong to the school worked in: another school, other answers. */
export function useSchoolKey(): string {
  return useWorkplace().me.school_id ?? "";
}

export function useClasses() {
  const api = useApi();
  const school = useSchoolKey();
  return useQuery({
    queryKey: ["schedule", school, "classes"],
    queryFn: async () => {
      const classes = unwrap(await api.schedule.GET("/schedule/classes"));
      return [...classes].sort((a, b) => a.grade - b.grade || a.letter.localeCompare(b.letter, "ru"));
    },
  });
}

export function useSubjects() {
  const api = useApi();
  const school = useSchoolKey();
  return useQuery({
    queryKey: ["schedule", school, "subjects"],
    queryFn: async () => unwrap(await api.schedule.GET("/schedule/subjects")),
  });
}

export function useRooms() {
  const api = useApi();
  const school = useSchoolKey();
  return useQuery({
    queryKey: ["schedule", school, "rooms"],
    queryFn: async () => unwrap(await api.schedule.GET("/schedule/rooms")),
  });
}

export function useBellSchedules() {
  const api = useApi();
  const school = useSchoolKey();
  return useQuery({
    queryKey: ["schedule", school, "bell-schedules"],
    queryFn: async () => unwrap(await api.schedule.GET("/schedule/bell-schedules")),
  });
}

/** Every timetable of the school (drafts and published), each with its entries. */
export function useTimetables() {
  const api = useApi();
  const school = useSchoolKey();
  return useQuery({
    queryKey: ["schedule", school, "timetables"],
    queryFn: async () => unwrap(await api.schedule.GET("/schedule/timetables")),
  });
}

/** The school's staff (teachers among them), for names and choices. */
export function useStaff() {
  const api = useApi();
  const school = useSchoolKey();
  return useQuery({
    queryKey: ["identity", school, "persons", "staff"],
    queryFn: async () => unwrap(await api.identity.GET("/identity/persons", { params: { query: { kind: "staff", limit: 1000 } } })),
  });
}

export function usePolicy() {
  const api = useApi();
  const school = useSchoolKey();
  return useQuery({
    queryKey: ["journal", school, "policy"],
    queryFn: async () => unwrap(await api.journal.GET("/journal/policy")),
  });
}
