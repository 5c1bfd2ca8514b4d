import type { TimelinessCounts } from "./format";

/**
 * What the keeping pages show (O1), as the journal's oversight API answers it: counts of
 * entries on time, late and missing; the share of students with the district's minimum of
 * marks; planned against held hours; the same week by week.
 */
export interface WeekCounts extends TimelinessCounts {
  /** The week's Monday (YYYY-MM-DD). */
  readonly week: string;
}

export interface Completion {
  readonly planned: number;
  readonly held: number;
}

export interface KeepingFigures extends TimelinessCounts {
  /** Share (0..1) of student-subject pairs with at least the district's minimum of marks. */
  readonly fill_rate: number | null;
  readonly below_minimum: number | null;
  readonly completion: Completion | null;
  readonly weeks: readonly WeekCounts[];
}

export interface RankedSchool extends KeepingFigures {
  readonly school_id: string;
  readonly school_name: string;
}

export interface SliceRow extends TimelinessCounts {
  readonly id: string;
  readonly name: string;
}

export interface SchoolKeeping extends KeepingFigures {
  readonly school_id: string;
  readonly school_name: string;
  readonly teachers: readonly SliceRow[];
  readonly classes: readonly SliceRow[];
  readonly subjects: readonly SliceRow[];
}

export interface SliceKeeping {
  readonly school_name: string;
  readonly name: string;
  readonly weeks: readonly WeekCounts[];
}

export interface WeekLesson extends TimelinessCounts {
  readonly lesson_id: string;
  readonly date: string;
  readonly number: number | null;
  readonly class_name: string;
  readonly subject_name: string;
  readonly teacher_name: string;
}

export interface WeekKeeping {
  readonly school_name: string;
  readonly name: string;
  readonly week: string;
  readonly lessons: readonly WeekLesson[];
}

export interface LessonEntry {
  readonly kind: string;
  readonly timeliness: "on_time" | "late" | "missing";
  readonly due_at: string;
  readonly entered_at: string | null;
  readonly entered_by_name: string | null;
  readonly source: string | null;
}

export interface LessonKeeping {
  readonly school_name: string;
  readonly time_zone: string;
  readonly lesson_id: string;
  readonly date: string;
  readonly class_name: string;
  readonly subject_name: string;
  readonly teacher_name: string;
  readonly topic: string | null;
  readonly homework: string | null;
  readonly attendance_taken: boolean;
  readonly entries: readonly LessonEntry[];
}
