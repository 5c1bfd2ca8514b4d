import { describe, expect, it } from "vitest";

import { distributionOption, formatNumber, periodMarksOption, shares } from "./charts";

describe("shares", () => {
  it("gives percentages of the marks, one decimal", () => {
    // 1 + 2 + 3 + 0 + 2 = 8 marks: 12.5%, 25%, 37.5%, 0%, 25%
    expect(shares([1, 2, 3, 0, 2])).toEqual([12.5, 25, 37.5, 0, 25]);
    // 1 of 3 = 33.33..% -> 33.3
    expect(shares([1, 2, 0, 0, 0])).toEqual([33.3, 66.7, 0, 0, 0]);
  });

  it("is all zeros without marks", () => {
    expect(shares([0, 0, 0, 0, 0])).toEqual([0, 0, 0, 0, 0]);
  });
});

describe("formatNumber", () => {
  it("writes a decimal comma and a dash for none", () => {
    expect(formatNumber(4.256)).toBe("4,26");
    expect(formatNumber("3.10", 1)).toBe("3,1");
    expect(formatNumber(null)).toBe("—");
  });
});

describe("distributionOption", () => {
  it("draws the unit's and the district's shares side by side", () => {
    const option = distributionOption([0, 0, 0, 0, 30], [0, 0, 50, 100, 50], {
      unit: "Иванова",
      district: "Округ",
      mark: "Отметка",
      share: "%",
    }) as { series: { name: string; data: number[] }[] };
    expect(option.series.map((s) => s.name)).toEqual(["Иванова", "Округ"]);
    expect(option.series[0]?.data).toEqual([0, 0, 0, 0, 100]);
    expect(option.series[1]?.data).toEqual([0, 0, 25, 50, 25]);
  });
});

describe("periodMarksOption", () => {
  it("puts the far period marks in a series of their own", () => {
    const option = periodMarksOption(
      [
        { value: 4, weighted_average: "3.0", count: 1, far: true },
        { value: 4, weighted_average: "4.0", count: 3, far: false },
      ],
      { average: "avg", periodMark: "mark", far: "far", near: "near" },
    ) as { series: { name: string; data: number[][] }[] };
    expect(option.series.map((s) => [s.name, s.data])).toEqual([
      ["near", [[4, 4, 3]]],
      ["far", [[3, 4, 1]]],
    ]);
  });
});
