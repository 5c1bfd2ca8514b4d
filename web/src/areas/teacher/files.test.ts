import { describe, expect, it } from "vitest";

import { CSV, XLSX, fileNameOf, sheetMediaType } from "./files";

describe("files", () => {
  it("knows a spreadsheet by its name when the browser gives no type", () => {
    expect(sheetMediaType({ name: "КТП 5Б.csv", type: "" })).toBe(CSV);
    expect(sheetMediaType({ name: "КТП.XLSX", type: "" })).toBe(XLSX);
    expect(sheetMediaType({ name: "journal", type: XLSX })).toBe(XLSX);
    expect(sheetMediaType({ name: "photo.jpg", type: "image/jpeg" })).toBeNull();
  });

  it("reads the file name of a download", () => {
    expect(fileNameOf("attachment; filename*=UTF-8''ktp-1.xlsx", "x")).toBe("ktp-1.xlsx");
    expect(fileNameOf("attachment; filename*=UTF-8''%D0%9A%D0%A2%D0%9F.csv", "x")).toBe("КТП.csv");
    expect(fileNameOf('attachment; filename="paper-journal-5B.xlsx"', "x")).toBe("paper-journal-5B.xlsx");
    expect(fileNameOf(null, "fallback.xlsx")).toBe("fallback.xlsx");
    expect(fileNameOf("attachment; filename*=UTF-8''%E0%A4%A", "fallback.xlsx")).toBe("fallback.xlsx");
  });
});
