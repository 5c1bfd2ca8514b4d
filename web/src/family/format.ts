/** How the diary shows numbers and dates to people (decimal comma in Russian, 07.12.2026). */

/** "4.50" from the API as "4,50" in Russian, "4.50" in English; null as an em dash. */
export function formatDecimal(value: string | null | undefined, language: string): string {
  if (value === null || value === undefined || value === "") {
    return "—";
  }
  const fixed = Number(value).toFixed(2);
  return language === "ru" ? fixed.replace(".", ",") : fixed;
}

/** A mark's weight without trailing zeros: "2.00" is "2", "1.50" is "1,5". */
export function formatWeight(value: string, language: string): string {
  const plain = String(Number(value));
  return language === "ru" ? plain.replace(".", ",") : plain;
}

/** "2026-12-07" as "07.12.2026" (or "07.12" without the year). */
export function formatDay(isoDate: string, withYear = true): string {
  const [year, month, day] = isoDate.slice(0, 10).split("-");
  return withYear ? `${day ?? ""}.${month ?? ""}.${year ?? ""}` : `${day ?? ""}.${month ?? ""}`;
}

/** "2026-12-07T09:00:00+03:00" as "09:00": the time as the API gives it, in the school's zone. */
export function formatTime(isoDateTime: string): string {
  return isoDateTime.slice(11, 16);
}

export type AverageTone = "failing" | "weak" | "fair" | "good";

/** The colour an average is shown in, by what it rounds to: below 2.5 failing, to 3.49 weak,
 * to 4.49 fair, from 4.5 good. */
export function averageTone(value: string | null | undefined): AverageTone | null {
  if (value === null || value === undefined || value === "") {
    return null;
  }
  const average = Number(value);
  if (average < 2.5) return "failing";
  if (average < 3.5) return "weak";
  if (average < 4.5) return "fair";
  return "good";
}

/** The Monday of the week of an ISO date (the diary's week runs Monday to Sunday). */
export function mondayOf(isoDate: string): string {
  const day = new Date(`${isoDate.slice(0, 10)}T12:00:00Z`);
  const shift = (day.getUTCDay() + 6) % 7;
  day.setUTCDate(day.getUTCDate() - shift);
  return day.toISOString().slice(0, 10);
}

/** The ISO date `days` days after (or before) another. */
export function addDays(isoDate: string, days: number): string {
  const day = new Date(`${isoDate.slice(0, 10)}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

/** Today's date where the browser is, as an ISO date. */
export function localToday(now: Date = new Date()): string {
  const month = String(now.getMonth() + 1).padStart(2, "0");
  const day = String(now.getDate()).padStart(2, "0");
  return `${now.getFullYear()}-${month}-${day}`;
}
