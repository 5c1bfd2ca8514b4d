import type { DistrictFill, DistrictIndex, DistrictKeeping, SchoolFill, SchoolKeeping } from "./model";

/** One school of the district's ranking: its index and the figures it is made of. */
export interface RankedRow {
  readonly school_id: string;
  readonly rank: number;
  /** The compliance index, 0-100; null when no part of it has data. */
  readonly index: number | null;
  readonly keeping: SchoolKeeping | undefined;
  readonly fill: SchoolFill | undefined;
}

/**
 * The schools in the compliance index's order (its rank), each with its keeping and fill
 * figures; in keeping's order (the share on time) while the index is not there.
 */
export function rankedRows(index: DistrictIndex | undefined, keeping: DistrictKeeping | undefined, fill: DistrictFill | undefined): RankedRow[] {
  const keepingOf = new Map((keeping?.schools ?? []).map((row) => [row.school_id, row]));
  const fillOf = new Map((fill?.schools ?? []).map((row) => [row.school_id, row]));
  const order =
    index !== undefined
      ? index.schools.map((row) => ({ school_id: row.school_id, rank: row.rank, index: row.index ?? null }))
      : (keeping?.schools ?? []).map((row) => ({ school_id: row.school_id, rank: row.rank, index: null }));
  return [...order]
    .sort((a, b) => a.rank - b.rank)
    .map((row) => ({ ...row, keeping: keepingOf.get(row.school_id), fill: fillOf.get(row.school_id) }));
}
