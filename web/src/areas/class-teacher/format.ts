import dayjs, { type Dayjs } from "dayjs";

/** "07.12.2026": a date as Russian journals print it (ISO dates in the API). */
export function formatDate(iso: string): string {
  return dayjs(iso).format("DD.MM.YYYY");
}

/** "07.12": a lesson's column in the grid. */
export function formatDayMonth(iso: string): string {
  return dayjs(iso).format("DD.MM");
}

/** A day as the API takes it: "2026-12-07". */
export function isoDay(day: Dayjs): string {
  return day.format("YYYY-MM-DD");
}

/** The Monday of the week holding `day` (a journal's week starts on Monday whatever the locale). */
export function mondayOf(day: Dayjs): Dayjs {
  const sinceMonday = (day.day() + 6) % 7;
  return day.subtract(sinceMonday, "day").startOf("day");
}

/** An average the API gives as a decimal string ("3.43"), shown with two decimals and the
 * interface language's separator: "3,43" in Russian. */
export function formatAverage(value: string, language: string): string {
  const number = Number(value);
  return new Intl.NumberFormat(language === "en" ? "en-GB" : "ru-RU", {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(number);
}

export type AverageTone = "failing" | "weak" | "good" | "excellent";

/** What an average rounds to, as journals colour it: below 2.5 red, below 3.5 orange, below 4.5
 * neutral, 4.5 and above green. */
export function averageTone(value: string): AverageTone {
  const number = Number(value);
  if (number < 2.5) return "failing";
  if (number < 3.5) return "weak";
  if (number < 4.5) return "good";
  return "excellent";
}
