import { describe, expect, it } from "vitest";

import { toProblem } from "./problem";

describe("toProblem", () => {
  it("keeps the fields a problem document names", () => {
    const problem = toProblem(422, {
      type: "about:blank",
      title: "Invalid input",
      status: 422,
      detail: "grade is too large",
      errors: [{ field: "query.grade", message: "at most 11" }, { message: "no field" }],
    });
    expect(problem.detail).toBe("grade is too large");
    expect(problem.errors).toEqual([{ field: "query.grade", message: "at most 11" }]);
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
