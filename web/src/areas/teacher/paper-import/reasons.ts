import type { i18n as I18n } from "i18next";

import type { components } from "../../../api/generated/journal";
import { russianDate } from "../schoolTime";

export type RejectedLine = components["schemas"]["RejectedLine"];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function translate(i18n: I18n, key: string, options: object = {}): string {
  return (i18n.t as (key: string, options: object) => string)(key, options);
}

/** A column of the paper journal's file by its name in the interface language. */
export function columnName(i18n: I18n, column: string): string {
  const key = `teacher:paperImport.fileColumns.${column}`;
  return i18n.exists(key) ? translate(i18n, key) : column;
}

/** Why a line was rejected, in the interface language: the app's words for its code (dates
 * written 07.12.2026, columns by their names); the service's English for a code the app
 * does not know (lines logged before codes have "invalid"). */
export function rejectedReason(i18n: I18n, line: RejectedLine): string {
  const key = `teacher:paperImport.reasons.${line.code}`;
  if (!i18n.exists(key)) {
    return line.reason;
  }
  const params = Object.fromEntries(
    Object.entries(line.params).map(([name, value]) => {
      if (typeof value === "string" && ISO_DATE.test(value)) return [name, russianDate(value)];
      if (name === "column" && typeof value === "string") return [name, columnName(i18n, value)];
      return [name, value];
    }),
  );
  return translate(i18n, key, params);
}
