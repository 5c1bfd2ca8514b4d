import { describe, expect, it } from "vitest";

import { moveFrom, startsTyping } from "./keyboard";

const size = { rows: 3, cols: 4 };
const key = (name: string, shiftKey = false, ctrlKey = false) => ({ key: name, shiftKey, ctrlKey });

describe("moveFrom", () => {
  it("moves with the arrows and stops at the edges", () => {
    expect(moveFrom({ row: 1, col: 1 }, key("ArrowRight"), size)).toEqual({ row: 1, col: 2 });
    expect(moveFrom({ row: 0, col: 0 }, key("ArrowUp"), size)).toEqual({ row: 0, col: 0 });
    expect(moveFrom({ row: 2, col: 3 }, key("ArrowDown"), size)).toEqual({ row: 2, col: 3 });
  });

  it("Tab goes right and on to the next row; Shift+Tab back", () => {
    expect(moveFrom({ row: 0, col: 2 }, key("Tab"), size)).toEqual({ row: 0, col: 3 });
    expect(moveFrom({ row: 0, col: 3 }, key("Tab"), size)).toEqual({ row: 1, col: 0 });
    expect(moveFrom({ row: 1, col: 0 }, key("Tab", true), size)).toEqual({ row: 0, col: 3 });
  });

  it("Enter goes down the lesson's column, Shift+Enter up", () => {
    expect(moveFrom({ row: 0, col: 2 }, key("Enter"), size)).toEqual({ row: 1, col: 2 });
    expect(moveFrom({ row: 1, col: 2 }, key("Enter", true), size)).toEqual({ row: 0, col: 2 });
  });

  it("Home and End go to the row's ends, with Ctrl to the grid's corners", () => {
    expect(moveFrom({ row: 1, col: 2 }, key("Home"), size)).toEqual({ row: 1, col: 0 });
    expect(moveFrom({ row: 1, col: 2 }, key("End", false, true), size)).toEqual({ row: 2, col: 3 });
  });

  it("other keys do not move", () => {
    expect(moveFrom({ row: 1, col: 1 }, key("5"), size)).toBeNull();
  });
});

describe("startsTyping", () => {
  it("a printable key without modifiers starts typing", () => {
    const plain = { ctrlKey: false, metaKey: false, altKey: false };
    expect(startsTyping({ key: "5", ...plain })).toBe(true);
    expect(startsTyping({ key: "н", ...plain })).toBe(true);
    expect(startsTyping({ key: "z", ...plain, ctrlKey: true })).toBe(false);
    expect(startsTyping({ key: "Delete", ...plain })).toBe(false);
  });
});
