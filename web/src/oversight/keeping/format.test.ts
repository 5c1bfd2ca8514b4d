import { describe, expect, it } from "vitest";

import { delayOf, formatShare, mondayOf, onTimeTrend, schoolMoment, shareChange, sharesOf, weekLabel } from "./format";

describe("timeliness shares", () => {
  it("divides by every entry due: on time, late and missing", () => {
    // 18 on time, 1 late, 1 missing: 20 due; 18/20 = 0.9, 1/20 = 0.05.
    expect(sharesOf({ on_time: 18, late: 1, missing: 1 })).toEqual({ onTime: 0.9, late: 0.05, missing: 0.05 });
  });

  it("has no share when nothing was due", () => {
    expect(sharesOf({ on_time: 0, late: 0, missing: 0 })).toBeNull();
  });

  it("reads as a percentage in the interface language", () => {
    expect(formatShare(0.925, "ru")).toBe("92,5\u00a0%");
    expect(formatShare(0.925, "en")).toBe("92.5%");
    expect(formatShare(null, "ru")).toBe("—");
  });
});

describe("the on-time trend", () => {
  it("compares the last two weeks that had entries due, in percentage points", () => {
    // Week 1: 8/10 = 80 %; week 2: nothing due (skipped); week 3: 17/20 = 85 %: +5 points.
    const weeks = [
      { on_time: 8, late: 1, missing: 1 },
      { on_time: 0, late: 0, missing: 0 },
      { on_time: 17, late: 2, missing: 1 },
    ];
    expect(onTimeTrend(weeks)).toBe(5);
  });

  it("falls when the last week is worse and is unknown with a single week", () => {
    // 9/10 = 90 %, then 3/4 = 75 %: -15 points.
    expect(onTimeTrend([{ on_time: 9, late: 1, missing: 0 }, { on_time: 3, late: 0, missing: 1 }])).toBe(-15);
    expect(onTimeTrend([{ on_time: 9, late: 1, missing: 0 }])).toBeNull();
  });
});

describe("an entry against its due moment", () => {
  it("is late by days, hours and minutes past the due moment", () => {
    // Due 8 Dec 00:00, entered 9 Dec 02:30: 1 day 2 h 30 min.
    expect(delayOf("2026-12-08T00:00:00+03:00", "2026-12-09T02:30:00+03:00")).toEqual({ days: 1, hours: 2, minutes: 30 });
  });

  it("is in time up to and at the due moment", () => {
    expect(delayOf("2026-12-08T00:00:00Z", "2026-12-08T00:00:00Z")).toBeNull();
    expect(delayOf("2026-12-08T00:00:00Z", "2026-12-07T15:00:00Z")).toBeNull();
  });

  it("is shown in the school's time zone", () => {
    // 21:05 UTC is 00:05 the next day in Moscow (UTC+3).
    expect(schoolMoment("2026-12-07T21:05:00Z", "Europe/Moscow")).toBe("08.12.2026, 00:05");
    expect(schoolMoment("2026-12-07T21:05:00Z", "Asia/Yekaterinburg")).toBe("08.12.2026, 02:05");
  });
});

describe("weeks", () => {
  it("run from Monday to Sunday, across a month's end", () => {
    expect(weekLabel("2026-12-28")).toBe("28.12–03.01");
  });
});

describe("the weeks of the trend", () => {
  it("start on Monday, this week's and the one before", () => {
    // Thursday 10 Dec 2026: its Monday is 7 Dec, the week before starts 30 Nov.
    expect(mondayOf(new Date(2026, 11, 10))).toBe("2026-12-07");
    expect(mondayOf(new Date(2026, 11, 10), 1)).toBe("2026-11-30");
    // A Sunday belongs to the week that began six days before; a Monday to its own.
    expect(mondayOf(new Date(2026, 11, 13))).toBe("2026-12-07");
    expect(mondayOf(new Date(2026, 11, 7))).toBe("2026-12-07");
  });

  it("change in points between two weeks' shares, unknown without both", () => {
    // 0.8 -> 0.75: -5 points.
    expect(shareChange(0.8, 0.75)).toBe(-5);
    expect(shareChange(null, 0.75)).toBeNull();
    expect(shareChange(0.5, undefined)).toBeNull();
  });
});
