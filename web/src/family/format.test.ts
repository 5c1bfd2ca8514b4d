import { describe, expect, it } from "vitest";

import { addDays, averageTone, formatDay, formatDecimal, formatTime, formatWeight, localToday, mondayOf } from "./format";

describe("diary formatting", () => {
  it("shows averages with a decimal comma in Russian and a point in English", () => {
    expect(formatDecimal("3.43", "ru")).toBe("3,43");
    expect(formatDecimal("4", "ru")).toBe("4,00");
    expect(formatDecimal("3.43", "en")).toBe("3.43");
    expect(formatDecimal(null, "ru")).toBe("—");
  });

  it("shows weights without trailing zeros", () => {
    expect(formatWeight("2.00", "ru")).toBe("2");
    expect(formatWeight("1.50", "ru")).toBe("1,5");
    expect(formatWeight("1.50", "en")).toBe("1.5");
  });

  it("shows dates day first and times as given in the school's zone", () => {
    expect(formatDay("2026-12-07")).toBe("07.12.2026");
    expect(formatDay("2026-12-07", false)).toBe("07.12");
    expect(formatTime("2026-12-07T09:05:00+03:00")).toBe("09:05");
  });

  it("colours an average by what it rounds to", () => {
    expect(averageTone("2.49")).toBe("failing");
    expect(averageTone("2.50")).toBe("weak");
    expect(averageTone("3.49")).toBe("weak");
    expect(averageTone("3.50")).toBe("fair");
    expect(averageTone("4.49")).toBe("fair");
    expect(averageTone("4.50")).toBe("good");
    expect(averageTone(null)).toBeNull();
  });

  it("finds the week's Monday and moves by days across months and years", () => {
    expect(mondayOf("2026-12-07")).toBe("2026-12-07"); // a Monday
    expect(mondayOf("2026-12-13")).toBe("2026-12-07"); // its Sunday
    expect(mondayOf("2027-01-01")).toBe("2026-12-28");
    expect(addDays("2026-12-28", 7)).toBe("2027-01-04");
    expect(addDays("2026-03-02", -7)).toBe("2026-02-23");
  });

  it("takes today's date where the browser is", () => {
    expect(localToday(new Date(2026, 0, 5, 23, 30))).toBe("2026-01-05");
  });
});
