"""The lesson plan of a lesson and its topics (J7; S1 4.4.6: the teacher fills in lesson
topics according to the plan)."""

from uuid import UUID

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.errors import InvalidInput
from okrug_journal.models import LessonPlan, LessonPlanTopic, LessonProjection


async def plan_of_lesson(session: AsyncSession, lesson: LessonProjection) -> LessonPlan | None:
    """The plan of the lesson's group when there is one, else the whole class's plan of
    the subject."""
    plans = await session.scalars(
        select(LessonPlan).where(
            LessonPlan.school_id == lesson.school_id,
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
