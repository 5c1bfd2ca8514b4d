"""The lesson plan of a lesson and its topics (J7; S1 4.4.6: the teacher fills in lesson
topics according to the plan)."""

from uuid import UUID

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_common.errors import InvalidInput
from okrug_common.runtime import Runtime
from okrug_journal import access
from okrug_journal.lesson_plans.schemas import LessonTopics, OfferedTopic
from okrug_journal.models import (
    LessonCancellation,
    LessonPlan,
    LessonPlanTopic,
    LessonProjection,
    LessonRecord,
)
from okrug_journal.projections import service as projections


async def plan_of_lesson(session: AsyncSession, lesson: LessonProjection) -> LessonPlan | None:
    """The plan of the lesson's group when there is one, else the whole class's plan of
    the subject."""
    plans = await session.scalars(
        select(LessonPlan).where(
            LessonPlan.class_id == lesson.class_id,
            LessonPlan.subject_id == lesson.subject_id,
            or_(LessonPlan.group_id.is_(None), LessonPlan.group_id == lesson.group_id),
        )
    )
    found = list(plans)
    return next((p for p in found if p.group_id is not None), found[0] if found else None)


async def topic_of_lesson(
    session: AsyncSession, lesson: LessonProjection, topic_id: UUID, field: str = "plan_topic_id"
) -> LessonPlanTopic:
    """A topic of the lesson's own plan; a topic of another plan (or none) is refused."""
    plan = await plan_of_lesson(session, lesson)
    topic = await session.get(LessonPlanTopic, (lesson.school_id, topic_id))
    if plan is None or topic is None or topic.plan_id != plan.id:
        raise InvalidInput(
            f"Topic {topic_id} is not in the lesson plan of this lesson's class and subject.",
            field=field,
        )
    return topic


def lessons_of_plan(plan: LessonPlan) -> ColumnElement[bool]:
    """The condition on lesson_projection for the lessons a plan covers: the group's lessons
    for a group's plan; for a whole-class plan, the class's lessons of the subject except
    those of a group with a plan of its own."""
    same = (LessonProjection.class_id == plan.class_id) & (
        LessonProjection.subject_id == plan.subject_id
    )
    if plan.group_id is not None:
        return same & (LessonProjection.group_id == plan.group_id)
    planned_groups = select(LessonPlan.group_id).where(
        LessonPlan.class_id == plan.class_id,
        LessonPlan.subject_id == plan.subject_id,
        LessonPlan.group_id.is_not(None),
    )
    return same & (
        LessonProjection.group_id.is_(None) | LessonProjection.group_id.not_in(planned_groups)
    )


async def held_before(session: AsyncSession, plan: LessonPlan, lesson: LessonProjection) -> int:
    """Held lessons of the plan that started before this one (cancelled ones are not)."""
    count = await session.scalar(
        select(func.count())
        .select_from(LessonProjection)
        .join(
            LessonRecord,
            (LessonRecord.school_id == LessonProjection.school_id)
            & (LessonRecord.lesson_id == LessonProjection.lesson_id),
        )
        .where(
            lessons_of_plan(plan),
            LessonRecord.held.is_(True),
            LessonProjection.starts_at < lesson.starts_at,
            ~exists().where(
                LessonCancellation.school_id == LessonProjection.school_id,
                LessonCancellation.lesson_id == LessonProjection.lesson_id,
            ),
        )
    )
    return int(count or 0)


def offered(topics: list[LessonPlanTopic], held: int) -> tuple[UUID | None, list[OfferedTopic]]:
    """The topics with coverage: `held` lessons cover the first topics hour by hour; the
    first topic not fully covered is next and comes first, the rest follow in plan order."""
    covered_until = 0
    next_id: UUID | None = None
    items: list[OfferedTopic] = []
    for topic in topics:
        covered_until += topic.hours
        covered = covered_until <= held
        is_next = not covered and next_id is None
        if is_next:
            next_id = topic.id
        items.append(
            OfferedTopic(
                id=topic.id,
                number=topic.position,
                section=topic.section,
                topic=topic.topic,
                hours=topic.hours,
                covered=covered,
                next=is_next,
            )
        )
    items.sort(key=lambda t: not t.next)  # stable: the rest keep the plan's order
    return next_id, items


async def lesson_topics(
    session: AsyncSession, runtime: Runtime, principal: Principal, lesson_id: UUID
) -> LessonTopics:
    lesson = await projections.lesson(session, runtime, principal.require_school(), lesson_id)
    await access.require_lesson_reader(session, principal, lesson)
    record = await session.get(LessonRecord, (lesson.school_id, lesson_id))
    current = record.plan_topic_id if record is not None else None
    plan = await plan_of_lesson(session, lesson)
    if plan is None:
        return LessonTopics(
            lesson_id=lesson_id, plan_id=None, held_before=0, current_topic_id=current, topics=[]
        )
    topics = list(
        await session.scalars(
            select(LessonPlanTopic)
            .where(LessonPlanTopic.plan_id == plan.id)
            .order_by(LessonPlanTopic.position)
        )
    )
    held = await held_before(session, plan, lesson)
    _, items = offered(topics, held)
    return LessonTopics(
        lesson_id=lesson_id,
        plan_id=plan.id,
        held_before=held,
        current_topic_id=current,
        topics=items,
    )
