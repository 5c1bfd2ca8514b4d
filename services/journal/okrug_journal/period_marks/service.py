"""Period marks (J5): term, half-year, year, exam and final, set beside the weighted
average of the period's marks. Grade levels without marks and "no assessment" subjects
refuse them. Period bounds come from the policy's study periods (until schedule's calendar
reaches the journal). Changing a period mark already set is a row of the change audit
(old, new, who, when, why)."""

from datetime import UTC, datetime
from decimal import Decimal
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.journal.v1 import journal_pb2
from okrug_common.auth import Principal
from okrug_common.errors import InvalidInput, NotFound
from okrug_common.event_catalog import JournalEvents
from okrug_common.outbox import emit
from okrug_common.runtime import Runtime
from okrug_journal import access
from okrug_journal.audit.service import recorded_change
from okrug_journal.grades import grade_of_class
from okrug_journal.models import (
    ClassMemberProjection,
    LessonProjection,
    Mark,
    PeriodMark,
    outbox,
)
from okrug_journal.period_marks.schemas import PeriodMarkSet, PeriodStanding
from okrug_journal.policy import rules
from okrug_journal.policy.schemas import StudyPeriod
from okrug_journal.policy.service import school_policy
from okrug_journal.projections import service as projections
from okrug_journal.timeliness import expectations
from okrug_journal.timeliness import service as timeliness
from okrug_journal.timeliness.facts import Occasion, period_mark_fact_id


async def _period_marks_of(
    session: AsyncSession,
    class_id: UUID,
    subject_id: UUID,
    period: StudyPeriod,
    student_id: UUID | None = None,
) -> dict[UUID, list[tuple[str, Decimal]]]:
    query = (
        select(Mark.student_id, Mark.value, Mark.weight)
        .join(
            LessonProjection,
            (LessonProjection.school_id == Mark.school_id)
            & (LessonProjection.lesson_id == Mark.lesson_id),
        )
        .where(
            LessonProjection.class_id == class_id,
            LessonProjection.subject_id == subject_id,
            LessonProjection.lesson_date >= period.starts_on,
            LessonProjection.lesson_date <= period.ends_on,
        )
    )
    if student_id is not None:
        query = query.where(Mark.student_id == student_id)
    found: dict[UUID, list[tuple[str, Decimal]]] = {}
    for sid, value, weight in (await session.execute(query)).all():
        found.setdefault(sid, []).append((value, weight))
    return found


async def class_subject_lesson(
    session: AsyncSession, class_id: UUID, subject_id: UUID
) -> LessonProjection:
    """Some lesson of the subject in the class: the class and subject exist in this school."""
    lesson = await session.scalar(
        select(LessonProjection)
        .where(LessonProjection.class_id == class_id, LessonProjection.subject_id == subject_id)
        .limit(1)
    )
    if lesson is None:
        raise NotFound("No lessons of this subject in this class in this school's journal.")
    return lesson


async def standings(
    session: AsyncSession,
    runtime: Runtime,
    principal: Principal,
    class_id: UUID,
    subject_id: UUID,
    period_code: str,
) -> list[PeriodStanding]:
    await access.require_class_subject(
        session, principal, "period-marks.read", class_id, subject_id
    )
    school_id = principal.require_school()
    await class_subject_lesson(session, class_id, subject_id)
    policy = await school_policy(session, runtime, school_id)
    period = rules.require_period(policy, period_code)
    marks = await _period_marks_of(session, class_id, subject_id, period)
    students = set(
        await session.scalars(
            select(ClassMemberProjection.student_id).where(
                ClassMemberProjection.class_id == class_id
            )
        )
    ) | set(marks)
    set_marks = {
        pm.student_id: pm.value
        for pm in await session.scalars(
            select(PeriodMark).where(
                PeriodMark.subject_id == subject_id,
                PeriodMark.class_id == class_id,
                PeriodMark.period == period_code,
            )
        )
    }
    result = []
    for student in sorted(students, key=str):
        average, weighted = rules.averages(marks.get(student, []))
        result.append(
            PeriodStanding(
                student_id=student,
                marks_count=len(marks.get(student, [])),
                average=average,
                weighted_average=weighted,
                period_mark=set_marks.get(student),
            )
        )
    return result


def _snapshot(mark: PeriodMark) -> dict[str, str]:
    return {"period": mark.period, "scale": mark.scale, "value": mark.value}


async def set_period_mark(
    session: AsyncSession,
    runtime: Runtime,
    principal: Principal,
    class_id: UUID,
    subject_id: UUID,
    period_code: str,
    student_id: UUID,
    data: PeriodMarkSet,
) -> PeriodMark:
    await access.require_class_subject(
        session, principal, "period-marks.write", class_id, subject_id
    )
    school_id = principal.require_school()
    person = principal.require_person()
    policy = await school_policy(session, runtime, school_id)
    period = rules.require_period(policy, period_code)
    if subject_id in policy.no_assessment_subjects:
        raise InvalidInput(
            'This subject is set to "no assessment": it gets no period marks.',
            field="subject_id",
        )
    lesson = await class_subject_lesson(session, class_id, subject_id)
    grade = await grade_of_class(session, runtime, school_id, class_id, lesson.lesson_id)
    if grade is not None and grade in policy.grades_without_marks:
        raise InvalidInput(f"Grade {grade} gets no marks under the school's policy.", field="value")
    rules.check_mark_value(policy, data.value)
    if not await projections.is_class_member(session, runtime, school_id, class_id, student_id):
        raise InvalidInput("The student is not in this class.", field="student_id")
    marks = await _period_marks_of(session, class_id, subject_id, period, student_id)
    average, weighted = rules.averages(marks.get(student_id, []))
    kind = period_code if period_code in ("exam", "final") else period.kind
    earlier = await session.scalar(
        select(PeriodMark)
        .where(
            PeriodMark.student_id == student_id,
            PeriodMark.subject_id == subject_id,
            PeriodMark.period == period_code,
        )
        .with_for_update()
    )
    old = _snapshot(earlier) if earlier is not None else None
    now = datetime.now(UTC)
    values = {
        "school_id": school_id,
        "id": uuid4(),
        "class_id": class_id,
        "subject_id": subject_id,
        "student_id": student_id,
        "period": period_code,
        "kind": kind,
        "scale": policy.scale,
        "value": data.value,
        "average": average,
        "weighted_average": weighted,
        "recorded_by": person,
        "recorded_at": now,
    }
    statement = insert(PeriodMark).values(values)
    row_id = await session.scalar(
        statement.on_conflict_do_update(
            index_elements=["school_id", "student_id", "subject_id", "period"],
            set_={
                k: statement.excluded[k]
                for k in (
                    "class_id",
                    "kind",
                    "scale",
                    "value",
                    "average",
                    "weighted_average",
                    "recorded_by",
                    "recorded_at",
                )
            },
        ).returning(PeriodMark.id)
    )
    stored = await session.get(PeriodMark, (school_id, row_id), populate_existing=True)
    assert stored is not None
    if old is not None and old != _snapshot(stored):
        session.add(
            recorded_change(
                "period-mark",
                school_id=school_id,
                mark_id=stored.id,
                student_id=student_id,
                class_id=class_id,
                subject_id=subject_id,
                old=old,
                new=_snapshot(stored),
                reason=data.reason,
                by=person,
            )
        )
    taught = await expectations.period_teacher(session, class_id, subject_id, period.ends_on)
    occasion = Occasion(
        class_id=class_id,
        subject_id=subject_id,
        teacher_id=(taught or lesson).teacher_id,
        day=period.ends_on,
        period=period_code,
    )
    await timeliness.record(
        session,
        school_id,
        person,
        now,
        [
            timeliness.Entry(
                "period-mark",
                occasion,
                rules.period_mark_due(policy, period.ends_on),
                stored.id,
                fact_id=period_mark_fact_id(class_id, subject_id, period_code, student_id),
            )
        ],
    )
    await emit(
        session,
        outbox,
        event=JournalEvents.PERIOD_MARK_SET,
        message=journal_pb2.PeriodMarkSet(
            student_id=str(student_id),
            class_id=str(class_id),
            subject_id=str(subject_id),
            subject_name=lesson.subject_name,
            period=period_code,
            scale=policy.scale,
            value=data.value,
            weighted_average="" if weighted is None else str(weighted),
        ),
        school_id=school_id,
        actor_id=person,
    )
    return stored
