import { describe, expect, it } from "vitest";

import { addDays, dueWording, lastDayBefore, russianDate, schoolDate, schoolTime } from "./schoolTime";

const MOSCOW = "Europe/Moscow";

describe("school time", () => {
  it("shows moments in the school's zone, not the browser's", () => {
    expect(schoolTime("2026-12-07T06:05:00+00:00", MOSCOW)).toBe("09:05");
    expect(schoolTime("2026-12-07T06:05:00+00:00", "Asia/Yekaterinburg")).toBe("11:05");
    expect(schoolDate("2026-12-07T22:30:00+00:00", MOSCOW)).toBe("08.12.2026");
  });

  it("writes dates the Russian way", () => {
    expect(russianDate("2026-12-07")).toBe("07.12.2026");
  });

  it("reads a midnight deadline as the end of the day before", () => {
    expect(dueWording("2026-12-08T00:00:00+03:00", MOSCOW, "2026-12-07")).toEqual({ key: "dueEndOfToday", date: "07.12", time: "" });
    expect(dueWording("2026-12-09T00:00:00+03:00", MOSCOW, "2026-12-07")).toEqual({ key: "dueEndOfDay", date: "08.12", time: "" });
    // The same moment sent in UTC.
    expect(dueWording("2026-12-07T21:00:00Z", MOSCOW, "2026-12-07")).toEqual({ key: "dueEndOfToday", date: "07.12", time: "" });
  });

  it("names the last day before a midnight", () => {
    expect(lastDayBefore("2026-12-22T00:00:00+03:00", MOSCOW)).toBe("21.12.2026");
  });

  it("gives a deadline's time, and its day when it is not today", () => {
    expect(dueWording("2026-12-07T06:45:00Z", MOSCOW, "2026-12-07")).toEqual({ key: "dueTimeToday", date: "07.12", time: "09:45" });
    expect(dueWording("2026-12-08T06:45:00Z", MOSCOW, "2026-12-07")).toEqual({ key: "dueTime", date: "08.12", time: "09:45" });
  });

  it("moves dates across months and years", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
});
