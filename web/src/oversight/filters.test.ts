import { describe, expect, it } from "vitest";

import { filtersFromSearch, searchOfFilters } from "./filters";

const SUBJECT = "0f8fad5b-d9cb-469f-a165-70867728950e";

describe("oversight filters in the address", () => {
  it("reads a period, a grade and a subject", () => {
    expect(filtersFromSearch(new URLSearchParams(`period=term-2&grade=5&subject=${SUBJECT}`))).toEqual({
      period: "term-2",
      grade: 5,
      subjectId: SUBJECT,
    });
  });

  it("drops what is malformed instead of sending it to the API", () => {
    expect(filtersFromSearch(new URLSearchParams("period=<b>&grade=12&subject=42"))).toEqual({});
    expect(filtersFromSearch(new URLSearchParams("grade=5.5"))).toEqual({});
    expect(filtersFromSearch(new URLSearchParams("grade=0"))).toEqual({});
  });

  it("writes only the filters that are set, and reads back what it wrote", () => {
    expect(searchOfFilters({})).toBe("");
    expect(searchOfFilters({ grade: 11 })).toBe("?grade=11");
    const written = searchOfFilters({ period: "year", grade: 1, subjectId: SUBJECT });
    expect(filtersFromSearch(new URLSearchParams(written))).toEqual({ period: "year", grade: 1, subjectId: SUBJECT });
  });
});
