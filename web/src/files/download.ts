/** Files the APIs answer (PDF, XLSX, CSV) are fetched with the bearer token, so no plain link
 * can download them: the app hands them to the browser itself. */

/** The file name the answer's Content-Disposition gives (RFC 6266: `filename*` first); the
 * fallback without one. */
export function fileNameOf(response: Response, fallback: string): string {
  const disposition = response.headers.get("Content-Disposition");
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

/** Hands a file to the browser to save under the name given, with no new window. */
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
