import type { FormInstance } from "antd";
import type { i18n as I18n } from "i18next";

import { ApiError } from "../../api/problem";
import { formNameOf, showProblemOnForm, type ShownProblem } from "../../forms/problems";

/**
 * showProblemOnForm, with the class teacher's own words for the codes its services give
 * (`classTeacher:problems.<code>`) in place of the service's English.
 */
export function showClassTeacherProblem(
  form: FormInstance,
  error: unknown,
  i18n: I18n,
  aliases: Record<string, (string | number)[]> = {},
): ShownProblem {
  const shown = showProblemOnForm(form, error, i18n, aliases);
  if (!(error instanceof ApiError)) {
    return shown;
  }
  const t = i18n.t as (key: string, options: object) => string;
  for (const fieldError of error.problem.errors) {
    const key = `classTeacher:problems.${fieldError.code}`;
    if (!i18n.exists(key)) continue;
    const name = aliases[fieldError.field] ?? formNameOf(fieldError.field);
    const text = t(key, fieldError.params);
    shown.unplaced = shown.unplaced.filter((unplaced) => unplaced !== fieldError.detail);
    const placed = form.getFieldsError().some((field) => JSON.stringify(field.name) === JSON.stringify(name));
    if (placed) {
      form.setFields([{ name, errors: [text] }]);
    } else {
      shown.unplaced.push(text);
    }
  }
  return shown;
}
