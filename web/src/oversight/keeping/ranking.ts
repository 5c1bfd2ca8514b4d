import { mondayOf } from "./format";
import type { DistrictFill, DistrictIndex, DistrictIndexWeeks, DistrictKeeping, IndexPart, SchoolFill, SchoolKeeping, UsageOverview, WeekIndex } from "./model";

/** What a school's people did in the journal in a week (usage, O4): persons who made lesson
 * entries, and parents and students who read the diary. */
export interface SchoolUsageWeek {
  readonly week: string;
  readonly lessonEntries: number;
  readonly diaryReaders: number;
}

/** One school of the district's ranking: its index and the figures it is made of. */
export interface RankedRow {
  readonly school_id: string;
  readonly rank: number;
  /** The compliance index, 0-100; null when no part of it has data. */
  readonly index: number | null;
  readonly keeping: SchoolKeeping | undefined;
  readonly fill: SchoolFill | undefined;
  /** The index's homework-load part: class evenings within SanPiN's limit of those with homework. */
  readonly homeworkLoad: IndexPart | undefined;
  /** The index's change from the week before to the last week, in points; null without both. */
  readonly indexTrend: number | null;
  readonly usage: SchoolUsageWeek | undefined;
}

/** The change of the index from the week before to the last week that has one, in points
 * (+3.5: better); null with fewer than two such weeks. */
export function indexTrend(weeks: readonly WeekIndex[]): number | null {
  const values = weeks.map((week) => week.index).filter((index): index is number => index !== null);
  const [before, after] = values.slice(-2);
  if (before === undefined || after === undefined) return null;
  return Math.round((after - before) * 10) / 10;
}

/** Each school's usage in the overview's latest week up to this one (`thisMonday`,
 * YYYY-MM-DD): the overview of a term runs to the term's end, whose weeks are still to come. */
export function lastWeekUsage(usage: UsageOverview | undefined, thisMonday: string): Map<string, SchoolUsageWeek> {
  const last = usage?.weeks.filter((week) => week <= thisMonday).at(-1);
  if (usage === undefined || last === undefined) return new Map();
  return new Map(
    usage.schools.map((school) => {
      const counts: Partial<Record<string, number>> = school.weeks.find((week) => week.week === last)?.counts ?? {};
      const count = (activity: string) => counts[activity] ?? 0;
      return [school.school_id, { week: last, lessonEntries: count("lesson-entries"), diaryReaders: count("diary-parents") + count("diary-students") }];
    }),
  );
}

/**
 * The schools in the compliance index's order (its rank), each with its keeping and fill
 * figures, its homework load, the index's trend and its usage; in keeping's order (the
 * share on time) while the index is not there.
 */
export function rankedRows(
  index: DistrictIndex | undefined,
  keeping: DistrictKeeping | undefined,
  fill: DistrictFill | undefined,
  more: { trends?: DistrictIndexWeeks | undefined; usage?: UsageOverview | undefined; thisMonday?: string } = {},
): RankedRow[] {
  const keepingOf = new Map((keeping?.schools ?? []).map((row) => [row.school_id, row]));
  const fillOf = new Map((fill?.schools ?? []).map((row) => [row.school_id, row]));
  const loadOf = new Map((index?.schools ?? []).map((row) => [row.school_id, row.parts.find((part) => part.name === "homework_load")]));
  const trendOf = new Map((more.trends?.schools ?? []).map((row) => [row.school_id, indexTrend(row.weeks)]));
  const usageOf = lastWeekUsage(more.usage, more.thisMonday ?? mondayOf(new Date()));
  const order =
    index !== undefined
      ? index.schools.map((row) => ({ school_id: row.school_id, rank: row.rank, index: row.index ?? null }))
      : (keeping?.schools ?? []).map((row) => ({ school_id: row.school_id, rank: row.rank, index: null }));
  return [...order]
    .sort((a, b) => a.rank - b.rank)
    .map((row) => ({
      ...row,
      keeping: keepingOf.get(row.school_id),
      fill: fillOf.get(row.school_id),
      homeworkLoad: loadOf.get(row.school_id),
      indexTrend: trendOf.get(row.school_id) ?? null,
      usage: usageOf.get(row.school_id),
    }));
}
