"""The diary (J9): a student's week (timetable, topics, homework, marks with work types,
absences), their marks per subject over a period, and a parent's children.

The week is read on every parent's evening: the access check (two queries for a parent),
the school policy's stamp (one query; the effective policy itself is computed once per
change and day), ONE query for the whole week (lessons with their record, the
student's individual homework, attendance and marks aggregated per lesson) and, when the
week has lessons, one ListPersons call to identity for its teachers' names (the journal
stores no names, people.py)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import (
    JSON,
    Text,
    and_,
    bindparam,
    cast,
    exists,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import BindParameter

from okrug_common.auth import Principal
from okrug_common.errors import InvalidInput
from okrug_common.roles import Role
from okrug_common.runtime import Runtime
from okrug_journal import access, people
from okrug_journal.dates import require_journal_day
from okrug_journal.diary.schemas import (
    DiaryAttendance,
    DiaryChild,
    DiaryDay,
    DiaryLesson,
    DiaryMark,
    DiaryMarks,
    DiaryPeriodMark,
    DiaryStudyPeriod,
    DiaryWeek,
    SubjectMark,
    SubjectMarks,
)
from okrug_journal.lesson_records.schemas import Homework
from okrug_journal.models import (
    Attendance,
    ClassGrade,
    ClassMemberProjection,
    DatedClassMemberProjection,
    GroupMemberProjection,
    IndividualHomework,
    LessonCancellation,
    LessonProjection,
    LessonRecord,
    Mark,
    PeriodMark,
)
from okrug_journal.policy import rules
from okrug_journal.policy.schemas import JournalPolicy, StudyPeriod
from okrug_journal.policy.service import school_policy
from okrug_journal.projections import service as projections

MAX_RANGE_DAYS = 400


@dataclass(frozen=True)
class _Policy:
    policy: JournalPolicy
    work_type_titles: dict[str, str]


async def _policy(session: AsyncSession, runtime: Runtime, school_id: UUID) -> _Policy:
    """The school's effective policy (built once per change, in policy.service) and its work
    types' titles."""
    policy = await school_policy(session, runtime, school_id)
    return _Policy(policy, {w.code: w.title_ru for w in policy.work_types})


def _classes_of(student_id: Any) -> Any:
    return select(ClassMemberProjection.class_id).where(
        ClassMemberProjection.student_id == student_id
    )


def _in_group_on_date(student_id: Any) -> Any:
    """The lesson is for the whole class, or for a group the student is in on its date."""
    member = exists().where(
        GroupMemberProjection.school_id == LessonProjection.school_id,
        GroupMemberProjection.group_id == LessonProjection.group_id,
        GroupMemberProjection.student_id == student_id,
        GroupMemberProjection.since <= LessonProjection.lesson_date,
        or_(
            GroupMemberProjection.until.is_(None),
            GroupMemberProjection.until > LessonProjection.lesson_date,
        ),
    )
    return or_(LessonProjection.group_id.is_(None), member)


def _in_class_on_date(student_id: Any) -> Any:
    """The student was in the lesson's class on its date: schedule's dated membership when
    the journal has it (a transferred student keeps the old class's lessons up to the
    transfer only), else every day."""

    def dated(*on_date: Any) -> Any:
        return exists().where(
            DatedClassMemberProjection.school_id == LessonProjection.school_id,
            DatedClassMemberProjection.class_id == LessonProjection.class_id,
            DatedClassMemberProjection.student_id == student_id,
            *on_date,
        )

    covering = dated(
        DatedClassMemberProjection.since <= LessonProjection.lesson_date,
        or_(
            DatedClassMemberProjection.until.is_(None),
            DatedClassMemberProjection.until > LessonProjection.lesson_date,
        ),
    )
    return or_(~dated(), covering)


def _not_cancelled() -> Any:
    return ~exists().where(
        LessonCancellation.school_id == LessonProjection.school_id,
        LessonCancellation.lesson_id == LessonProjection.lesson_id,
    )


def _week_query() -> Any:
    """The week's statement, built once: parameters student_id, monday, sunday."""
    student_id: BindParameter[UUID] = bindparam("student_id")
    marks = (
        select(
            func.coalesce(
                func.json_agg(
                    aggregate_order_by(
                        func.json_build_object(
                            "id",
                            Mark.id,
                            "value",
                            Mark.value,
                            "work_type",
                            Mark.work_type,
                            "weight",
                            cast(Mark.weight, Text),
                            "recorded_at",
                            Mark.recorded_at,
                        ),
                        Mark.recorded_at,
                    )
                ),
                literal_column("'[]'::json"),
                type_=JSON,
            )
        )
        .where(
            Mark.school_id == LessonProjection.school_id,
            Mark.lesson_id == LessonProjection.lesson_id,
            Mark.student_id == student_id,
        )
        .scalar_subquery()
    )
    return (
        select(
            LessonProjection.lesson_id,
            LessonProjection.lesson_date,
            LessonProjection.period_number,
            LessonProjection.starts_at,
            LessonProjection.ends_at,
            LessonProjection.subject_id,
            LessonProjection.subject_name,
            LessonProjection.room_name,
            LessonProjection.teacher_id,
            LessonProjection.planned_teacher_id,
            LessonProjection.group_id,
            LessonProjection.group_name,
            LessonRecord.held,
            LessonRecord.topic,
            LessonRecord.homework,
            IndividualHomework.homework.label("individual_homework"),
            Attendance.status,
            Attendance.reason,
            marks.label("marks"),
        )
        .select_from(LessonProjection)
        .outerjoin(
            LessonRecord,
            and_(
                LessonRecord.school_id == LessonProjection.school_id,
                LessonRecord.lesson_id == LessonProjection.lesson_id,
            ),
        )
        .outerjoin(
            IndividualHomework,
            and_(
                IndividualHomework.school_id == LessonProjection.school_id,
                IndividualHomework.lesson_id == LessonProjection.lesson_id,
                IndividualHomework.student_id == student_id,
            ),
        )
        .outerjoin(
            Attendance,
            and_(
                Attendance.school_id == LessonProjection.school_id,
                Attendance.lesson_id == LessonProjection.lesson_id,
                Attendance.student_id == student_id,
            ),
        )
        .where(
            LessonProjection.class_id.in_(_classes_of(student_id)),
            LessonProjection.lesson_date >= bindparam("monday"),
            LessonProjection.lesson_date <= bindparam("sunday"),
            _in_class_on_date(student_id),
            _in_group_on_date(student_id),
            _not_cancelled(),
        )
        .order_by(
            LessonProjection.lesson_date,
            LessonProjection.period_number.asc().nulls_last(),
            LessonProjection.starts_at,
        )
    )


_WEEK = _week_query()


def _homework(value: dict[str, Any] | None) -> Homework | None:
    return Homework.model_validate(value) if value else None


def _lesson(row: Any, cached: _Policy, teachers: people.Names) -> DiaryLesson:
    zone = cached.policy.zone
    teacher = teachers.persons.get(row.teacher_id)
    titles = cached.work_type_titles
    return DiaryLesson(
        lesson_id=row.lesson_id,
        period_number=row.period_number,
        starts_at=row.starts_at.astimezone(zone),
        ends_at=row.ends_at.astimezone(zone) if row.ends_at else None,
        subject_id=row.subject_id,
        subject_name=row.subject_name,
        room_name=row.room_name,
        teacher_id=row.teacher_id,
        teacher_name=teacher.full if teacher else None,
        substituted=row.planned_teacher_id is not None and row.planned_teacher_id != row.teacher_id,
        group_id=row.group_id,
        group_name=row.group_name,
        held=row.held,
        topic=row.topic,
        homework=_homework(row.homework),
        individual_homework=_homework(row.individual_homework),
        marks=[
            DiaryMark(**m, work_type_title=titles.get(m["work_type"], m["work_type"]))
            for m in row.marks
        ],
        attendance=(DiaryAttendance(status=row.status, reason=row.reason) if row.status else None),
    )


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


async def week(
    session: AsyncSession,
    runtime: Runtime,
    principal: Principal,
    student_id: UUID,
    day: date | None,
) -> DiaryWeek:
    """The week (Monday to Sunday) containing `day`, this week in the school's time zone
    by default; per day the student's lessons in timetable order."""
    await access.require_student_reader(session, runtime, principal, student_id)
    require_journal_day(day, "date")
    school_id = principal.require_school()
    cached = await _policy(session, runtime, school_id)
    monday = monday_of(day or datetime.now(cached.policy.zone).date())
    days: dict[date, list[DiaryLesson]] = {monday + timedelta(days=i): [] for i in range(7)}
    params = {
        "student_id": student_id,
        "monday": monday,
        "sunday": monday + timedelta(days=6),
    }
    rows = (await session.execute(_WEEK, params)).all()
    teachers = (
        await people.for_document(runtime, school_id, {row.teacher_id for row in rows})
        if rows
        else people.Names(school_name="")
    )
    for row in rows:
        days[row.lesson_date].append(_lesson(row, cached, teachers))
    return DiaryWeek(
        student_id=student_id,
        week_start=monday,
        week_end=monday + timedelta(days=6),
        time_zone=cached.policy.time_zone,
        days=[DiaryDay(date=d, lessons=lessons) for d, lessons in days.items()],
    )


def current_period(policy: JournalPolicy, today: date) -> StudyPeriod | None:
    """The period of the school's finest kind (terms, or trimesters) containing `today`; in
    the holidays the one that ended last; else the shortest period containing `today`
    (None when there is none)."""

    def days(p: StudyPeriod) -> int:
        return (p.ends_on - p.starts_on).days

    periods = policy.study_periods
    if not periods:
        return None
    finest = [p for p in periods if p.kind == min(periods, key=days).kind]
    ended = [p for p in finest if p.ends_on < today]
    containing = [p for p in finest if p.starts_on <= today <= p.ends_on]
    if containing or ended:
        return containing[0] if containing else max(ended, key=lambda p: p.ends_on)
    wider = [p for p in periods if p.starts_on <= today <= p.ends_on]
    return min(wider, key=days) if wider else None


def _range(
    policy: JournalPolicy, period: str | None, date_from: date | None, date_to: date | None
) -> tuple[date, date]:
    if period is not None:
        if date_from is not None or date_to is not None:
            raise InvalidInput("Give a study period or a date range, not both.", field="period")
        found = rules.require_period(policy, period)
        return found.starts_on, found.ends_on
    if date_from is None or date_to is None:
        raise InvalidInput(
            "Give a study period (period) or both date_from and date_to.",
            field="date_from" if date_from is None else "date_to",
        )
    if date_to < date_from:
        raise InvalidInput("date_to is before date_from.", field="date_to")
    if (date_to - date_from).days + 1 > MAX_RANGE_DAYS:
        raise InvalidInput(f"The range covers at most {MAX_RANGE_DAYS} days.", field="date_to")
    return date_from, date_to


async def marks(
    session: AsyncSession,
    runtime: Runtime,
    principal: Principal,
    student_id: UUID,
    period: str | None,
    date_from: date | None,
    date_to: date | None,
) -> DiaryMarks:
    """Per subject the student's marks in the range, their average and weighted average
    (policy/rules.averages) and the period mark when one is set for `period`. Neither a
    period nor dates: the current study period (current_period)."""
    await access.require_student_reader(session, runtime, principal, student_id)
    school_id = principal.require_school()
    cached = await _policy(session, runtime, school_id)
    if period is None and date_from is None and date_to is None:
        current = current_period(cached.policy, datetime.now(cached.policy.zone).date())
        period = current.code if current else None
    starts, ends = _range(cached.policy, period, date_from, date_to)
    subjects = await _subjects(session, student_id, starts, ends)
    found = await session.execute(
        select(
            Mark.lesson_id,
            Mark.value,
            Mark.work_type,
            Mark.weight,
            LessonProjection.lesson_date,
            LessonProjection.subject_id,
            LessonProjection.subject_name,
        )
        .join(
            LessonProjection,
            and_(
                LessonProjection.school_id == Mark.school_id,
                LessonProjection.lesson_id == Mark.lesson_id,
            ),
        )
        .where(
            Mark.student_id == student_id,
            LessonProjection.lesson_date >= starts,
            LessonProjection.lesson_date <= ends,
        )
        .order_by(LessonProjection.lesson_date, Mark.recorded_at)
    )
    by_subject: dict[UUID, list[SubjectMark]] = {s: [] for s in subjects}
    titles = cached.work_type_titles
    for row in found:
        subjects.setdefault(row.subject_id, row.subject_name)
        by_subject.setdefault(row.subject_id, []).append(
            SubjectMark(
                lesson_id=row.lesson_id,
                date=row.lesson_date,
                value=row.value,
                work_type=row.work_type,
                work_type_title=titles.get(row.work_type, row.work_type),
                weight=row.weight,
            )
        )
    period_marks = await _period_marks(session, student_id, period)
    result = []
    for subject_id, name in sorted(subjects.items(), key=lambda s: (s[1], str(s[0]))):
        subject_marks = by_subject.get(subject_id, [])
        average, weighted = rules.averages((m.value, m.weight) for m in subject_marks)
        result.append(
            SubjectMarks(
                subject_id=subject_id,
                subject_name=name,
                marks=subject_marks,
                average=average,
                weighted_average=weighted,
                period_mark=period_marks.get(subject_id),
            )
        )
    return DiaryMarks(
        student_id=student_id,
        period=period,
        date_from=starts,
        date_to=ends,
        subjects=result,
        study_periods=[
            DiaryStudyPeriod(code=p.code, kind=p.kind, starts_on=p.starts_on, ends_on=p.ends_on)
            for p in cached.policy.study_periods
        ],
    )


async def _subjects(
    session: AsyncSession, student_id: UUID, starts: date, ends: date
) -> dict[UUID, str]:
    """The subjects of the student's timetable in the range (those without marks too)."""
    rows = await session.execute(
        select(LessonProjection.subject_id, func.max(LessonProjection.subject_name))
        .where(
            LessonProjection.class_id.in_(_classes_of(student_id)),
            LessonProjection.lesson_date >= starts,
            LessonProjection.lesson_date <= ends,
            _in_class_on_date(student_id),
            _in_group_on_date(student_id),
        )
        .group_by(LessonProjection.subject_id)
    )
    return {subject_id: name for subject_id, name in rows.all()}


async def _period_marks(
    session: AsyncSession, student_id: UUID, period: str | None
) -> dict[UUID, DiaryPeriodMark]:
    if period is None:
        return {}
    rows = await session.scalars(
        select(PeriodMark).where(
            PeriodMark.student_id == student_id,
            PeriodMark.period == period,
        )
    )
    return {
        pm.subject_id: DiaryPeriodMark(value=pm.value, kind=pm.kind, recorded_at=pm.recorded_at)
        for pm in rows
    }


async def children(
    session: AsyncSession, runtime: Runtime, principal: Principal
) -> list[DiaryChild]:
    """A parent's children as the guardian projection has them (a link identity has not
    told the journal about yet is missing until its event arrives); a student gets
    themself."""
    person = principal.require_person()
    students: list[UUID] = []
    if Role.STUDENT in principal.roles:
        students.append(person)
    if Role.PARENT in principal.roles:
        students += await projections.students_of_guardian(session, person)
    if not students:
        return []
    school_id = principal.require_school()
    today = datetime.now((await _policy(session, runtime, school_id)).policy.zone).date()
    return await _with_classes(session, sorted(set(students), key=str), today)


async def _with_classes(
    session: AsyncSession, students: Sequence[UUID], today: date
) -> list[DiaryChild]:
    """Each student with their class: one they are in today by schedule's dated membership
    (a class left by a transfer comes last), then the one of their latest lesson (a class
    without lessons yet after one with lessons; its name from class_grades)."""
    member = ClassMemberProjection
    dated = DatedClassMemberProjection
    membership = and_(
        dated.school_id == member.school_id,
        dated.class_id == member.class_id,
        dated.student_id == member.student_id,
    )
    covering_today = and_(
        membership, dated.since <= today, or_(dated.until.is_(None), dated.until > today)
    )
    left = and_(exists().where(membership), ~exists().where(covering_today))
    latest = (
        select(
            LessonProjection.class_name,
            LessonProjection.lesson_date,
        )
        .where(
            LessonProjection.school_id == ClassMemberProjection.school_id,
            LessonProjection.class_id == ClassMemberProjection.class_id,
        )
        .order_by(LessonProjection.lesson_date.desc())
        .limit(1)
        .lateral()
    )
    rows = await session.execute(
        select(
            ClassMemberProjection.student_id,
            ClassMemberProjection.class_id,
            func.coalesce(func.nullif(latest.c.class_name, ""), ClassGrade.class_name).label(
                "class_name"
            ),
        )
        .select_from(ClassMemberProjection)
        .outerjoin(latest, literal_column("true"))
        .outerjoin(
            ClassGrade,
            and_(
                ClassGrade.school_id == ClassMemberProjection.school_id,
                ClassGrade.class_id == ClassMemberProjection.class_id,
            ),
        )
        .where(ClassMemberProjection.student_id.in_(students))
        .order_by(
            ClassMemberProjection.student_id,
            left,
            latest.c.lesson_date.desc().nulls_last(),
        )
    )
    found: dict[UUID, DiaryChild] = {}
    for row in rows:
        found.setdefault(
            row.student_id,
            DiaryChild(student_id=row.student_id, class_id=row.class_id, class_name=row.class_name),
        )
    return [
        found.get(s) or DiaryChild(student_id=s, class_id=None, class_name=None) for s in students
    ]
