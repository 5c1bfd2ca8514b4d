import type { components } from "../../api/generated/journal";

/** Journal keeping's figures (O1) as the journal's oversight API answers them. */
type Schemas = components["schemas"];
export type DistrictKeeping = Schemas["DistrictKeeping"];
export type SchoolKeeping = Schemas["SchoolKeeping"];
export type KeepingRow = Schemas["KeepingRow"];
export type WeekKeeping = Schemas["WeekKeeping"];
export type LessonKeeping = Schemas["LessonKeeping"];
export type LessonDetail = Schemas["LessonDetail"];
export type EntryMoment = Schemas["EntryMoment"];
export type LessonCounts = Schemas["LessonCounts"];
export type KindTimeliness = Schemas["KindTimeliness"];
export type DistrictFill = Schemas["DistrictFill"];
export type SchoolFill = Schemas["SchoolFill"];
export type DistrictIndex = Schemas["DistrictIndex"];
export type IndexPart = Schemas["IndexPart"];
export type IndexWeek = Schemas["IndexWeek"];
export type WeekIndex = Schemas["WeekIndex"];
export type DistrictIndexWeeks = Schemas["DistrictIndexWeeks"];
export type SchoolIndexWeeks = Schemas["SchoolIndexWeeks"];
export type UsageOverview = Schemas["UsageOverview"];
export type ClassSubjectFill = Schemas["ClassSubjectFill"];
