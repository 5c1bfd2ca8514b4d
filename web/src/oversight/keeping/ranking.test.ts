import { describe, expect, it } from "vitest";

import type { DistrictFill, DistrictIndex, DistrictKeeping, SchoolKeeping } from "./model";
import { rankedRows } from "./ranking";

const ZERO = { on_time: 0, late: 0, missing: 0, due: 0, on_time_share: null };
const NO_LESSONS = { planned: 0, held: 0, replaced: 0, cancelled: 0, missed: 0, held_share: null };

function keepingRow(school_id: string, rank: number): SchoolKeeping {
  return { school_id, rank, timeliness: ZERO, by_kind: [], lessons: NO_LESSONS, below_threshold: false };
}

const KEEPING: DistrictKeeping = { on_time_threshold: 0.9, schools: [keepingRow("a", 1), keepingRow("b", 2)] };

describe("the district's ranking", () => {
  it("follows the compliance index and joins each school's keeping and fill figures", () => {
    // School b is second on time but first by the index (its fill and completion lift it).
    const index = {
      weights: { timeliness: 1, fill: 1, completion: 1, homework_load: 0 },
      schools: [
        { school_id: "a", rank: 2, index: 61.5, parts: [], trend: "" },
        { school_id: "b", rank: 1, index: 80, parts: [], trend: "" },
      ],
    } as unknown as DistrictIndex;
    const fill = {
      fill_threshold: 0.8,
      schools: [{ school_id: "b", student_count: 4, marks: 12, marks_per_student: 3, below_minimum: 1, fill_share: 0.75, below_threshold: true }],
    } as DistrictFill;
    const rows = rankedRows(index, KEEPING, fill);
    expect(rows.map((row) => [row.school_id, row.rank, row.index])).toEqual([
      ["b", 1, 80],
      ["a", 2, 61.5],
    ]);
    expect(rows[0]?.fill?.fill_share).toBe(0.75);
    expect(rows[1]?.fill).toBeUndefined();
    expect(rows[1]?.keeping?.rank).toBe(1);
  });

  it("ranks by the share on time while the index has not been read", () => {
    expect(rankedRows(undefined, KEEPING, undefined).map((row) => [row.school_id, row.rank, row.index])).toEqual([
      ["a", 1, null],
      ["b", 2, null],
    ]);
  });
});
