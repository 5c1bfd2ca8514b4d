/**
 * How oversight's figures read: shares of entries on time, late and missing; the trend from
 * one week to the next; an entry's moment against its due moment, in the school's time zone.
 */

export interface TimelinessCounts {
  readonly on_time: number;
  readonly late: number;
  readonly missing: number;
}

export interface TimelinessShares {
  readonly onTime: number;
  readonly late: number;
  readonly missing: number;
}

/** Shares of the entries due (0..1); null when nothing was due (no share to speak of). */
export function sharesOf(counts: TimelinessCounts): TimelinessShares | null {
  const due = counts.on_time + counts.late + counts.missing;
  if (due === 0) return null;
  return { onTime: counts.on_time / due, late: counts.late / due, missing: counts.missing / due };
}

/** A share as a percentage in the interface language: "92,5 %" / "92.5%"; a dash for none. */
export function formatShare(share: number | null | undefined, language: string): string {
  if (share === null || share === undefined) return "—";
  return new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 1 }).format(share);
}

/**
 * The change of the on-time share from the week before to the last week that had entries
 * due, in percentage points (+3.5: better); null with fewer than two such weeks.
 */
export function onTimeTrend(weeks: readonly TimelinessCounts[]): number | null {
  const shares = weeks.map(sharesOf).filter((share): share is TimelinessShares => share !== null);
  return shareChange(shares.at(-2)?.onTime, shares.at(-1)?.onTime);
}

export interface Delay {
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
}

/** How long after its due moment an entry was made; null when it was made in time. */
export function delayOf(dueAt: string, enteredAt: string): Delay | null {
  const minutes = Math.floor((new Date(enteredAt).getTime() - new Date(dueAt).getTime()) / 60_000);
  if (minutes <= 0) return null;
  return { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60 };
}

/** A moment in the school's time zone, the Russian way: 07.12.2026, 09:05. */
export function schoolMoment(moment: string, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(new Date(moment))
      .map((part) => [part.type, part.value]),
  );
  const { year = "", month = "", day = "", hour = "", minute = "" } = parts;
  return `${day}.${month}.${year}, ${hour}:${minute}`;
}

/** A date (YYYY-MM-DD) the Russian way: 07.12.2026. */
export function russianDate(isoDate: string): string {
  const [year = "", month = "", day = ""] = isoDate.split("-");
  return `${day}.${month}.${year}`;
}

/** A week by its Monday (YYYY-MM-DD), Monday to Sunday: "07.12–13.12". */
export function weekLabel(monday: string): string {
  const start = new Date(`${monday}T00:00:00Z`);
  const end = new Date(start.getTime() + 6 * 86_400_000);
  const dayMonth = (day: Date) =>
    `${String(day.getUTCDate()).padStart(2, "0")}.${String(day.getUTCMonth() + 1).padStart(2, "0")}`;
  return `${dayMonth(start)}–${dayMonth(end)}`;
}

/** The Monday (YYYY-MM-DD) of the week a day falls in, `weeksBack` weeks earlier. */
export function mondayOf(day: Date, weeksBack = 0): string {
  const utc = Date.UTC(day.getFullYear(), day.getMonth(), day.getDate());
  const sinceMonday = (new Date(utc).getUTCDay() + 6) % 7;
  return new Date(utc - (sinceMonday + 7 * weeksBack) * 86_400_000).toISOString().slice(0, 10);
}

/** The change of a share from one week to the next in percentage points; null without both. */
export function shareChange(before: number | null | undefined, after: number | null | undefined): number | null {
  if (before === null || before === undefined || after === null || after === undefined) return null;
  return Math.round((after - before) * 1000) / 10;
}
