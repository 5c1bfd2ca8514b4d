import type { components } from "../../../api/generated/journal";

export type AttendanceWeek = components["schemas"]["AttendanceWeek"];
export type WeekLesson = components["schemas"]["WeekLesson"];
export type WeekEntry = components["schemas"]["WeekEntry"];
export type Reason = NonNullable<WeekEntry["reason"]>;

/** The code a journal shows for an attendance entry: н (absent, reason not yet known), б, уп,
 * нп (absent with its reason), оп (late, whatever its reason). */
export type AttendanceCode = "absent" | Reason | "late";

export function codeOf(entry: Pick<WeekEntry, "status" | "reason">): AttendanceCode {
  if (entry.status === "late") return "late";
  return entry.reason ?? "absent";
}

export interface WeekDay {
  date: string;
  lessons: WeekLesson[];
}

/** The week's lessons by day, in the order of the days and of their start. */
export function lessonsByDay(lessons: readonly WeekLesson[]): WeekDay[] {
  const days = new Map<string, WeekLesson[]>();
  const ordered = [...lessons].sort((a, b) => a.lesson_date.localeCompare(b.lesson_date) || a.starts_at.localeCompare(b.starts_at));
  for (const lesson of ordered) {
    const day = days.get(lesson.lesson_date) ?? [];
    day.push(lesson);
    days.set(lesson.lesson_date, day);
  }
  return [...days].map(([date, dayLessons]) => ({ date, lessons: dayLessons }));
}

/** The entry of each (lesson, student): `${lesson}/${student}`. */
export function entriesByCell(entries: readonly WeekEntry[]): Map<string, WeekEntry> {
  return new Map(entries.map((entry) => [cellKey(entry.lesson_id, entry.student_id), entry]));
}

export function cellKey(lessonId: string, studentId: string): string {
  return `${lessonId}/${studentId}`;
}

/** Absences whose reason the class teacher has still to give (lates are not counted). */
export function unknownReasons(entries: readonly WeekEntry[]): number {
  return entries.filter((entry) => entry.status === "absent" && entry.reason === null).length;
}

/** "Мат" for "Математика": a lesson's column is narrow; the full name goes in its label. */
export function subjectAbbreviation(name: string): string {
  const words = name.split(/\s+/).filter(Boolean);
  if (words.length > 1) {
    return words
      .map((word) => word[0]?.toUpperCase() ?? "")
      .join("")
      .slice(0, 4);
  }
  return name.length <= 4 ? name : name.slice(0, 3);
}
