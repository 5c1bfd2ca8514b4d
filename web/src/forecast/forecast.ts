import type { components } from "../api/generated/journal";

export type Forecast = components["schemas"]["Forecast"];
export type NamedForecast = components["schemas"]["NamedForecast"];
export type MarksNeededOption = components["schemas"]["MarksNeededOption"];
export type ForecastSheet = components["schemas"]["ForecastSheet"];
export type FailingList = components["schemas"]["FailingList"];
export type SchoolForecastCount = components["schemas"]["SchoolForecastCount"];

/** A forecast as the screens show it: the API's, or the grid's own while the teacher types. */
export interface ForecastFigures {
  readonly marks_count: number;
  readonly weighted_sum: string;
  readonly weight_sum: string;
  readonly weighted_average: string;
  readonly projected_mark: number;
  readonly failing: boolean;
  readonly marks_needed: readonly MarksNeededOption[];
}

export interface WorkTypeWeight {
  readonly code: string;
  readonly title_ru: string;
  readonly weight: string;
}

/** Numeric marks of a period with their weights ("1.5"); pass/fail marks are left out. */
export interface MarkEntry {
  readonly value: string;
  readonly weight: string;
}

/** Below 3 is failing (J12), as the journal's forecast/rules.py says. */
export const FAILING_BELOW = 3;
const TOP_MARK = 5;
const MOST_MARKS_NEEDED = 20;

/** Weights and sums in hundredths, as integers: the arithmetic is exact. */
function hundredths(decimal: string): number {
  return Math.round(Number(decimal) * 100);
}

/** The weighted average ROUND_HALF_UP to two places, in hundredths (238 for 2.375). */
function averageHundredths(weightedSum: number, weightSum: number): number {
  // floor(sum / weights * 100 + 0.5), in integers: sums are in hundredths already.
  return Math.floor((200 * weightedSum + weightSum) / (2 * weightSum));
}

/** A whole mark from an average in hundredths, half up: 250 -> 3, 249 -> 2. */
function markOf(average: number): number {
  return Math.floor((average + 50) / 100);
}

function decimal(hundredthsValue: number): string {
  return (hundredthsValue / 100).toFixed(2);
}

/**
 * The forecast of the journal's forecast/rules.py for marks the grid holds before they are
 * saved: the weighted average (half up to two places) rounded half up to a whole mark, and
 * for each work type and mark value the fewest marks that lift it one step. The server's
 * answer (ForecastSheet) is the same arithmetic on the saved marks.
 */
export function forecastOf(marks: readonly MarkEntry[], workTypes: readonly WorkTypeWeight[]): ForecastFigures | null {
  const numeric = marks.filter((m) => /^\d+$/.test(m.value));
  if (numeric.length === 0) {
    return null;
  }
  const weightedSum = numeric.reduce((sum, m) => sum + Number(m.value) * hundredths(m.weight), 0);
  const weightSum = numeric.reduce((sum, m) => sum + hundredths(m.weight), 0);
  const average = averageHundredths(weightedSum, weightSum);
  const projected = markOf(average);
  return {
    marks_count: numeric.length,
    weighted_sum: decimal(weightedSum),
    weight_sum: decimal(weightSum),
    weighted_average: decimal(average),
    projected_mark: projected,
    failing: projected < FAILING_BELOW,
    marks_needed: marksNeeded(weightedSum, weightSum, projected, workTypes),
  };
}

function marksNeeded(weightedSum: number, weightSum: number, current: number, workTypes: readonly WorkTypeWeight[]): MarksNeededOption[] {
  if (current >= TOP_MARK) {
    return [];
  }
  const target = current + 1;
  const found: MarksNeededOption[] = [];
  for (const workType of workTypes) {
    const weight = hundredths(workType.weight);
    for (let value = target; value <= TOP_MARK; value += 1) {
      for (let count = 1; count <= MOST_MARKS_NEEDED; count += 1) {
        const after = averageHundredths(weightedSum + count * value * weight, weightSum + count * weight);
        if (markOf(after) >= target) {
          found.push({
            work_type: workType.code,
            work_type_title: workType.title_ru,
            weight: workType.weight,
            value,
            count,
            average_after: decimal(after),
            rounds_to: markOf(after),
          });
          break;
        }
      }
    }
  }
  // Array.prototype.sort is stable: ties keep the school's order of work types.
  return found.sort((a, b) => a.count - b.count || a.value - b.value || hundredths(a.weight) - hundredths(b.weight));
}

/** The fewest marks of each value (the first in the answer's order: fewest marks, then the
 * lighter work type, then the school's order): one line per mark value. */
export function onePerValue(options: readonly MarksNeededOption[]): MarksNeededOption[] {
  const seen = new Set<number>();
  return options.filter((option) => {
    if (seen.has(option.value)) {
      return false;
    }
    seen.add(option.value);
    return true;
  });
}

/** The colour of a projected mark, as the family's and the class teacher's averages use. */
export function markTone(mark: number): "failing" | "weak" | "fair" | "good" {
  if (mark < FAILING_BELOW) return "failing";
  if (mark === 3) return "weak";
  if (mark === 4) return "fair";
  return "good";
}

/** "2.38" as "2,38" in Russian. */
export function formatNumber(value: string, language: string): string {
  const fixed = Number(value).toFixed(2);
  return language === "ru" ? fixed.replace(".", ",") : fixed;
}

/** A weight without trailing zeros: "2.00" is "2", "1.50" is "1,5". */
export function formatWeight(value: string, language: string): string {
  const plain = String(Number(value));
  return language === "ru" ? plain.replace(".", ",") : plain;
}
