import { describe, expect, it } from "vitest";

import { indexSeries } from "./IndexSection";
import type { IndexWeek } from "./model";

describe("the index's chart", () => {
  it("draws the weeks that have an index", () => {
    const weeks = [
      { week: "2026-11-16", index: 57.5, parts: [] },
      { week: "2026-11-23", index: null, parts: [] },
      { week: "2026-11-30", index: 65, parts: [] },
    ] as IndexWeek[];
    expect(indexSeries(weeks)).toEqual([
      { week: "2026-11-16", index: 57.5 },
      { week: "2026-11-30", index: 65 },
    ]);
  });
});
