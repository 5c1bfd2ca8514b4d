/** A number as people read it in Russian documents: a decimal comma (3,43); a dash for none. */
export function formatDecimal(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  return String(value).replace(".", ",");
}

/** The colour schools give an average by what it rounds to: below 2.5 red, below 3.5
 * orange, below 4.5 neutral, 4.5 and above green. */
export function averageTone(value: string | number | null | undefined): "danger" | "warning" | "success" | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  const number = Number(value);
  if (number < 2.5) return "danger";
  if (number < 3.5) return "warning";
  if (number >= 4.5) return "success";
  return undefined;
}

const ATTENDANCE: Partial<Record<string, string>> = { absent: "н", late: "оп" };

type Words = (key: string) => string;

/** A changed entry as a cell: "4 (oral, 1,00)", "н (болезнь)", "5 (term-1)". */
export function changeValueText(kind: string, value: Record<string, unknown> | null | undefined, words: Words): string {
  if (value === null || value === undefined || Object.keys(value).length === 0) return "—";
  const text = (key: string) => {
    const field = value[key];
    return typeof field === "string" || typeof field === "number" ? String(field) : "";
  };
  if (kind === "attendance-reason") {
    const status = ATTENDANCE[text("status")] ?? text("status");
    const reason = text("reason");
    return `${status} (${words(reason === "" ? "reasons.none" : `reasons.${reason}`)})`;
  }
  if (kind === "period-mark") return `${text("value")} (${text("period")})`;
  return `${text("value")} (${text("work_type")}, ${formatDecimal(text("weight"))})`;
}
