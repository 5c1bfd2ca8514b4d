import dayjs from "dayjs";
import { describe, expect, it } from "vitest";

import { averageTone, formatAverage, formatDate, isoDay, mondayOf } from "./format";

describe("class teacher's formatting", () => {
  it("prints dates as Russian journals do", () => {
    expect(formatDate("2026-12-07")).toBe("07.12.2026");
  });

  it("finds the Monday of any day of the week, Sunday included", () => {
    expect(isoDay(mondayOf(dayjs("2026-12-07")))).toBe("2026-12-07");
    expect(isoDay(mondayOf(dayjs("2026-12-12")))).toBe("2026-12-07");
    expect(isoDay(mondayOf(dayjs("2026-12-13")))).toBe("2026-12-07");
    expect(isoDay(mondayOf(dayjs("2026-12-14")))).toBe("2026-12-14");
  });

  it("shows averages with two decimals and a decimal comma in Russian", () => {
    expect(formatAverage("3.43", "ru")).toBe("3,43");
    expect(formatAverage("5", "ru")).toBe("5,00");
    expect(formatAverage("4.5", "en")).toBe("4.50");
  });

  it("colours an average by what it rounds to", () => {
    expect(averageTone("2.49")).toBe("failing");
    expect(averageTone("2.50")).toBe("weak");
    expect(averageTone("3.49")).toBe("weak");
    expect(averageTone("3.50")).toBe("good");
    expect(averageTone("4.49")).toBe("good");
    expect(averageTone("4.50")).toBe("excellent");
  });
});
