import type { OversightQuery } from "./query";

/** The dashboard's filters: a study period's code, a grade level, a subject. */
export type OversightFilters = Pick<OversightQuery, "period" | "grade" | "subjectId">;

export const GRADES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const;

/** The study periods a school's year may have (the calendar's codes); the district's filter
 * offers them all and the API answers for the schools whose year has the period. */
export const PERIOD_CODES = [
  "term-1",
  "term-2",
  "term-3",
  "term-4",
  "trimester-1",
  "trimester-2",
  "trimester-3",
  "half-year-1",
  "half-year-2",
  "year",
] as const;

const PERIOD_PATTERN = /^[a-z0-9-]{1,40}$/;
const ID_PATTERN = /^[0-9a-fA-F-]{36}$/;

/**
 * The filters a page's address holds (`?period=term-2&grade=5&subject=<id>`), so that a
 * drill-down link and a reload keep them. Anything malformed is dropped, not sent on.
 */
export function filtersFromSearch(search: URLSearchParams): OversightFilters {
  const period = search.get("period") ?? "";
  const grade = Number(search.get("grade") ?? "");
  const subject = search.get("subject") ?? "";
  return {
    ...(PERIOD_PATTERN.test(period) ? { period } : {}),
    ...(Number.isInteger(grade) && GRADES.includes(grade as (typeof GRADES)[number]) ? { grade } : {}),
    ...(ID_PATTERN.test(subject) ? { subjectId: subject } : {}),
  };
}

/** Filters as a select leaves them: a cleared one is undefined. */
export type FiltersChosen = { [Key in keyof OversightFilters]?: OversightFilters[Key] | undefined };

/** The filters as the query string of a link; an empty string when none is set. */
export function searchOfFilters(filters: FiltersChosen): string {
  const search = new URLSearchParams();
  if (filters.period !== undefined) search.set("period", filters.period);
  if (filters.grade !== undefined) search.set("grade", String(filters.grade));
  if (filters.subjectId !== undefined) search.set("subject", filters.subjectId);
  const text = search.toString();
  return text === "" ? "" : `?${text}`;
}
