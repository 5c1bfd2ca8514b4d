/**
 * Conflicts of a class's timetable with the other classes' timetables (S8), found before
 * publishing: the same teacher or room in two lessons at once. Publishing is refused on such
 * a collision; the grid shows them beforehand, cell by cell.
 */

export interface SlotEntry {
  weekday: number;
  period: number;
  subject_id: string;
  teacher_id: string;
  room_id?: string | null;
  group_id?: string | null;
}

export interface TimetableLike {
  id: string;
  class_id: string;
  bell_schedule_id: string;
  valid_from: string;
  valid_to: string;
  entries: readonly SlotEntry[];
}

export interface BellPeriod {
  number: number;
  starts_at: string;
  ends_at: string;
}

export type ClashKind = "teacher" | "room";

export interface Clash {
  /** The entry of the timetable looked at. */
  entry: SlotEntry;
  kind: ClashKind;
  /** The other class's timetable and its entry at the same time. */
  other: TimetableLike;
  otherEntry: SlotEntry;
}

/** Dates as ISO strings (YYYY-MM-DD) compare as text. */
function rangesMeet(a: TimetableLike, b: TimetableLike): boolean {
  return a.valid_from <= b.valid_to && b.valid_from <= a.valid_to;
}

function periodOf(bells: ReadonlyMap<string, readonly BellPeriod[]>, bellScheduleId: string, period: number): BellPeriod | undefined {
  return bells.get(bellScheduleId)?.find((bell) => bell.number === period);
}

/** Two entries run at once: the same period of the same bell schedule, or, across bell
 * schedules (shifts), periods whose times overlap on the same weekday. */
function atOnce(
  a: SlotEntry,
  aBells: string,
  b: SlotEntry,
  bBells: string,
  bells: ReadonlyMap<string, readonly BellPeriod[]>,
): boolean {
  if (a.weekday !== b.weekday) return false;
  if (aBells === bBells) return a.period === b.period;
  const first = periodOf(bells, aBells, a.period);
  const second = periodOf(bells, bBells, b.period);
  if (first === undefined || second === undefined) return false;
  return first.starts_at < second.ends_at && second.starts_at < first.ends_at;
}

function clashKind(a: SlotEntry, b: SlotEntry): ClashKind | null {
  if (a.teacher_id === b.teacher_id) return "teacher";
  if (a.room_id != null && a.room_id === b.room_id) return "room";
  return null;
}

/** Every clash of `timetable`'s entries with the timetables of other classes whose dates meet. */
export function clashesOf(
  timetable: TimetableLike,
  others: readonly TimetableLike[],
  bells: ReadonlyMap<string, readonly BellPeriod[]> = new Map(),
): Clash[] {
  const clashes: Clash[] = [];
  for (const other of others) {
    if (other.id === timetable.id || other.class_id === timetable.class_id || !rangesMeet(timetable, other)) continue;
    for (const entry of timetable.entries) {
      for (const otherEntry of other.entries) {
        const kind = clashKind(entry, otherEntry);
        if (kind !== null && atOnce(entry, timetable.bell_schedule_id, otherEntry, other.bell_schedule_id, bells)) {
          clashes.push({ entry, kind, other, otherEntry });
        }
      }
    }
  }
  return clashes;
}

export function slotKey(weekday: number, period: number): string {
  return `${String(weekday)}:${String(period)}`;
}

/** Clashes by slot (weekday and period of the timetable looked at). */
export function clashesBySlot(clashes: readonly Clash[]): Map<string, Clash[]> {
  const bySlot = new Map<string, Clash[]>();
  for (const clash of clashes) {
    const key = slotKey(clash.entry.weekday, clash.entry.period);
    bySlot.set(key, [...(bySlot.get(key) ?? []), clash]);
  }
  return bySlot;
}
