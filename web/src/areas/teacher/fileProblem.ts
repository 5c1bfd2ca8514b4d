import type { i18n as I18n } from "i18next";

import { ApiError } from "../../api/problem";
import { fieldErrorText, problemText, type ShownProblem } from "../../forms/problems";

const ROW_FIELD = /^(?:body\.)?rows\.(\d+)\.(\w+)$/;

/**
 * A refused file, worded for the alert above the upload: the problem's summary, then each bad
 * row as "Line 3, “Hours”: …" (a plan names them `rows.<line>.<column>`), other fields as
 * they are. `columns` is the key of the file's column names in the teacher namespace.
 */
export function fileProblem(i18n: I18n, error: unknown, columns = "plans.fileColumns"): ShownProblem {
  if (!(error instanceof ApiError)) {
    return { summary: i18n.t("problems.network"), unplaced: [] };
  }
  const unplaced = error.problem.errors.map((fieldError) => {
    const text = fieldErrorText(i18n, fieldError, "teacher");
    const row = ROW_FIELD.exec(fieldError.field);
    if (row === null) return text;
    const [, line = "", column = ""] = row;
    const columnKey = `teacher:${columns}.${column}`;
    const columnName = i18n.exists(columnKey) ? (i18n.t as (key: string) => string)(columnKey) : column;
    return (i18n.t as (key: string, options: object) => string)("teacher:plans.badRow", { line, column: columnName, text });
  });
  return { summary: problemText(i18n, error.problem), unplaced };
}
