// @vitest-environment jsdom
import i18next from "i18next";
import { beforeAll, describe, expect, it } from "vitest";

import { ApiError, toProblem } from "../../api/problem";
import { initI18n } from "../../i18n";
import { fileProblem } from "./fileProblem";

beforeAll(async () => {
  await initI18n("ru");
});

function refused(errors: object[]): ApiError {
  return new ApiError(toProblem(422, { type: "https://okrug.example/problems/invalid-input", title: "Invalid input", status: 422, errors }));
}

describe("a refused file", () => {
  it("names each bad row's line and column in Russian", () => {
    const shown = fileProblem(
      i18next,
      refused([
        { field: "rows.3.hours", code: "whole-hours", detail: "'1,5' is not whole hours", params: {} },
        { field: "rows.4.topic", code: "missing", detail: "The topic is empty.", params: {} },
        { field: "rows.5.number", code: "number-repeats", detail: "Number 1 repeats line 2.", params: { number: 1, line: 2 } },
        { field: "file", code: "invalid-input", detail: "The file is not an XLSX workbook.", params: {} },
      ]),
    );
    expect(shown.summary).toBe("Проверьте отмеченные поля.");
    expect(shown.unplaced).toEqual([
      "Строка 3, «Часы»: Часы — целым числом: один урок — один час",
      "Строка 4, «Тема»: Обязательное поле",
      "Строка 5, «№»: Номер 1 уже есть в строке 2",
      "The file is not an XLSX workbook.",
    ]);
  });

  it("says the network failed when there is no answer", () => {
    expect(fileProblem(i18next, new TypeError("Failed to fetch")).summary).toBe(
      "Нет связи с сервером. Введённое сохранено на этой странице: попробуйте ещё раз.",
    );
  });
});
