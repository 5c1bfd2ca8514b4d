import type { FormInstance } from "antd";
import type { TFunction, i18n as I18n } from "i18next";

import { ApiError, type Problem, type ProblemField } from "../api/problem";
import type { Namespace } from "../i18n/namespaces";

/** The form's name of a field a problem names: `body.marks.0.value` is ["marks", 0, "value"]. */
export function formNameOf(field: string): (string | number)[] {
  const parts = field.split(".");
  const located = ["body", "query", "path"].includes(parts[0] ?? "") ? parts.slice(1) : parts;
  return located.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** One invalid field in the interface language: the words of the screen's part for its code
 * (`<ns>:problems.<code>`), else the app's common words (`problems.codes.<code>`), and the
 * service's English only for a code the app does not know. */
export function fieldErrorText(i18n: I18n, error: ProblemField, ns?: Namespace): string {
  const t = i18n.t as (key: string, options: object) => string;
  const keys = [...(ns === undefined ? [] : [`${ns}:problems.${error.code}`]), `problems.codes.${error.code}`];
  const key = keys.find((candidate) => i18n.exists(candidate));
  return key === undefined ? error.detail : t(key, error.params);
}

/** What went wrong, in the interface language: the app's words for the problem's type, the
 * service's detail otherwise. */
export function problemText(i18n: I18n, problem: Problem): string {
  const slug = problem.type.split("/").pop() ?? "";
  const key = `problems.types.${slug}`;
  return i18n.exists(key) ? (i18n.t as (key: string) => string)(key) : (problem.detail ?? problem.title);
}

export interface ShownProblem {
  /** The problem's wording, for an alert above the form. */
  summary: string;
  /** Errors of fields the form does not show, worded: they go in the alert too. */
  unplaced: string[];
}

/**
 * Puts each invalid field's error next to the form field it names (`aliases` maps a service's
 * field name to the form's, where they differ; `ns`, the part whose own words come first);
 * the form keeps what was typed. Any other
 * error is returned for the alert. Not an ApiError (the network, say): only a summary.
 */
export function showProblemOnForm(
  form: FormInstance,
  error: unknown,
  i18n: I18n,
  aliases: Record<string, (string | number)[]> = {},
  ns?: Namespace,
): ShownProblem {
  if (!(error instanceof ApiError)) {
    return { summary: (i18n.t as TFunction)("problems.network"), unplaced: [] };
  }
  const registered = new Set(form.getFieldsError().map(({ name }) => JSON.stringify(name)));
  const unplaced: string[] = [];
  const placed: { name: (string | number)[]; errors: string[] }[] = [];
  for (const fieldError of error.problem.errors) {
    const name = aliases[fieldError.field] ?? formNameOf(fieldError.field);
    const text = fieldErrorText(i18n, fieldError, ns);
    if (registered.has(JSON.stringify(name))) {
      placed.push({ name, errors: [text] });
    } else {
      unplaced.push(text);
    }
  }
  form.setFields(placed);
  return { summary: problemText(i18n, error.problem), unplaced };
}
