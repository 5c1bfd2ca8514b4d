/** Files the teacher's screens send and receive: plans and paper journals as CSV or XLSX. */

export const CSV = "text/csv";
export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export type SheetMediaType = typeof CSV | typeof XLSX;

/** A spreadsheet's media type by its name: browsers often give a CSV no type, or Excel's. */
export function sheetMediaType(file: { name: string; type: string }): SheetMediaType | null {
  const name = file.name.toLowerCase();
  if (name.endsWith(".xlsx") || file.type === XLSX) return XLSX;
  if (name.endsWith(".csv") || file.type === CSV) return CSV;
  return null;
}
