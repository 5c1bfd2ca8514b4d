import { describe, expect, it } from "vitest";

import type { WeekKeeping } from "./model";
import { weekSeries } from "./TimelinessChart";

function week(monday: string, on_time: number, late: number, missing: number): WeekKeeping {
  const due = on_time + late + missing;
  return {
    week: monday,
    timeliness: { on_time, late, missing, due, on_time_share: due === 0 ? null : on_time / due },
    lessons: { planned: 0, held: 0, replaced: 0, cancelled: 0, missed: 0, held_share: null },
  };
}

describe("the timeliness chart's series", () => {
  it("gives each week's shares in percent to one decimal, leaving out weeks with nothing due", () => {
    // 2 of 3 on time: 66.7 %, late 1/3: 33.3 %; 7 on time, 1 late, 0 missing of 8: 87.5 / 12.5 / 0.
    expect(weekSeries([week("2026-11-30", 2, 1, 0), week("2026-12-07", 0, 0, 0), week("2026-12-14", 7, 1, 0)])).toEqual([
      { week: "2026-11-30", onTime: 66.7, late: 33.3, missing: 0 },
      { week: "2026-12-14", onTime: 87.5, late: 12.5, missing: 0 },
    ]);
  });
});
