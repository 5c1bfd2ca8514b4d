"""One line of a paper journal's file checked and turned into entries (J13), and the
identity of each entry, which makes a re-upload import only what is new.

Identity: attendance is one per (lesson, student), a topic and a homework one per lesson; a
mark is (lesson, student, work type, value, n): the n-th such mark in the file. A corrected
bad row imports on a re-upload (it never was imported), the good rows beside it are
"unchanged", and a changed value of an imported mark is refused (the service's mark guard)
instead of becoming a second mark: marks are changed in the journal, where it is audited."""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal
from uuid import UUID

from okrug_common.auth import Principal
from okrug_common.errors import InvalidInput
from okrug_journal import access
from okrug_journal.lessons import require_edit_window
from okrug_journal.models import LessonProjection
from okrug_journal.paper_import.columns import ATTENDANCE, MARK_WORDS, REASONS
from okrug_journal.paper_import.files import Line
from okrug_journal.policy import rules
from okrug_journal.policy.defaults import academic_year_start
from okrug_journal.policy.schemas import JournalPolicy
from okrug_journal.problems import EditWindowClosed

Kind = Literal["mark", "attendance", "topic", "homework"]
_RU_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
MAX_TEXT = 4000


class RowError(Exception):
    """Why a line is rejected: the column at fault, the English reason, and a code with its
    parameters for the app to word it in the interface language."""

    def __init__(self, column: str, reason: str, code: str, /, **params: str | int) -> None:
        super().__init__(reason)
        self.column, self.reason, self.code, self.params = column, reason, code, params


@dataclass(frozen=True)
class Entry:
    kind: Kind
    lesson: LessonProjection
    student_id: UUID | None = None
    work_type: str | None = None
    # The mark's value, the attendance status, the topic's or the homework's text.
    value: str = ""
    reason: str | None = None  # of an absence or a late

    @property
    def content(self) -> str:
        """What is compared when the same entry comes again."""
        return f"{self.value}|{self.reason or ''}" if self.kind == "attendance" else self.value

    def key(self, n: int = 1) -> str:
        parts = [self.kind, str(self.lesson.lesson_id)]
        if self.student_id is not None:
            parts.append(str(self.student_id))
        if self.kind == "mark":
            parts += [self.work_type or "", self.value, str(n)]
        return ":".join(parts)

    @property
    def mark_slot(self) -> tuple[UUID, UUID | None, str | None]:
        return self.lesson.lesson_id, self.student_id, self.work_type


@dataclass
class Checker:
    """What every line is checked against: the import's lessons and students, the school's
    policy, the importer."""

    principal: Principal
    policy: JournalPolicy
    lessons: dict[date, list[LessonProjection]]
    members: set[UUID]
    # Dated membership of the class's groups: (student, since, until exclusive).
    groups: dict[UUID, list[tuple[UUID, date, date | None]]]
    cancelled: set[date]  # dates of cancelled lessons of the subject
    grade: int | None
    today: date
    now: datetime
    past_edit_window: bool  # the importer may import lessons whose edit window has closed
    _writable: dict[UUID, bool] = field(default_factory=dict)

    async def entries(self, line: Line) -> list[Entry]:
        student = self._student(line)
        lesson = await self._lesson(line, student)
        entries: list[Entry] = []
        attendance = self._attendance(line, lesson, student)
        if attendance is not None:
            entries.append(attendance)
        mark = self._mark(line, lesson, student)
        if mark is not None:
            entries.append(mark)
        entries += self._lesson_texts(line, lesson)
        if not entries:
            raise RowError("student_id", "The row has nothing to import.", "nothing-to-import")
        return entries

    # --- the lesson -------------------------------------------------------------------------

    async def _lesson(self, line: Line, student: UUID | None) -> LessonProjection:
        day = parse_date(line.get("date"))
        candidates = self.lessons.get(day, [])
        if not candidates and day in self.cancelled:
            raise RowError(
                "date",
                f"The lesson of {day.isoformat()} was cancelled.",
                "lesson-cancelled",
                date=day.isoformat(),
            )
        period = line.get("period")
        if period:
            if not period.isdigit():
                raise RowError(
                    "period", f"'{period}' is not a period number.", "not-a-period", value=period
                )
            candidates = [c for c in candidates if c.period_number == int(period)]
        group = line.get("group")
        if group:
            candidates = [c for c in candidates if (c.group_name or "").lower() == group.lower()]
        if not candidates:
            at = f", period {period}" if period else ""
            raise RowError(
                "date",
                f"No lesson of the subject for the class on {day.isoformat()}{at} in the "
                "timetable (cancelled lessons have none).",
                "no-lesson",
                date=day.isoformat(),
                period=period,
            )
        if len(candidates) > 1 and student is not None:
            # Two groups of the class at the same period: the student's group's lesson.
            theirs = [c for c in candidates if self._in_group(c, student)]
            candidates = theirs or candidates
        if len(candidates) > 1:
            mine = [c for c in candidates if await self._may_write(c)]
            if len(mine) != 1:
                raise RowError(
                    "period",
                    f"The class has {len(candidates)} lessons of the subject on "
                    f"{day.isoformat()}: give the period number (and the group).",
                    "several-lessons",
                    count=len(candidates),
                    date=day.isoformat(),
                )
            candidates = mine
        lesson = candidates[0]
        await self._require_writable(lesson)
        if student is not None and not self._in_group(lesson, student):
            raise RowError(
                "student_id",
                f"The student is not in the group {lesson.group_name or ''} of this lesson "
                "on its date.",
                "student-not-in-group",
                group=lesson.group_name or "",
            )
        return lesson

    def _in_group(self, lesson: LessonProjection, student: UUID) -> bool:
        """A lesson for the whole class is every member's; a group's lesson its members' on
        the lesson's date (when the group's membership is known to the journal)."""
        if lesson.group_id is None or lesson.group_id not in self.groups:
            return True
        day = lesson.lesson_date
        return any(
            member == student and since <= day and (until is None or day < until)
            for member, since, until in self.groups[lesson.group_id]
        )

    async def _may_write(self, lesson: LessonProjection) -> bool:
        if lesson.lesson_id not in self._writable:
            allowed = await access.may_import_lesson(self.principal, lesson)
            self._writable[lesson.lesson_id] = allowed
        return self._writable[lesson.lesson_id]

    async def _require_writable(self, lesson: LessonProjection) -> None:
        if not await self._may_write(lesson):
            raise RowError(
                "date",
                "You are not this lesson's teacher of record: only its teacher or the "
                "school's administration imports it.",
                "not-teacher-of-record",
            )
        if lesson.lesson_date > self.today:
            raise RowError(
                "date",
                "The lesson is still to come: there is nothing to bring back.",
                "lesson-to-come",
            )
        if academic_year_start(lesson.lesson_date) != academic_year_start(self.today):
            raise RowError(
                "date", "The lesson belongs to an academic year that has ended.", "year-ended"
            )
        if not self.past_edit_window:
            try:
                require_edit_window(self.policy, lesson, self.now)
            except EditWindowClosed as closed:
                raise RowError(
                    "date",
                    f"{closed.detail} The school's administration can import it.",
                    "edit-window-closed",
                    locked_since=str(closed.extra["locked_since"]),
                ) from None

    # --- the student's entries --------------------------------------------------------------

    def _student(self, line: Line) -> UUID | None:
        raw = line.get("student_id")
        if not raw:
            for column in ("attendance", "reason", "mark", "work_type"):
                if line.get(column):
                    raise RowError(
                        "student_id",
                        f"The column {column} needs a student_id.",
                        "needs-student",
                        column=column,
                    )
            return None
        try:
            student = UUID(raw)
        except ValueError:
            raise RowError(
                "student_id", f"'{raw}' is not a student id.", "not-a-student-id", value=raw
            ) from None
        if student not in self.members:
            raise RowError(
                "student_id", "The student is not in this class.", "student-not-in-class"
            )
        return student

    def _attendance(
        self, line: Line, lesson: LessonProjection, student: UUID | None
    ) -> Entry | None:
        written, reason_written = line.get("attendance"), line.get("reason")
        if written.lower() not in ATTENDANCE:
            known = ", ".join(k for k in ATTENDANCE if k)
            raise RowError(
                "attendance",
                f"'{written}' is not an attendance mark ({known}).",
                "unknown-attendance",
                value=written,
                known=known,
            )
        if reason_written.lower() not in REASONS:
            known = ", ".join(k for k in REASONS if k)
            raise RowError(
                "reason",
                f"'{reason_written}' is not an absence reason ({known}).",
                "unknown-reason",
                value=reason_written,
                known=known,
            )
        status, reason = ATTENDANCE[written.lower()], REASONS[reason_written.lower()]
        if status is None:
            if reason is not None:
                raise RowError(
                    "reason", "A present student has no absence reason.", "reason-without-absence"
                )
            return None
        return Entry("attendance", lesson, student, value=status, reason=reason)

    def _mark(self, line: Line, lesson: LessonProjection, student: UUID | None) -> Entry | None:
        written, work_type_written = line.get("mark"), line.get("work_type")
        if not written:
            if work_type_written:
                raise RowError("mark", "A work type without a mark.", "work-type-without-mark")
            return None
        if self.grade is not None and self.grade in self.policy.grades_without_marks:
            raise RowError(
                "mark",
                f"Grade {self.grade} gets no marks under the school's policy.",
                "grade-without-marks",
                grade=self.grade,
            )
        value = MARK_WORDS.get(written.lower(), written)
        if not work_type_written:
            raise RowError("work_type", "A mark needs its work type.", "work-type-missing")
        work_type = self._work_type(work_type_written)
        try:
            self._check_value(value)
        except InvalidInput as exc:
            raise RowError("mark", exc.detail, "mark-not-on-scale", value=value) from None
        return Entry("mark", lesson, student, work_type=work_type, value=value)

    def _work_type(self, written: str) -> str:
        """A work type's code, or its Russian name as the policy spells it."""
        lowered = written.lower()
        for work_type in self.policy.work_types:
            if lowered in (work_type.code, work_type.title_ru.lower()):
                return work_type.code
        known = ", ".join(w.code for w in self.policy.work_types)
        raise RowError(
            "work_type",
            f"Unknown work type '{written}' (the school's: {known}).",
            "unknown-work-type",
            value=written,
            known=known,
        )

    def _check_value(self, value: str) -> None:
        rules.check_mark_value(self.policy, value, "mark")

    def _lesson_texts(self, line: Line, lesson: LessonProjection) -> list[Entry]:
        entries = []
        texts: tuple[tuple[str, Kind], ...] = (("topic", "topic"), ("homework", "homework"))
        for column, kind in texts:
            text = line.get(column)
            if not text:
                continue
            if len(text) > MAX_TEXT:
                raise RowError(
                    column,
                    f"Longer than {MAX_TEXT} characters.",
                    "text-too-long",
                    max_length=MAX_TEXT,
                )
            if kind == "homework" and self.grade in self.policy.grades_without_marks:
                raise RowError(
                    column,
                    f"Grade {self.grade} gets no homework under the school's policy.",
                    "grade-without-homework",
                    grade=self.grade or 0,
                )
            entries.append(Entry(kind, lesson, value=text))
        return entries


def parse_date(written: str) -> date:
    """ISO dates (2026-11-23) and Russian ones (23.11.2026)."""
    if not written:
        raise RowError("date", "The lesson's date is missing.", "date-missing")
    found = _RU_DATE.match(written)
    try:
        if found:
            day, month, year = (int(g) for g in found.groups())
            return date(year, month, day)
        return date.fromisoformat(written)
    except ValueError:
        raise RowError(
            "date",
            f"'{written}' is not a date (YYYY-MM-DD or DD.MM.YYYY).",
            "not-a-date",
            value=written,
        ) from None


def numbered_keys(entries_by_line: Sequence[list[Entry]]) -> list[list[str]]:
    """The identity of every entry of every line, in file order: the n-th mark of the same
    lesson, student, work type and value is n."""
    seen: Counter[str] = Counter()
    keys = []
    for entries in entries_by_line:
        line_keys = []
        for entry in entries:
            if entry.kind == "mark":
                base = entry.key(0)
                seen[base] += 1
                line_keys.append(entry.key(seen[base]))
            else:
                line_keys.append(entry.key())
        keys.append(line_keys)
    return keys
