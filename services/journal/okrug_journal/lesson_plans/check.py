"""The deputy's check of the school's lesson plans (J7): for every subject a class is taught
(its timetable's lessons in the projection) or has a plan of, whether the plan is there and
whether its hours equal the curriculum's (S1 4.4.10, asked of schedule)."""

import asyncio
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_common.errors import InvalidInput, NotFound, Unavailable
from okrug_common.runtime import Runtime
from okrug_journal.lesson_plans.schemas import CurriculumCheck, PlanCheckRow, PlanStatus
from okrug_journal.lesson_plans.service import check, curriculum_hours
from okrug_journal.models import LessonPlan, LessonPlanTopic, LessonProjection

# Questions to schedule at once (one per class, subject and group).
CONCURRENT_ASKS = 8


@dataclass(frozen=True)
class Taught:
    class_id: UUID
    subject_id: UUID
    group_id: UUID | None


@dataclass
class Names:
    class_name: str = ""
    subject_name: str = ""
    group_name: str | None = None


async def _taught(session: AsyncSession, class_id: UUID | None) -> dict[Taught, Names]:
    query = select(
        LessonProjection.class_id,
        LessonProjection.subject_id,
        LessonProjection.group_id,
        func.max(LessonProjection.class_name),
        func.max(LessonProjection.subject_name),
        func.max(LessonProjection.group_name),
    ).group_by(LessonProjection.class_id, LessonProjection.subject_id, LessonProjection.group_id)
    if class_id is not None:
        query = query.where(LessonProjection.class_id == class_id)
    return {
        Taught(c, s, g): Names(class_name or "", subject_name or "", group_name)
        for c, s, g, class_name, subject_name, group_name in (await session.execute(query)).all()
    }


async def plans_with_hours(
    session: AsyncSession, class_id: UUID | None
) -> dict[Taught, tuple[UUID, int]]:
    """The school's plans (of one class, when given) -> (plan, its planned hours)."""
    query = (
        select(
            LessonPlan.class_id,
            LessonPlan.subject_id,
            LessonPlan.group_id,
            LessonPlan.id,
            func.coalesce(func.sum(LessonPlanTopic.hours), 0),
        )
        .outerjoin(
            LessonPlanTopic,
            (LessonPlanTopic.school_id == LessonPlan.school_id)
            & (LessonPlanTopic.plan_id == LessonPlan.id),
        )
        .group_by(LessonPlan.class_id, LessonPlan.subject_id, LessonPlan.group_id, LessonPlan.id)
    )
    if class_id is not None:
        query = query.where(LessonPlan.class_id == class_id)
    rows = (await session.execute(query)).all()
    return {Taught(c, s, g): (plan_id, int(hours)) for c, s, g, plan_id, hours in rows}


async def check_plans(
    session: AsyncSession, runtime: Runtime, principal: Principal, class_id: UUID | None
) -> list[PlanCheckRow]:
    school_id = principal.require_school()
    taught = await _taught(session, class_id)
    plans = await plans_with_hours(session, class_id)
    keys = sorted(set(taught) | set(plans), key=lambda k: (str(k.class_id), str(k.subject_id)))
    limit = asyncio.Semaphore(CONCURRENT_ASKS)

    async def row(key: Taught) -> PlanCheckRow:
        plan = plans.get(key)
        if plan is None and key.group_id is not None:
            # The group's lessons follow the whole class's plan when it has none of its own.
            plan = plans.get(Taught(key.class_id, key.subject_id, None))
        planned = plan[1] if plan else 0
        async with limit:
            curriculum = await _curriculum(runtime, school_id, key, planned)
        names = taught.get(key) or Names()
        return PlanCheckRow(
            class_id=key.class_id,
            class_name=names.class_name,
            subject_id=key.subject_id,
            subject_name=names.subject_name,
            group_id=key.group_id,
            group_name=names.group_name,
            plan_id=plan[0] if plan else None,
            planned_hours=planned,
            curriculum=curriculum,
            status=_status(plan is not None, curriculum),
        )

    rows = await asyncio.gather(*(row(key) for key in keys))
    return sorted(rows, key=lambda r: (r.class_name, r.subject_name, r.group_name or ""))


async def _curriculum(
    runtime: Runtime, school_id: UUID, key: Taught, planned: int
) -> CurriculumCheck | None:
    try:
        hours = await curriculum_hours(
            runtime, school_id, key.class_id, key.subject_id, key.group_id
        )
    except (Unavailable, InvalidInput, NotFound):
        return None
    return check(hours, planned)


def _status(has_plan: bool, curriculum: CurriculumCheck | None) -> PlanStatus:
    if not has_plan:
        return "missing"
    if curriculum is None:
        return "unknown"
    return "matches" if curriculum.matches else "mismatch"
