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

/** The file name a Content-Disposition header gives (RFC 6266: `filename*` first). */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (disposition === null) return fallback;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (extended?.[1] !== undefined) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      return fallback;
    }
  }
  const plain = /filename\s*=\s*"([^"]+)"|filename\s*=\s*([^;]+)/i.exec(disposition);
  return (plain?.[1] ?? plain?.[2])?.trim() ?? fallback;
}

/** Hands a downloaded file to the browser to save. */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled.
  window.setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 0);
}
