import { describe, expect, it } from "vitest";

import type { DistrictFill, DistrictIndex, DistrictIndexWeeks, DistrictKeeping, SchoolKeeping, UsageOverview } from "./model";
import { indexTrend, lastWeekUsage, rankedRows } from "./ranking";

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

  it("joins each school's homework load, the index's trend and the last week's usage", () => {
    const load = { name: "homework_load", share: 0.5, weight: 0.2, counted: 4, met: 2, rows: "" };
    const index = {
      weights: { timeliness: 0.4, fill: 0.3, completion: 0.3, homework_load: 0.2 },
      schools: [{ school_id: "a", rank: 1, index: 70.8, parts: [load], trend: "" }],
    } as unknown as DistrictIndex;
    const trends = { schools: [{ school_id: "a", weeks: [{ week: "2026-11-16", index: 57.5 }, { week: "2026-11-23", index: 92.5 }] }] } as unknown as DistrictIndexWeeks;
    const usage = {
      weeks: ["2026-11-30", "2026-12-07"],
      schools: [{ school_id: "a", weeks: [{ week: "2026-12-07", counts: { "lesson-entries": 3, "diary-parents": 5, "diary-students": 2 } }] }],
    } as unknown as UsageOverview;
    const [row] = rankedRows(index, KEEPING, undefined, { trends, usage, thisMonday: "2026-12-07" });
    expect(row?.homeworkLoad?.counted).toBe(4);
    // 92.5 - 57.5 = +35 points.
    expect(row?.indexTrend).toBe(35);
    // Diary readers: 5 parents + 2 students.
    expect(row?.usage).toEqual({ week: "2026-12-07", lessonEntries: 3, diaryReaders: 7 });
  });
});

describe("the index's trend", () => {
  it("is the last week's index against the week before that had one, in points", () => {
    // 65.0 - 92.5 = -27.5; the week without an index is skipped.
    const weeks = [
      { week: "2026-11-16", index: 57.5 },
      { week: "2026-11-23", index: 92.5 },
      { week: "2026-11-30", index: null },
      { week: "2026-12-07", index: 65 },
    ];
    expect(indexTrend(weeks)).toBe(-27.5);
    expect(indexTrend(weeks.slice(0, 1))).toBeNull();
  });

  it("rounds to a tenth of a point", () => {
    // 70.8 - 68.6 = 2.2 (not 2.1999999999999886).
    expect(indexTrend([{ week: "2026-11-30", index: 68.6 }, { week: "2026-12-07", index: 70.8 }])).toBe(2.2);
  });
});

describe("usage beside the ranking", () => {
  it("takes the overview's latest week up to this one, zero for work nobody did", () => {
    // A term's overview runs to the term's end: the weeks after this one are still to come.
    const usage = {
      weeks: ["2026-11-30", "2026-12-07", "2026-12-14", "2026-12-21"],
      schools: [{ school_id: "b", weeks: [{ week: "2026-11-30", counts: { "lesson-entries": 9 } }] }],
    } as unknown as UsageOverview;
    expect(lastWeekUsage(usage, "2026-12-07").get("b")).toEqual({ week: "2026-12-07", lessonEntries: 0, diaryReaders: 0 });
    expect(lastWeekUsage(usage, "2026-12-01").get("b")).toEqual({ week: "2026-11-30", lessonEntries: 9, diaryReaders: 0 });
    expect(lastWeekUsage(undefined, "2026-12-07").size).toBe(0);
  });
});
