import { describe, expect, it } from "vitest";

import { figureLines, recipientsText, type ReportFigures } from "./figures";

const share = (s: number | null | undefined) => (s === null || s === undefined ? "—" : `${String(Math.round(s * 1000) / 10)} %`);

const figures = {
  school_id: "s",
  school_name: "МБОУ СОШ № 5",
  timeliness: { on_time: 2, late: 1, missing: 1, due: 4, on_time_share: 0.5 },
  by_kind: [],
  fill: null,
  lessons: { planned: 2, held: 1, replaced: 0, cancelled: 0, missed: 1, held_share: 0.5 },
  objectivity: { compared: 3, outliers: 1, listed: [] },
  homework_load: null,
  usage: { weeks: 1, average_per_week: {} },
  forecast: { forecasts: 10, failing: 2 },
  index: { index: 62.5, parts: [] },
  thresholds: [],
} satisfies ReportFigures;

describe("a report's figures", () => {
  it("shows shares with their counts, and zero or a dash where a read model had nothing", () => {
    const lines = new Map(figureLines(figures, share).map((l) => [l.key, l.value]));
    expect(lines.get("onTime")).toBe("50 % (2 / 4)");
    expect(lines.get("held")).toBe("50 % (1 / 2)");
    expect(lines.get("fill")).toBe("—");
    expect(lines.get("belowMinimum")).toBe("0");
    expect(lines.get("overLimit")).toBe("0");
    expect(lines.get("failing")).toBe("2");
    expect(lines.get("index")).toBe("62.5");
  });

  it("names the recipients, or none", () => {
    expect(recipientsText({ recipients: [] })).toBeNull();
    expect(
      recipientsText({
        recipients: [
          { person_id: "a", name: "Директорова Н. П.", role: "director" },
          { person_id: "b", name: "Петров А. Б.", role: "director" },
        ],
      }),
    ).toBe("Директорова Н. П., Петров А. Б.");
  });
});
