import dayjs from "dayjs";

import type { ChartOption } from "../../charts/Chart";

/** The kinds of work usage counts, in the order the screen lists them (the API's codes). */
export const ACTIVITIES = [
  "lesson-entries",
  "absence-reasons",
  "diary-parents",
  "diary-students",
  "active-teachers",
  "active-class-teachers",
  "active-leadership",
  "active-parents",
  "active-students",
] as const;
export type Activity = (typeof ACTIVITIES)[number];

export interface WeekCounts {
  readonly week: string;
  readonly counts: Readonly<Record<string, number>>;
}

export function weekLabel(iso: string): string {
  return dayjs(iso).format("DD.MM");
}

/** The kinds anybody did in these weeks (the others would be rows of zeros). */
export function activitiesDone(weeks: readonly WeekCounts[]): Activity[] {
  return ACTIVITIES.filter((a) => weeks.some((w) => (w.counts[a] ?? 0) > 0));
}

/** One line per kind of work done, persons per week. */
export function weeksOption(weeks: readonly WeekCounts[], activities: readonly Activity[], names: (a: Activity) => string): ChartOption {
  return {
    grid: { left: 48, right: 24, top: 64, bottom: 32 },
    tooltip: { trigger: "axis" },
    legend: { top: 0, type: "scroll" },
    xAxis: { type: "category", data: weeks.map((w) => weekLabel(w.week)) },
    yAxis: { type: "value", minInterval: 1 },
    series: activities.map((a) => ({ type: "line", name: names(a), data: weeks.map((w) => w.counts[a] ?? 0) })),
  };
}
