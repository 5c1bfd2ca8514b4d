"""The deadline clock (J4): a background task of the journal's lead worker that records a
missing fact for every expected entry not made when its deadline passed.

Each round finds the schools with expectations due (through the district scope: the only
read across schools, of ids and moments), then per school, in that school's own
transaction, claims a batch of due expectations with FOR UPDATE SKIP LOCKED, records the
entries not made as missing, removes the claimed rows and publishes the facts as one
EntriesTimed event. A save of the same entry meanwhile waits for the claim and then turns
the missing fact into a late one (service.record). Deadlines are moments computed in the
school's time zone and working days when the entry became expected (expectations.py), so
a fact is recorded at most one interval (`deadline_clock_seconds`) after its deadline."""

import asyncio
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import structlog
from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.db import tenant_transaction
from okrug_common.runtime import Runtime
from okrug_journal.grades import grade_of_name
from okrug_journal.models import (
    ClassMemberProjection,
    EntryExpectation,
    EntryTimeliness,
    LessonProjection,
    LessonRecord,
    PeriodMark,
)
from okrug_journal.oversight.monitoring import clock as monitoring_clock
from okrug_journal.policy.schemas import JournalPolicy
from okrug_journal.policy.service import school_policy
from okrug_journal.settings import JournalSettings
from okrug_journal.timeliness import expectations, service
from okrug_journal.timeliness.facts import Occasion, period_mark_fact_id

log = structlog.get_logger(__name__)

# Expectations claimed per transaction: a school's round ends in a few short transactions.
BATCH = 500


async def run(runtime: Runtime) -> None:
    """Rounds every `deadline_clock_seconds` until cancelled; a failed round is logged and
    the next one tries again."""
    settings = runtime.settings
    assert isinstance(settings, JournalSettings)
    while True:
        try:
            await record_missing(runtime)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("deadline_clock_round_failed")
        try:
            # Each study period's end makes the schools' monitoring reports (O5).
            await monitoring_clock.make_period_end_reports(runtime)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("monitoring_round_failed")
        await asyncio.sleep(settings.deadline_clock_seconds)


async def start(runtime: Runtime) -> None:
    """Start the clock on the lead worker (the one that runs the consumers and the relay)."""
    if runtime.worker == 0:
        runtime.state["deadline_clock"] = asyncio.create_task(run(runtime), name="deadline-clock")


async def record_missing(runtime: Runtime, now: datetime | None = None) -> int:
    """One round: every entry due by `now` and not made becomes a missing fact. Returns how
    many facts were recorded."""
    moment = now or datetime.now(UTC)
    async with tenant_transaction(runtime.sessionmaker, None, district=True) as session:
        schools = list(
            await session.scalars(
                select(EntryExpectation.school_id)
                .where(EntryExpectation.due_at <= moment)
                .distinct()
            )
        )
    recorded = 0
    for school_id in schools:
        while True:
            async with tenant_transaction(runtime.sessionmaker, school_id) as session:
                claimed, facts = await _school_round(session, runtime, school_id, moment)
            recorded += facts
            if claimed < BATCH:
                break
    return recorded


async def _school_round(
    session: AsyncSession, runtime: Runtime, school_id: UUID, moment: datetime
) -> tuple[int, int]:
    due = (
        await session.scalars(
            select(EntryExpectation)
            .where(EntryExpectation.school_id == school_id, EntryExpectation.due_at <= moment)
            .order_by(EntryExpectation.due_at)
            .limit(BATCH)
            .with_for_update(skip_locked=True)
        )
    ).all()
    if not due:
        return 0, 0
    policy = await school_policy(session, runtime, school_id)
    rows = [
        *await _missing_lesson_entries(session, school_id, [e for e in due if e.lesson_id]),
        *await _missing_period_marks(
            session, policy, school_id, [e for e in due if e.kind == "period-mark"]
        ),
    ]
    if rows:
        known = set(
            await session.scalars(
                select(EntryTimeliness.fact_id).where(
                    EntryTimeliness.fact_id.in_([r["fact_id"] for r in rows])
                )
            )
        )
        rows = [r for r in rows if r["fact_id"] not in known]
    if rows:
        await session.execute(insert(service.FACTS), rows)
    await session.execute(
        delete(EntryExpectation)
        .where(
            EntryExpectation.school_id == school_id,
            EntryExpectation.id.in_([e.id for e in due]),
        )
        .execution_options(synchronize_session=False)
    )
    await service.publish(session, school_id, None, rows)
    log.info("deadline_clock_missing", claimed=len(due), missing=len(rows))
    return len(due), len(rows)


async def _missing_lesson_entries(
    session: AsyncSession, school_id: UUID, due: list[EntryExpectation]
) -> list[dict[str, Any]]:
    """A held lesson's attendance, topic or homework not entered (a lesson recorded as not
    held expects nothing; a lesson no longer in the projection was cancelled)."""
    if not due:
        return []
    ids = {e.lesson_id for e in due}
    lessons = {
        lesson.lesson_id: lesson
        for lesson in await session.scalars(
            select(LessonProjection).where(LessonProjection.lesson_id.in_(ids))
        )
    }
    not_held = set(
        await session.scalars(
            select(LessonRecord.lesson_id).where(
                LessonRecord.lesson_id.in_(ids), LessonRecord.held.is_(False)
            )
        )
    )
    rows = []
    for expected in due:
        lesson = lessons.get(expected.lesson_id) if expected.lesson_id else None
        if lesson is None or lesson.lesson_id in not_held:
            continue
        occasion = Occasion(
            class_id=lesson.class_id,
            subject_id=lesson.subject_id,
            teacher_id=lesson.teacher_id,
            day=lesson.lesson_date,
            period=expected.period,
            lesson_id=lesson.lesson_id,
        )
        rows.append(
            service.fact_row(
                school_id, expected.id, expected.kind, occasion, expected.due_at, service.MISSING
            )
        )
    return rows


async def _missing_period_marks(
    session: AsyncSession, policy: JournalPolicy, school_id: UUID, due: list[EntryExpectation]
) -> list[dict[str, Any]]:
    """Per class, subject and period: a missing fact for each member of the class without
    a period mark, under the subject's teacher of the period's last lesson."""
    rows = []
    for expected in due:
        assert expected.period is not None
        last = await expectations.period_teacher(
            session, expected.class_id, expected.subject_id, expected.lesson_date
        )
        if last is None or expected.subject_id in policy.no_assessment_subjects:
            continue
        if (last.class_grade or grade_of_name(last.class_name)) in policy.grades_without_marks:
            continue
        members = set(
            await session.scalars(
                select(ClassMemberProjection.student_id).where(
                    ClassMemberProjection.class_id == expected.class_id
                )
            )
        )
        marked = set(
            await session.scalars(
                select(PeriodMark.student_id).where(
                    PeriodMark.subject_id == expected.subject_id,
                    PeriodMark.period == expected.period,
                    PeriodMark.student_id.in_(members),
                )
            )
        )
        occasion = Occasion(
            class_id=expected.class_id,
            subject_id=expected.subject_id,
            teacher_id=last.teacher_id,
            day=expected.lesson_date,
            period=expected.period,
        )
        rows += [
            service.fact_row(
                school_id,
                period_mark_fact_id(expected.class_id, expected.subject_id, expected.period, s),
                "period-mark",
                occasion,
                expected.due_at,
                service.MISSING,
            )
            for s in sorted(members - marked)
        ]
    return rows
