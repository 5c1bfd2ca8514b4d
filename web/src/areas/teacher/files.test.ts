import { describe, expect, it } from "vitest";

import { CSV, XLSX, sheetMediaType } from "./files";

describe("files", () => {
  it("knows a spreadsheet by its name when the browser gives no type", () => {
    expect(sheetMediaType({ name: "КТП 5Б.csv", type: "" })).toBe(CSV);
    expect(sheetMediaType({ name: "КТП.XLSX", type: "" })).toBe(XLSX);
    expect(sheetMediaType({ name: "journal", type: XLSX })).toBe(XLSX);
    expect(sheetMediaType({ name: "photo.jpg", type: "image/jpeg" })).toBeNull();
  });
});
