/**
 * Moments shown in the school's time zone (the journal's deadlines are midnights there), the
 * Russian way: 07.12.2026, 09:05. A deadline at midnight is the end of the day before it.
 */

interface LocalParts {
  /** YYYY-MM-DD */
  date: string;
  /** DD.MM */
  dayMonth: string;
  /** DD.MM.YYYY */
  full: string;
  /** HH:MM */
  time: string;
}

function partsIn(moment: Date, zone: string): LocalParts {
  const format = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const parts = Object.fromEntries(format.formatToParts(moment).map((part) => [part.type, part.value]));
  const { year = "", month = "", day = "", hour = "", minute = "" } = parts;
  return { date: `${year}-${month}-${day}`, dayMonth: `${day}.${month}`, full: `${day}.${month}.${year}`, time: `${hour}:${minute}` };
}

/** 07.12.2026 for a date (YYYY-MM-DD). */
export function russianDate(isoDate: string): string {
  const [year = "", month = "", day = ""] = isoDate.split("-");
  return `${day}.${month}.${year}`;
}

/** The time of a moment in the school's zone: 09:05. */
export function schoolTime(moment: string, zone: string): string {
  return partsIn(new Date(moment), zone).time;
}

/** The date of a moment in the school's zone: 07.12.2026. */
export function schoolDate(moment: string, zone: string): string {
  return partsIn(new Date(moment), zone).full;
}

/** The last day before a deadline at midnight (the edit window's end): 21.12.2026. */
export function lastDayBefore(deadline: string, zone: string): string {
  return partsIn(new Date(new Date(deadline).getTime() - 60_000), zone).full;
}

export type DueKey = "dueEndOfToday" | "dueEndOfDay" | "dueTimeToday" | "dueTime";

/** How a deadline reads to the teacher: by the end of a day (a midnight deadline), or by a
 * time, with the day left out when it is `today` (YYYY-MM-DD, in the school's zone). */
export function dueWording(dueAt: string, zone: string, today: string): { key: DueKey; date: string; time: string } {
  const due = new Date(dueAt);
  const local = partsIn(due, zone);
  if (local.time === "00:00") {
    const dayBefore = partsIn(new Date(due.getTime() - 60_000), zone);
    return dayBefore.date === today
      ? { key: "dueEndOfToday", date: dayBefore.dayMonth, time: "" }
      : { key: "dueEndOfDay", date: dayBefore.dayMonth, time: "" };
  }
  return local.date === today
    ? { key: "dueTimeToday", date: local.dayMonth, time: local.time }
    : { key: "dueTime", date: local.dayMonth, time: local.time };
}

/** A date (YYYY-MM-DD) moved by whole days. */
export function addDays(isoDate: string, days: number): string {
  const moved = new Date(`${isoDate}T12:00:00Z`);
  moved.setUTCDate(moved.getUTCDate() + days);
  return moved.toISOString().slice(0, 10);
}
