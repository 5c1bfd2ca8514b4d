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
