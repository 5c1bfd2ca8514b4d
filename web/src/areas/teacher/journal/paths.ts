/** Where the journal grid of a class (or one of its groups) in a subject opens; other screens
 * (today's lessons, substitutions, the offline queue) link to it with this. */
export interface JournalPlace {
  classId: string;
  subjectId: string;
  /** A group of the class (a language or profile group); the whole class when absent. */
  groupId?: string;
  /** The study period's code in the school's policy ("term-2", "half-year-1", "year");
   * the one containing today when absent. */
  period?: string;
  /** A lesson to bring into view and focus. */
  lessonId?: string;
}

export function journalPath(place: JournalPlace): string {
  const query = new URLSearchParams();
  if (place.groupId !== undefined) query.set("group", place.groupId);
  if (place.period !== undefined) query.set("period", place.period);
  if (place.lessonId !== undefined) query.set("lesson", place.lessonId);
  const search = query.toString();
  return `/teacher/journal/${place.classId}/${place.subjectId}${search === "" ? "" : `?${search}`}`;
}
