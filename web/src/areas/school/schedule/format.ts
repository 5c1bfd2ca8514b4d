import dayjs from "dayjs";

/** Dates as Russian documents write them: 07.12.2026. */
export function formatDate(iso: string): string {
  return dayjs(iso).format("DD.MM.YYYY");
}

/** A moment's date and time in the browser's zone: 07.12.2026 14:05. */
export function formatMoment(iso: string): string {
  return dayjs(iso).format("DD.MM.YYYY HH:mm");
}

/** A bell time (08:30:00) as hours and minutes. */
export function formatBellTime(time: string): string {
  return time.slice(0, 5);
}

/** A day as the APIs take it: 2026-12-07. */
export function isoDay(day: dayjs.Dayjs): string {
  return day.format("YYYY-MM-DD");
}
