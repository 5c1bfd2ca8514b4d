import dayjs from "dayjs";

import type { ChartOption } from "../../charts/Chart";

/** Dark enough on white for WCAG AA: over the limit, within it. */
export const OVER_COLOUR = "#a8071a";
export const WITHIN_COLOUR = "#1d39c4";

export interface EveningBar {
  readonly evening: string;
  readonly minutes: number;
  readonly over_limit: boolean;
}

/** A day as Russian documents write it: 07.12.2026. */
export function formatDay(iso: string): string {
  return dayjs(iso).format("DD.MM.YYYY");
}

/** An evening as a column label: "вт 01.12" (the weekday in the interface language). */
export function eveningLabel(iso: string): string {
  return dayjs(iso).format("dd DD.MM");
}

/** The grades of a limit: "2–3", or "1" for one grade. */
export function gradeSpan(from: number, to: number): string {
  return from === to ? String(from) : `${String(from)}–${String(to)}`;
}

/** A class's evenings as bars (over the limit in red) with the limit as a line. */
export function eveningsOption(
  evenings: readonly EveningBar[],
  limit: number | null,
  words: { minutes: string; limit: string },
): ChartOption {
  return {
    grid: { left: 48, right: 24, top: 24, bottom: 48 },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: evenings.map((e) => eveningLabel(e.evening)) },
    yAxis: { type: "value", name: words.minutes, max: (value: { max: number }) => Math.max(value.max, limit ?? 0) + 15 },
    series: [
      {
        type: "bar",
        name: words.minutes,
        data: evenings.map((e) => ({ value: e.minutes, itemStyle: { color: e.over_limit ? OVER_COLOUR : WITHIN_COLOUR } })),
        markLine:
          limit === null
            ? undefined
            : {
                symbol: "none",
                lineStyle: { color: OVER_COLOUR, type: "dashed" },
                label: { formatter: `${words.limit}: ${String(limit)}` },
                data: [{ yAxis: limit }],
              },
      },
    ],
  };
}
