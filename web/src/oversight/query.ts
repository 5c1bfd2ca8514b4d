/**
 * What every oversight view is asked for: the district's view names a school (or none for
 * the whole district), the school leadership's view is always of its own school. The
 * filters are the dashboard's (study period, grade level, subject); each part of oversight
 * (keeping, objectivity, homework load, usage, forecast) exports a panel taking this query,
 * and the frame (`web/src/oversight/`) mounts the panels in the district's and the
 * school's screens.
 */
export interface OversightQuery {
  /** Who is looking: the district's roles see counts only, the school's leadership names. */
  readonly viewer: "district" | "school";
  /** The school looked at; undefined: the whole district (district viewers only). */
  readonly schoolId?: string;
  /** A study period's code ("term-2"); undefined: the current period. */
  readonly period?: string;
  readonly grade?: number;
  readonly subjectId?: string;
}

export interface OversightPanelProps {
  readonly query: OversightQuery;
}
