// @vitest-environment jsdom
import { beforeAll, describe, expect, it } from "vitest";
import i18next from "i18next";

import { initI18n, setLanguage } from "../../../i18n";
import { rejectedReason } from "./reasons";

function line(code: string, params: Record<string, string | number>, reason = "English reason") {
  return { line: 3, column: "date", reason, code, params };
}

beforeAll(async () => {
  await initI18n("ru");
});

describe("rejected lines", () => {
  it("are worded in Russian with Russian dates and column names", async () => {
    await setLanguage("ru");
    expect(rejectedReason(i18next, line("lesson-cancelled", { date: "2026-12-01" }))).toBe("Урок 01.12.2026 отменён.");
    expect(rejectedReason(i18next, line("needs-student", { column: "work_type" }))).toBe("Для столбца «Вид работы» нужен ID ученика.");
    expect(rejectedReason(i18next, line("mark-not-on-scale", { value: "7" }))).toBe("«7» — не отметка по шкале школы.");
  });

  it("follow the interface language", async () => {
    await setLanguage("en");
    expect(rejectedReason(i18next, line("student-not-in-class", {}))).toBe("The student is not in this class.");
    await setLanguage("ru");
  });

  it("keep the service's words for a code the app does not know", () => {
    expect(rejectedReason(i18next, line("invalid", {}, "Logged before codes."))).toBe("Logged before codes.");
  });
});
