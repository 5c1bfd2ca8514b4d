import { describe, expect, it } from "vitest";

import { averageTone, changeValueText, formatDecimal } from "./format";

const words = (key: string) => ({ "reasons.illness": "болезнь", "reasons.none": "без причины" })[key] ?? key;

describe("formatDecimal", () => {
  it("writes a decimal comma and a dash for none", () => {
    expect(formatDecimal("3.43")).toBe("3,43");
    expect(formatDecimal(null)).toBe("—");
  });
});

describe("averageTone", () => {
  it("colours by what the average rounds to", () => {
    expect(averageTone("2.49")).toBe("danger");
    expect(averageTone("2.50")).toBe("warning");
    expect(averageTone("3.49")).toBe("warning");
    expect(averageTone("3.50")).toBeUndefined();
    expect(averageTone("4.49")).toBeUndefined();
    expect(averageTone("4.50")).toBe("success");
    expect(averageTone(null)).toBeUndefined();
  });
});

describe("changeValueText", () => {
  it("writes a mark with its work type and weight", () => {
    expect(changeValueText("mark", { value: "4", work_type: "oral", weight: "1.00" }, words)).toBe("4 (oral, 1,00)");
  });
  it("writes an absence with its reason or none", () => {
    expect(changeValueText("attendance-reason", { status: "absent", reason: "illness" }, words)).toBe("н (болезнь)");
    expect(changeValueText("attendance-reason", { status: "late", reason: null }, words)).toBe("оп (без причины)");
  });
  it("writes a period mark and a deleted entry", () => {
    expect(changeValueText("period-mark", { value: "5", period: "term-1" }, words)).toBe("5 (term-1)");
    expect(changeValueText("mark", null, words)).toBe("—");
  });
});
