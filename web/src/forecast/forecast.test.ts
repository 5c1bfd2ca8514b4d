import { describe, expect, it } from "vitest";

import { forecastOf, onePerValue, type MarkEntry } from "./forecast";

const WORK_TYPES = [
  { code: "classwork", title_ru: "Работа на уроке", weight: "1" },
  { code: "quiz", title_ru: "Самостоятельная работа", weight: "1.5" },
  { code: "test", title_ru: "Контрольная работа", weight: "2" },
  { code: "essay", title_ru: "Сочинение", weight: "2" },
];

const marks = (...pairs: [string, string][]): MarkEntry[] => pairs.map(([value, weight]) => ({ value, weight }));

describe("forecastOf (the journal's forecast/rules.py, for the grid's unsaved marks)", () => {
  it("rounds 19/8 = 2.375 to 2.38 and forecasts 2, failing, with the fewest marks that make a 3", () => {
    // test 2 and 3 (weight 2), classwork 2, 2, 3, 2: 4 + 6 + 9 = 19 over 2 + 2 + 4 = 8.
    const found = forecastOf(marks(["2", "2"], ["3", "2"], ["2", "1"], ["2", "1"], ["3", "1"], ["2", "1"]), WORK_TYPES);
    expect(found).not.toBeNull();
    expect(found?.weighted_average).toBe("2.38");
    expect(found?.projected_mark).toBe(2);
    expect(found?.failing).toBe(true);
    const option = (code: string, value: number) => found?.marks_needed.find((o) => o.work_type === code && o.value === value);
    // One 3 in a test: (19 + 6) / 10 = 2.50, the half rounds up to 3.
    expect(option("test", 3)).toMatchObject({ count: 1, average_after: "2.50", rounds_to: 3 });
    // One 3 in classwork: 22/9 = 2.44, not enough; two: 25/10 = 2.50.
    expect(option("classwork", 3)).toMatchObject({ count: 2, average_after: "2.50" });
    // One 4 in classwork: 23/9 = 2.555.. -> 2.56.
    expect(option("classwork", 4)).toMatchObject({ count: 1, average_after: "2.56" });
    // Two 3s in a quiz (weight 1.5): 28/11 = 2.545.. -> 2.55.
    expect(option("quiz", 3)).toMatchObject({ count: 2, average_after: "2.55" });
    // Ties keep the school's order of work types: the test before the essay.
    expect(found?.marks_needed.slice(0, 2).map((o) => o.work_type)).toEqual(["test", "essay"]);
  });

  it("leaves pass/fail marks out and has nothing to lift at 5", () => {
    expect(forecastOf(marks(["pass", "1"]), WORK_TYPES)).toBeNull();
    const top = forecastOf(marks(["5", "1"], ["4", "1"], ["pass", "1"]), WORK_TYPES);
    // (5 + 4) / 2 = 4.50 -> 5.
    expect(top?.projected_mark).toBe(5);
    expect(top?.marks_needed).toEqual([]);
  });
});

describe("onePerValue", () => {
  it("keeps the first way up of each mark value, in the answer's order", () => {
    const found = forecastOf(marks(["2", "2"], ["3", "2"], ["2", "1"], ["2", "1"], ["3", "1"], ["2", "1"]), WORK_TYPES);
    const shown = onePerValue(found?.marks_needed ?? []).map((o) => [o.value, o.work_type, o.count]);
    // 3: one in a test (weight 2); 4: one in classwork (23/9 = 2.56); 5: one in classwork (24/9 = 2.67).
    expect(shown).toEqual([
      [3, "test", 1],
      [4, "classwork", 1],
      [5, "classwork", 1],
    ]);
  });
});
