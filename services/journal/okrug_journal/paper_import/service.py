"""Paper journals brought back (J13, S1 6.1-6.2): the template of a class's lessons in a
subject, and the import of what was kept on paper during an outage, row by row, in one
transaction, with one outbox event per fact and a timeliness fact per entry (source paper)."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Literal
from uuid import UUID, uuid4

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.journal.v1 import journal_pb2
from okrug_common.auth import Principal
from okrug_common.errors import InvalidInput, NotFound
from okrug_common.event_catalog import EventMessage, JournalEvents
from okrug_common.runtime import Runtime
from okrug_journal import access, people
from okrug_journal.attendance.service import _STATUS
from okrug_journal.grades import lesson_grade
from okrug_journal.lessons import summary
from okrug_journal.marks.service import mark_timeliness, new_mark, to_proto
from okrug_journal.models import (
    Attendance,
    ClassMemberProjection,
    GroupMemberProjection,
    LessonCancellation,
    LessonProjection,
    LessonRecord,
    Mark,
    PaperImport,
    PaperImportEntry,
)
from okrug_journal.outbox import emit_many
from okrug_journal.paper_import import files
from okrug_journal.paper_import.files import FileFormat, Line
from okrug_journal.paper_import.rows import Checker, Entry, RowError, numbered_keys
from okrug_journal.paper_import.schemas import ImportReport, PaperImportRead, RejectedLine
from okrug_journal.policy import rules
from okrug_journal.policy.schemas import JournalPolicy
from okrug_journal.policy.service import school_policy
from okrug_journal.projections import service as projections
from okrug_journal.timeliness import service as timeliness
from okrug_journal.timeliness.facts import lesson_occasion

MAX_TEMPLATE_DAYS = 93
PAPER = "paper"
_COLUMN_OF_KIND = {
    "mark": "mark",
    "attendance": "attendance",
    "topic": "topic",
    "homework": "homework",
}


# --- who may: the class and subject of the import -----------------------------------------


async def _require_importer(
    session: AsyncSession, principal: Principal, class_id: UUID, subject_id: UUID
) -> None:
    """A class with lessons of the subject in this school (else 404), and an importer who
    teaches it to the class or leads the school (else 403)."""
    principal.require_school()
    known = await session.scalar(
        select(LessonProjection.lesson_id)
        .where(LessonProjection.class_id == class_id, LessonProjection.subject_id == subject_id)
        .limit(1)
    )
    if known is None:
        raise NotFound("No lessons of this subject for this class in the school's journal.")
    await access.require_class_subject(
        session, principal, "paper-import.write", class_id, subject_id
    )


async def _group_members(
    session: AsyncSession, group_ids: set[UUID]
) -> dict[UUID, list[tuple[UUID, date, date | None]]]:
    groups: dict[UUID, list[tuple[UUID, date, date | None]]] = defaultdict(list)
    if group_ids:
        rows = await session.scalars(
            select(GroupMemberProjection).where(GroupMemberProjection.group_id.in_(group_ids))
        )
        for row in rows:
            groups[row.group_id].append((row.student_id, row.since, row.until))
    return dict(groups)


async def _lessons(
    session: AsyncSession,
    class_id: UUID,
    subject_id: UUID,
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[LessonProjection]:
    """Lessons of the timetable (cancelled ones have left the projection), in order."""
    cancelled = select(LessonCancellation.lesson_id).where(
        LessonCancellation.class_id == class_id, LessonCancellation.subject_id == subject_id
    )
    query = select(LessonProjection).where(
        LessonProjection.class_id == class_id,
        LessonProjection.subject_id == subject_id,
        # A cancelled lesson kept in the projection for the records it already has.
        LessonProjection.lesson_id.not_in(cancelled),
    )
    if date_from is not None:
        query = query.where(LessonProjection.lesson_date >= date_from)
    if date_to is not None:
        query = query.where(LessonProjection.lesson_date <= date_to)
    query = query.order_by(
        LessonProjection.lesson_date,
        LessonProjection.period_number.nulls_last(),
        LessonProjection.starts_at,
    )
    return list(await session.scalars(query))


async def _members(session: AsyncSession, class_id: UUID) -> set[UUID]:
    rows = await session.scalars(
        select(ClassMemberProjection.student_id).where(ClassMemberProjection.class_id == class_id)
    )
    return set(rows)


# --- the template --------------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    content: bytes
    media_type: str
    file_name: str
    students: tuple[UUID, ...]  # whose names the template lists


async def template(
    session: AsyncSession,
    runtime: Runtime,
    principal: Principal,
    *,
    class_id: UUID,
    subject_id: UUID,
    date_from: date,
    date_to: date,
    fmt: FileFormat,
) -> Template:
    """The lessons of the range (a row for the topic and homework of each) and a row per
    student of the class under each, for the paper journal to be copied into."""
    if date_to < date_from:
        raise InvalidInput("date_to is before date_from.", field="date_to")
    if (date_to - date_from).days >= MAX_TEMPLATE_DAYS:
        raise InvalidInput(f"At most {MAX_TEMPLATE_DAYS} days per template.", field="date_to")
    await _require_importer(session, principal, class_id, subject_id)
    school_id = principal.require_school()
    policy = await school_policy(session, runtime, school_id)
    lessons = await _lessons(session, class_id, subject_id, date_from, date_to)
    students = await _members(session, class_id)
    named = await people.names(runtime, school_id, students)
    ordered = sorted(students, key=lambda s: (named.get(s, people.UNKNOWN).full, str(s)))
    rows: list[list[str]] = []
    for lesson in lessons:
        head = [
            lesson.lesson_date.isoformat(),
            str(lesson.period_number or ""),
            lesson.subject_name,
            lesson.group_name or "",
        ]
        rows.append([*head, "", "(урок: тема и домашнее задание)"])
        for student in ordered:
            rows.append([*head, str(student), named.get(student, people.UNKNOWN).full])
    name = f"paper-journal-{date_from.isoformat()}-{date_to.isoformat()}.{fmt}"
    listed = tuple(ordered) if lessons else ()
    if fmt == "xlsx":
        return Template(files.template_xlsx(rows, policy), files.XLSX_MEDIA, name, listed)
    return Template(files.template_csv(rows), f"{files.CSV_MEDIA}; charset=utf-8", name, listed)


# --- the import ----------------------------------------------------------------------------


@dataclass
class Known:
    """What the journal already holds for the file's lessons, and what earlier lines of
    this file have claimed."""

    ledger: dict[str, PaperImportEntry]
    attendance: dict[tuple[UUID, UUID], tuple[str, str | None]]
    records: dict[UUID, LessonRecord]
    file_mark_keys: set[str]
    claimed: dict[str, tuple[int, str]] = field(default_factory=dict)
    slots: dict[tuple[UUID, UUID | None, str | None], list[PaperImportEntry]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def __post_init__(self) -> None:
        for row in self.ledger.values():
            if row.kind == "mark":
                self.slots[(row.lesson_id, row.student_id, row.work_type)].append(row)

    def judge(self, entry: Entry, key: str) -> Literal["new", "unchanged"]:
        """Whether the entry is new or already there (a re-upload, a repeated line); raises
        RowError with why when it conflicts with what is there."""
        column = _COLUMN_OF_KIND[entry.kind]
        if key in self.claimed:
            line, content = self.claimed[key]
            if content == entry.content:
                return "unchanged"
            raise RowError(
                column,
                f"Line {line} gives another {entry.kind} for the same lesson.",
                f"repeated-{entry.kind}",
                line=line,
            )
        if key in self.ledger:
            before = self.ledger[key]
            if before.content == entry.content:
                return "unchanged"
            raise RowError(
                column,
                f"Already imported from paper as «{before.content}»: correct it in the journal.",
                "already-imported",
                value=before.content,
            )
        return "unchanged" if self._journal_has(entry, column) else "new"

    def _journal_has(self, entry: Entry, column: str) -> bool:
        lesson_id = entry.lesson.lesson_id
        if entry.kind == "mark":
            for before in self.slots.get(entry.mark_slot, []):
                if before.entry_key not in self.file_mark_keys:
                    raise RowError(
                        column,
                        f"A mark «{before.content}» ({entry.work_type}) of this student in this "
                        "lesson was imported from paper before and is not in this file: if this "
                        "mark replaces it, change that mark in the journal (audited); if it is "
                        "another one, upload them together.",
                        "mark-imported-before",
                        value=before.content,
                    )
            return False
        if entry.kind == "attendance":
            assert entry.student_id is not None
            existing = self.attendance.get((lesson_id, entry.student_id))
            if existing is None:
                return False
            if existing == (entry.value, entry.reason):
                return True
            raise RowError(
                column,
                f"The journal already records {existing[0]} ({existing[1] or 'no reason'}) for "
                "this student in this lesson; the class teacher corrects it there.",
                "attendance-differs",
                status=existing[0],
                reason=existing[1] or "",
            )
        record = self.records.get(lesson_id)
        current = None
        if record is not None:
            current = record.topic if entry.kind == "topic" else (record.homework or {}).get("text")
        if not current:
            return False
        if current == entry.value:
            return True
        raise RowError(
            column,
            f"The lesson already has the {entry.kind} «{current}».",
            f"lesson-has-{entry.kind}",
            value=current,
        )


@dataclass
class Accepted:
    line: int
    new: list[tuple[Entry, str]]


@dataclass
class Outcome:
    accepted: list[Accepted] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    rejected: list[RejectedLine] = field(default_factory=list)

    def reject(self, line: Line, error: RowError) -> None:
        self.rejected.append(
            RejectedLine(
                line=line.number,
                column=error.column,
                reason=error.reason,
                code=error.code,
                params=error.params,
            )
        )


async def import_file(
    session: AsyncSession,
    runtime: Runtime,
    principal: Principal,
    *,
    class_id: UUID,
    subject_id: UUID,
    body: bytes,
    content_type: str | None,
    file_name: str | None,
    dry_run: bool,
) -> ImportReport:
    await _require_importer(session, principal, class_id, subject_id)
    school_id = principal.require_school()
    person = principal.require_person()
    fmt = files.file_format(content_type, body)
    lines = files.read(body, fmt)
    if not dry_run:
        # Two uploads for the same class and subject at once: the second waits and then
        # finds the first's entries (no doubles).
        lock = f"paper-import:{school_id}:{class_id}:{subject_id}"
        await session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": lock})
    policy = await school_policy(session, runtime, school_id)
    checker = await _checker(session, runtime, principal, policy, class_id, subject_id, lines)
    outcome, known = await _classify(session, checker, lines)
    import_id = None
    if not dry_run:
        import_id = uuid4()
        now = checker.now
        await _write(session, policy, outcome, known, person, import_id, now)
        session.add(
            PaperImport(
                school_id=school_id,
                id=import_id,
                class_id=class_id,
                subject_id=subject_id,
                file_name=file_name or f"paper-journal.{fmt}",
                file_format=fmt,
                file_sha256=hashlib.sha256(body).hexdigest(),
                rows=len(lines),
                imported=len(outcome.accepted),
                unchanged=len(outcome.unchanged),
                rejected=len(outcome.rejected),
                rejected_lines=[r.model_dump() for r in outcome.rejected],
                imported_by=person,
                imported_at=now,
            )
        )
        await session.flush()
    return _report(import_id, dry_run, file_name, fmt, lines, outcome)


async def _classify(
    session: AsyncSession, checker: Checker, lines: list[Line]
) -> tuple[Outcome, Known]:
    """Every line checked on its own, then judged against what the journal holds."""
    outcome = Outcome()
    parsed: list[tuple[Line, list[Entry]]] = []
    for line in lines:
        try:
            parsed.append((line, await checker.entries(line)))
        except RowError as error:
            outcome.reject(line, error)
    keys = numbered_keys([entries for _, entries in parsed])
    known = await _known(session, parsed, keys)
    for (line, entries), line_keys in zip(parsed, keys, strict=True):
        _judge_line(known, outcome, line, entries, line_keys)
    outcome.rejected.sort(key=lambda r: r.line)
    outcome.unchanged.sort()
    return outcome, known


async def _checker(
    session: AsyncSession,
    runtime: Runtime,
    principal: Principal,
    policy: JournalPolicy,
    class_id: UUID,
    subject_id: UUID,
    lines: list[Line],
) -> Checker:
    lessons = await _lessons(session, class_id, subject_id)
    by_date: dict[date, list[LessonProjection]] = defaultdict(list)
    for lesson in lessons:
        by_date[lesson.lesson_date].append(lesson)
    members = await _members(session, class_id)
    groups = await _group_members(session, {g.group_id for g in lessons if g.group_id})
    cancelled = await session.scalars(
        select(LessonCancellation.lesson_date).where(
            LessonCancellation.class_id == class_id, LessonCancellation.subject_id == subject_id
        )
    )
    unknown = _unknown_students(lines, members)
    if unknown:
        # The projection may lag behind schedule: ask once, then trust what it holds.
        await projections.is_class_member(
            session, runtime, principal.require_school(), class_id, min(unknown)
        )
        members = await _members(session, class_id)
    now = datetime.now(UTC)
    return Checker(
        principal=principal,
        policy=policy,
        lessons=by_date,
        members=members,
        groups=groups,
        cancelled=set(cancelled),
        grade=await lesson_grade(session, runtime, lessons[0]) if lessons else None,
        today=now.astimezone(policy.zone).date(),
        now=now,
        past_edit_window=await access.POLICY.allows(principal, "paper-import.past-edit-window"),
    )


def _unknown_students(lines: list[Line], members: set[UUID]) -> set[UUID]:
    unknown = set()
    for line in lines:
        try:
            student = UUID(line.get("student_id"))
        except ValueError:
            continue
        if student not in members:
            unknown.add(student)
    return unknown


async def _known(
    session: AsyncSession, parsed: list[tuple[Line, list[Entry]]], keys: list[list[str]]
) -> Known:
    lesson_ids = {e.lesson.lesson_id for _, entries in parsed for e in entries}
    ledger = {
        row.entry_key: row
        for row in await session.scalars(
            select(PaperImportEntry).where(PaperImportEntry.lesson_id.in_(lesson_ids))
        )
    }
    attendance = {
        (row.lesson_id, row.student_id): (row.status, row.reason)
        for row in await session.scalars(
            select(Attendance).where(Attendance.lesson_id.in_(lesson_ids))
        )
    }
    records = {
        row.lesson_id: row
        for row in await session.scalars(
            select(LessonRecord).where(LessonRecord.lesson_id.in_(lesson_ids))
        )
    }
    mark_keys = {k for line_keys in keys for k in line_keys if k.startswith("mark:")}
    return Known(ledger, attendance, records, mark_keys)


def _judge_line(
    known: Known, outcome: Outcome, line: Line, entries: list[Entry], keys: list[str]
) -> None:
    """A line is all or nothing: one conflicting entry rejects it."""
    new: list[tuple[Entry, str]] = []
    try:
        for entry, key in zip(entries, keys, strict=True):
            if known.judge(entry, key) == "new":
                new.append((entry, key))
    except RowError as error:
        outcome.reject(line, error)
        return
    if not new:
        outcome.unchanged.append(line.number)
        return
    for entry, key in new:
        known.claimed[key] = (line.number, entry.content)
    outcome.accepted.append(Accepted(line.number, new))


# --- writing what is new -------------------------------------------------------------------


@dataclass
class Written:
    facts: list[EventMessage] = field(default_factory=list)
    # Timeliness entries (each under its lesson's teacher of record, entered by the importer).
    due: list[timeliness.Entry] = field(default_factory=list)
    attendance_lessons: set[UUID] = field(default_factory=set)


async def _write(
    session: AsyncSession,
    policy: JournalPolicy,
    outcome: Outcome,
    known: Known,
    person: UUID,
    import_id: UUID,
    now: datetime,
) -> None:
    written = Written()
    for accepted in outcome.accepted:
        for entry, key in accepted.new:
            entity_id = _write_entry(session, policy, known, written, entry, person, now)
            session.add(
                PaperImportEntry(
                    school_id=entry.lesson.school_id,
                    entry_key=key,
                    import_id=import_id,
                    line=accepted.line,
                    kind=entry.kind,
                    lesson_id=entry.lesson.lesson_id,
                    student_id=entry.student_id,
                    work_type=entry.work_type,
                    content=entry.content,
                    entity_id=entity_id,
                )
            )
    await session.flush()
    if not outcome.accepted:
        return
    school_id = outcome.accepted[0].new[0][0].lesson.school_id
    await timeliness.record(session, school_id, person, now, written.due, paper=True)
    await emit_many(session, written.facts, school_id=school_id, actor_id=person)


def _write_entry(
    session: AsyncSession,
    policy: JournalPolicy,
    known: Known,
    written: Written,
    entry: Entry,
    person: UUID,
    now: datetime,
) -> UUID | None:
    lesson = entry.lesson
    entries = written.due
    occasion = lesson_occasion(policy, lesson)
    if entry.kind == "mark":
        assert entry.student_id is not None
        assert entry.work_type is not None
        mark = new_mark(policy, lesson, entry.student_id, entry.value, entry.work_type, person, now)
        mark.source = PAPER
        session.add(mark)
        entries.append(mark_timeliness(policy, lesson, mark))
        written.facts.append(JournalEvents.MARK_RECORDED.of(_mark_recorded(mark, lesson)))
        return mark.id
    if entry.kind == "attendance":
        assert entry.student_id is not None
        session.add(
            Attendance(
                school_id=lesson.school_id,
                lesson_id=lesson.lesson_id,
                student_id=entry.student_id,
                status=entry.value,
                reason=entry.reason,
                recorded_by=person,
                recorded_at=now,
                source=PAPER,
            )
        )
        if lesson.lesson_id not in written.attendance_lessons:
            written.attendance_lessons.add(lesson.lesson_id)
            due = rules.attendance_due(policy, lesson.lesson_date, lesson.starts_at)
            entries.append(timeliness.Entry("attendance", occasion, due, lesson.lesson_id))
        written.facts.append(
            JournalEvents.ABSENCE_RECORDED.of(
                journal_pb2.AbsenceRecorded(
                    student_id=str(entry.student_id),
                    status=_STATUS[entry.value],
                    reason=entry.reason or "",
                    lesson=summary(lesson),
                    imported_from_paper=True,
                )
            )
        )
        return None
    record = _record(session, known, lesson, person, now)
    if entry.kind == "topic":
        record.topic = entry.value
        due = rules.days_due(policy, lesson.lesson_date, policy.deadlines.topics_days)
    else:
        record.homework = {"text": entry.value, "pages": "", "exercises": "", "attachments": []}
        due = rules.days_due(policy, lesson.lesson_date, policy.deadlines.homework_days)
        written.facts.append(
            JournalEvents.HOMEWORK_SET.of(
                journal_pb2.HomeworkSet(
                    class_id=str(lesson.class_id),
                    homework=journal_pb2.Homework(text=entry.value),
                    lesson=summary(lesson),
                    imported_from_paper=True,
                )
            )
        )
    record.updated_at = now
    entries.append(timeliness.Entry(entry.kind, occasion, due, lesson.lesson_id))
    return None


def _record(
    session: AsyncSession, known: Known, lesson: LessonProjection, person: UUID, now: datetime
) -> LessonRecord:
    """The lesson's record; a lesson recorded only on paper gets one (held, source paper)."""
    record = known.records.get(lesson.lesson_id)
    if record is None:
        record = LessonRecord(
            school_id=lesson.school_id,
            lesson_id=lesson.lesson_id,
            topic=None,
            work_types=[],
            homework=None,
            held=True,
            teacher_id=lesson.teacher_id,
            recorded_by=person,
            recorded_at=now,
            updated_at=now,
            source=PAPER,
        )
        session.add(record)
        known.records[lesson.lesson_id] = record
    return record


def _mark_recorded(mark: Mark, lesson: LessonProjection) -> journal_pb2.MarkRecorded:
    proto = to_proto(mark)
    proto.imported_from_paper = True
    return journal_pb2.MarkRecorded(mark=proto, lesson=summary(lesson))


# --- the log and the answer ----------------------------------------------------------------


def _report(
    import_id: UUID | None,
    dry_run: bool,
    file_name: str | None,
    fmt: FileFormat,
    lines: list[Line],
    outcome: Outcome,
) -> ImportReport:
    counts: dict[str, int] = {"mark": 0, "attendance": 0, "topic": 0, "homework": 0}
    for accepted in outcome.accepted:
        for entry, _ in accepted.new:
            counts[entry.kind] += 1
    return ImportReport(
        import_id=import_id,
        dry_run=dry_run,
        file_name=file_name or f"paper-journal.{fmt}",
        file_format=fmt,
        rows=len(lines),
        imported=len(outcome.accepted),
        unchanged=len(outcome.unchanged),
        rejected=len(outcome.rejected),
        entries=counts,
        rejected_lines=outcome.rejected,
        unchanged_lines=outcome.unchanged,
    )


# --- the log -------------------------------------------------------------------------------


async def import_log(
    session: AsyncSession,
    principal: Principal,
    *,
    class_id: UUID | None,
    subject_id: UUID | None,
    limit: int,
) -> list[PaperImportRead]:
    """The school's uploads of paper journals, newest first: for its leadership."""
    query = (
        select(PaperImport).order_by(PaperImport.imported_at.desc(), PaperImport.id).limit(limit)
    )
    if class_id is not None:
        query = query.where(PaperImport.class_id == class_id)
    if subject_id is not None:
        query = query.where(PaperImport.subject_id == subject_id)
    return [
        PaperImportRead.model_validate(row, from_attributes=True)
        for row in await session.scalars(query)
    ]
