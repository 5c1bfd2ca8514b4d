import { describe, expect, it } from "vitest";

import { activitiesDone, weeksOption } from "./figures";

const weeks = [
  { week: "2026-11-02", counts: { "active-parents": 7, "active-teachers": 1 } },
  { week: "2026-11-09", counts: { "active-parents": 2 } },
];

describe("usage figures", () => {
  it("lists only the kinds of work somebody did, in the screen's order", () => {
    expect(activitiesDone(weeks)).toEqual(["active-teachers", "active-parents"]);
  });

  it("draws a line per kind with a zero for a week nobody did it", () => {
    const option = weeksOption(weeks, activitiesDone(weeks), (a) => a) as { series: { name: string; data: number[] }[] };
    expect(option.series.map((s) => [s.name, s.data])).toEqual([
      ["active-teachers", [1, 0]],
      ["active-parents", [7, 2]],
    ]);
  });
});
