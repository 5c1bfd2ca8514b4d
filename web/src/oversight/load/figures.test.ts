import { describe, expect, it } from "vitest";

import { OVER_COLOUR, WITHIN_COLOUR, eveningsOption, gradeSpan } from "./figures";

describe("homework load figures", () => {
  it("draws evenings over the limit in red and the limit as a line", () => {
    const option = eveningsOption(
      [
        { evening: "2026-12-01", minutes: 135, over_limit: true },
        { evening: "2026-12-03", minutes: 30, over_limit: false },
      ],
      120,
      { minutes: "Минут", limit: "Норма" },
    ) as { series: { data: { value: number; itemStyle: { color: string } }[]; markLine?: { data: { yAxis: number }[] } }[] };
    const [bars] = option.series;
    expect(bars?.data.map((d) => [d.value, d.itemStyle.color])).toEqual([
      [135, OVER_COLOUR],
      [30, WITHIN_COLOUR],
    ]);
    expect(bars?.markLine?.data).toEqual([{ yAxis: 120 }]);
  });

  it("draws no line for a class whose limit is unknown", () => {
    const option = eveningsOption([], null, { minutes: "m", limit: "l" }) as { series: { markLine?: unknown }[] };
    expect(option.series[0]?.markLine).toBeUndefined();
  });

  it("writes a span of grades", () => {
    expect([gradeSpan(1, 1), gradeSpan(2, 3), gradeSpan(9, 11)]).toEqual(["1", "2–3", "9–11"]);
  });
});
