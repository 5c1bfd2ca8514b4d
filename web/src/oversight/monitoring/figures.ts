import type { components } from "../../api/generated/journal";

export type ReportFigures = components["schemas"]["ReportFigures"];
export type ReportSummary = components["schemas"]["ReportSummary"];

/** One line of a report's figures: the key of its words and its value as shown. */
export interface FigureLine {
  readonly key: string;
  readonly value: string;
}

type Share = (share: number | null | undefined) => string;

/** The figures of a school's report the screen lists, in the order of the printed report:
 * entries, fill rate, lessons, objectivity, homework load, forecast, the index. */
export function figureLines(f: ReportFigures, share: Share): FigureLine[] {
  const count = (n: number | undefined) => String(n ?? 0);
  return [
    { key: "onTime", value: `${share(f.timeliness.on_time_share)} (${f.timeliness.on_time} / ${f.timeliness.due})` },
    { key: "late", value: count(f.timeliness.late) },
    { key: "missing", value: count(f.timeliness.missing) },
    { key: "fill", value: share(f.fill?.fill_share) },
    { key: "belowMinimum", value: count(f.fill?.below_minimum) },
    { key: "held", value: `${share(f.lessons?.held_share)} (${count(f.lessons?.held)} / ${count(f.lessons?.planned)})` },
    { key: "replaced", value: count(f.lessons?.replaced) },
    { key: "missed", value: count(f.lessons?.missed) },
    { key: "outliers", value: count(f.objectivity.outliers) },
    { key: "overLimit", value: count(f.homework_load?.evenings_over_limit) },
    { key: "failing", value: count(f.forecast?.failing) },
    { key: "index", value: f.index?.index === null || f.index?.index === undefined ? "—" : String(f.index.index) },
  ];
}

/** The recipients as the list shows them: "Директорова Н. П., Петров А. Б."; null for none. */
export function recipientsText(report: Pick<ReportSummary, "recipients">): string | null {
  return report.recipients.length === 0 ? null : report.recipients.map((r) => r.name).join(", ");
}
