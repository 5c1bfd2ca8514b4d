/** "2026-12-07" -> "07.12", as a journal's column shows a lesson's day. */
export function dayMonth(isoDate: string): string {
  const [, month, day] = isoDate.split("-");
  return `${day ?? ""}.${month ?? ""}`;
}

/** The browser's calendar day as "2026-12-07". */
export function localIsoDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The last day a lesson could be changed ("09.11.2026"): the day before the moment its edit
 * window closed, in the school's time zone (the journal sends that moment with the school's
 * offset: "2026-11-10T00:00:00+03:00"). */
export function lastEditableDay(closesAt: string): string {
  const [year, month, day] = closesAt.slice(0, 10).split("-").map(Number);
  const last = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, (day ?? 1) - 1));
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(last.getUTCDate())}.${pad(last.getUTCMonth() + 1)}.${last.getUTCFullYear()}`;
}
