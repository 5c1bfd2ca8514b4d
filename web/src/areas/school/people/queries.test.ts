import { describe, expect, it } from "vitest";

import { fullName, matchesSearch, sortedByName } from "./queries";

const maria = { last_name: "Семёнова", first_name: "Мария", middle_name: "Петровна", username: "student.semenova" };
const ilya = { last_name: "Кузнецов", first_name: "Илья", middle_name: null, username: "ilya.k" };

describe("people search", () => {
  it("writes a name as school documents do, without a missing middle name", () => {
    expect(fullName(maria)).toBe("Семёнова Мария Петровна");
    expect(fullName(ilya)).toBe("Кузнецов Илья");
  });

  it("finds every typed word in the name or the login, any case, ё as е", () => {
    expect(matchesSearch(maria, "семенова")).toBe(true);
    expect(matchesSearch(maria, "  МАРИЯ   сем ")).toBe(true);
    expect(matchesSearch(maria, "SEMENOVA")).toBe(true);
    expect(matchesSearch(maria, "мария кузнецов")).toBe(false);
    expect(matchesSearch(ilya, "")).toBe(true);
  });

  it("sorts by the full name in Russian order", () => {
    expect(sortedByName([maria, ilya]).map((p) => p.last_name)).toEqual(["Кузнецов", "Семёнова"]);
  });
});
