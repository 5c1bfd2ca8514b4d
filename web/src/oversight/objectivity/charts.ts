import type { ChartOption } from "../../charts/Chart";

/** Marks of 1..5 as percentages of their total (one decimal); zeros without marks. */
export function shares(counts: readonly number[]): number[] {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return counts.map(() => 0);
  return counts.map((count) => Math.round((count * 1000) / total) / 10);
}

/** A decimal with a comma, as Russian readers write it ("4,25"); a dash for none. */
export function formatNumber(value: number | string | null | undefined, digits = 2): string {
  if (value === null || value === undefined) return "—";
  const number = typeof value === "string" ? Number(value) : value;
  return number.toFixed(digits).replace(".", ",");
}

export const MARKS = ["1", "2", "3", "4", "5"] as const;

interface DistributionWords {
  unit: string;
  district: string;
  mark: string;
  share: string;
}

/** Bars of a unit's shares of marks 1..5 beside the rest of the district's. */
export function distributionOption(unit: readonly number[], district: readonly number[], words: DistributionWords): ChartOption {
  return {
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: 40 },
    xAxis: { type: "category", name: words.mark, nameLocation: "middle", nameGap: 28, data: [...MARKS] },
    yAxis: { type: "value", name: words.share, max: 100 },
    series: [
      { type: "bar", name: words.unit, data: shares(unit), itemStyle: { color: "#1d4ed8" } },
      { type: "bar", name: words.district, data: shares(district), itemStyle: { color: "#9ca3af" } },
    ],
  };
}

export interface PeriodMarkPoint {
  value: number;
  weighted_average: string;
  count: number;
  far: boolean;
}

interface PeriodMarkWords {
  average: string;
  periodMark: string;
  far: string;
  near: string;
}

/** Period marks (y) against their weighted averages (x), a bubble per cell sized by how
 * many; the far ones apart, and the diagonal where mark = average. */
export function periodMarksOption(points: readonly PeriodMarkPoint[], words: PeriodMarkWords): ChartOption {
  const largest = Math.max(1, ...points.map((p) => p.count));
  const size = (count: number) => 8 + 24 * Math.sqrt(count / largest);
  const series = (far: boolean, name: string, color: string) => ({
    type: "scatter",
    name,
    itemStyle: { color },
    data: points.filter((p) => p.far === far).map((p) => [Number(p.weighted_average), p.value, p.count]),
    symbolSize: (value: number[]) => size(value[2] ?? 1),
  });
  return {
    animation: false,
    tooltip: { trigger: "item" },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: 40 },
    xAxis: { type: "value", name: words.average, nameLocation: "middle", nameGap: 28, min: 1, max: 5 },
    yAxis: { type: "value", name: words.periodMark, min: 1, max: 5, interval: 1 },
    series: [
      {
        ...series(false, words.near, "#1d4ed8"),
        markLine: {
          silent: true,
          symbol: "none",
          lineStyle: { color: "#6b7280", type: "dashed" },
          data: [
            [
              { coord: [1, 1] },
              { coord: [5, 5] },
            ],
          ],
        },
      },
      series(true, words.far, "#b91c1c"),
    ],
  };
}
