import { describe, expect, it } from "vitest";

import { toProblem } from "./problem";

describe("toProblem", () => {
  it("keeps the fields a problem document names", () => {
    const problem = toProblem(422, {
      type: "about:blank",
      title: "Invalid input",
      status: 422,
      detail: "grade is too large",
      errors: [
        { field: "query.grade", code: "less_than_equal", detail: "at most 11", params: { le: 11, flag: true } },
        { field: "body.title", detail: "closed" },
        { detail: "no field" },
      ],
    });
    expect(problem.detail).toBe("grade is too large");
    expect(problem.errors).toEqual([
      { field: "query.grade", code: "less_than_equal", detail: "at most 11", params: { le: 11 } },
      { field: "body.title", code: "invalid", detail: "closed", params: {} },
    ]);
  });

  it("makes a problem of the status when the body is none", () => {
    expect(toProblem(502, "<html>Bad Gateway</html>")).toEqual({
      type: "about:blank",
      title: "HTTP 502",
      status: 502,
      errors: [],
    });
  });
});
