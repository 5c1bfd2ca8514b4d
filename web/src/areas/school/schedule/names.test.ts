import { describe, expect, it } from "vitest";

import { nameLookup, shortName } from "./names";

describe("shortName", () => {
  it("writes the surname and the initials", () => {
    expect(shortName({ last_name: "Иванова", first_name: "Мария", middle_name: "Петровна" })).toBe("Иванова М. П.");
  });
  it("leaves out a missing patronymic", () => {
    expect(shortName({ last_name: "Иванов", first_name: "Пётр", middle_name: null })).toBe("Иванов П.");
  });
  it("shows a dash for an unknown person", () => {
    const name = nameLookup([{ id: "1", last_name: "Сидорова", first_name: "Ольга" }]);
    expect(name("1")).toBe("Сидорова О.");
    expect(name("2")).toBe("—");
    expect(name(null)).toBe("—");
  });
});
