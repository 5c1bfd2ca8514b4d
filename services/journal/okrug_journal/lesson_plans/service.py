"""Lesson plans (КТП, J7): a teacher of the class in the subject enters the planned topics
with their hours (S0 #20: by 15 September), the school's leadership checks them against the
curriculum (S1 4.4.10), which schedule owns and is asked over gRPC.

A plan whose hours differ from the curriculum's is saved and flagged, not refused: S1 4.4.10
says the hours must match the curriculum, not that an unfinished plan may not be kept; the
deputy's check sees the flag and the difference."""

from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID, uuid4

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.schedule.v1 import schedule_pb2, schedule_pb2_grpc
from okrug_common import rpc
from okrug_common.auth import Principal
from okrug_common.errors import Conflict, InvalidInput, NotFound, Unavailable
from okrug_common.runtime import Runtime
from okrug_journal import access
from okrug_journal.lesson_plans.schemas import (
    CurriculumCheck,
    PlanCreate,
    PlanRead,
    PlanSummary,
    TopicIn,
    TopicRead,
)
from okrug_journal.models import LessonPlan, LessonPlanTopic, LessonRecord


@dataclass(frozen=True)
class CurriculumHours:
    year_id: UUID | None
    year_name: str
    grade: int
    in_curriculum: bool
    hours_per_year: int
    hours_per_week: float


async def curriculum_hours(
    runtime: Runtime, school_id: UUID, class_id: UUID, subject_id: UUID, group_id: UUID | None
) -> CurriculumHours:
    """Schedule's curriculum hours of the subject for the class's grade in its year. A class
    or group schedule does not know in this school is not found (404, as another school's
    object is); a group of another class or subject is refused naming group_id."""
    answer = await rpc.call(
        schedule_pb2_grpc.ScheduleServiceStub(runtime.channels["schedule"]).GetCurriculumHours,
        schedule_pb2.GetCurriculumHoursRequest(
            school_id=str(school_id),
            class_id=str(class_id),
            subject_id=str(subject_id),
            group_id=str(group_id) if group_id else "",
        ),
        field="group_id",
    )
    return CurriculumHours(
        year_id=UUID(answer.year_id) if answer.year_id else None,
        year_name=answer.year_name,
        grade=answer.grade,
        in_curriculum=answer.in_curriculum,
        hours_per_year=answer.hours_per_year,
        hours_per_week=answer.hours_per_week,
    )


def check(hours: CurriculumHours, planned: int) -> CurriculumCheck:
    return CurriculumCheck(
        year_id=hours.year_id,
        year_name=hours.year_name,
        grade=hours.grade,
        in_curriculum=hours.in_curriculum,
        curriculum_hours=hours.hours_per_year,
        hours_per_week=hours.hours_per_week,
        planned_hours=planned,
        matches=hours.in_curriculum and planned == hours.hours_per_year,
        difference=planned - hours.hours_per_year,
    )


async def topics_of(session: AsyncSession, plan: LessonPlan) -> list[LessonPlanTopic]:
    rows = await session.scalars(
        select(LessonPlanTopic)
        .where(LessonPlanTopic.plan_id == plan.id)
        .order_by(LessonPlanTopic.position)
        .execution_options(populate_existing=True)
    )
    return list(rows)


def topic_read(topic: LessonPlanTopic) -> TopicRead:
    return TopicRead(
        id=topic.id,
        number=topic.position,
        section=topic.section,
        topic=topic.topic,
        hours=topic.hours,
    )


def _summary(plan: LessonPlan, topic_count: int, planned_hours: int) -> PlanSummary:
    return PlanSummary(
        id=plan.id,
        class_id=plan.class_id,
        subject_id=plan.subject_id,
        group_id=plan.group_id,
        year_id=plan.year_id,
        topic_count=topic_count,
        planned_hours=planned_hours,
        updated_by=plan.updated_by,
        updated_at=plan.updated_at,
    )


async def _read(session: AsyncSession, runtime: Runtime, plan: LessonPlan) -> PlanRead:
    topics = await topics_of(session, plan)
    planned = sum(t.hours for t in topics)
    try:
        hours = await curriculum_hours(
            runtime, plan.school_id, plan.class_id, plan.subject_id, plan.group_id
        )
        curriculum = check(hours, planned)
    except (Unavailable, InvalidInput, NotFound):
        # The plan is still shown when schedule cannot say (down, or the class is gone).
        curriculum = None
    summary = _summary(plan, len(topics), planned)
    return PlanRead(
        **summary.model_dump(),
        topics=[topic_read(t) for t in topics],
        curriculum=curriculum,
    )


async def get_plan(session: AsyncSession, plan_id: UUID) -> LessonPlan:
    """The plan (row-level security hides another school's: 404)."""
    plan = await session.scalar(
        select(LessonPlan).where(LessonPlan.id == plan_id).execution_options(populate_existing=True)
    )
    if plan is None:
        raise NotFound(f"No lesson plan {plan_id} in this school.")
    return plan


async def _authorized(
    session: AsyncSession, principal: Principal, plan_id: UUID, action: str
) -> LessonPlan:
    plan = await get_plan(session, plan_id)
    await access.require_class_subject(session, principal, action, plan.class_id, plan.subject_id)
    return plan


def _check_topic_ids(topics: list[TopicIn], existing: set[UUID], field: str = "topics") -> None:
    seen: set[UUID] = set()
    for i, topic in enumerate(topics):
        if topic.id is None:
            continue
        if topic.id not in existing:
            raise InvalidInput("No such topic in this plan.", field=f"{field}.{i}.id")
        if topic.id in seen:
            raise InvalidInput("The topic is listed twice.", field=f"{field}.{i}.id")
        seen.add(topic.id)


async def _write_topics(
    session: AsyncSession, plan: LessonPlan, topics: list[TopicIn], existing: set[UUID]
) -> None:
    """The plan's topics become `topics`, in order; lesson records that named a topic no
    longer in the plan keep their topic text and lose the link."""
    kept = {t.id for t in topics if t.id is not None}
    gone = existing - kept
    if gone:
        await session.execute(
            update(LessonRecord)
            .where(LessonRecord.plan_topic_id.in_(gone))
            .values(plan_topic_id=None)
        )
    await session.execute(delete(LessonPlanTopic).where(LessonPlanTopic.plan_id == plan.id))
    if topics:
        await session.execute(
            insert(LessonPlanTopic),
            [
                {
                    "school_id": plan.school_id,
                    "id": t.id or uuid4(),
                    "plan_id": plan.id,
                    "position": number,
                    "section": (t.section or "").strip() or None,
                    "topic": t.topic.strip(),
                    "hours": t.hours,
                }
                for number, t in enumerate(topics, start=1)
            ],
        )


async def find_plan(
    session: AsyncSession, class_id: UUID, subject_id: UUID, group_id: UUID | None
) -> LessonPlan | None:
    return await session.scalar(
        select(LessonPlan).where(
            LessonPlan.class_id == class_id,
            LessonPlan.subject_id == subject_id,
            LessonPlan.group_id == group_id if group_id else LessonPlan.group_id.is_(None),
        )
    )


async def save_plan(
    session: AsyncSession,
    runtime: Runtime,
    principal: Principal,
    data: PlanCreate,
    *,
    replace: bool = False,
) -> tuple[PlanRead, bool]:
    """Create the plan of the class's subject (or group); with `replace`, an existing one's
    topics are replaced (an import). Returns the plan and whether it was created."""
    school_id = principal.require_school()
    person = principal.require_person()
    await access.require_class_subject(
        session, principal, "lesson-plan.write", data.class_id, data.subject_id
    )
    plan = await find_plan(session, data.class_id, data.subject_id, data.group_id)
    if plan is not None and not replace:
        raise Conflict(
            f"The class already has a plan of this subject ({plan.id}): replace it.",
            field="subject_id",
        )
    created = plan is None
    if plan is None:
        hours = await curriculum_hours(
            runtime, school_id, data.class_id, data.subject_id, data.group_id
        )
        plan = LessonPlan(
            school_id=school_id,
            id=uuid4(),
            class_id=data.class_id,
            subject_id=data.subject_id,
            group_id=data.group_id,
            year_id=hours.year_id,
        )
        session.add(plan)
        existing: set[UUID] = set()
    else:
        existing = {t.id for t in await topics_of(session, plan)}
    _check_topic_ids(data.topics, existing)
    plan.updated_by = person
    plan.updated_at = datetime.now(UTC)
    await session.flush()
    await _write_topics(session, plan, data.topics, existing)
    return await _read(session, runtime, plan), created


async def replace_plan(
    session: AsyncSession,
    runtime: Runtime,
    principal: Principal,
    plan_id: UUID,
    topics: list[TopicIn],
) -> PlanRead:
    plan = await _authorized(session, principal, plan_id, "lesson-plan.write")
    existing = {t.id for t in await topics_of(session, plan)}
    _check_topic_ids(topics, existing)
    plan.updated_by = principal.require_person()
    plan.updated_at = datetime.now(UTC)
    await _write_topics(session, plan, topics, existing)
    await session.flush()
    return await _read(session, runtime, plan)


async def read_plan(
    session: AsyncSession, runtime: Runtime, principal: Principal, plan_id: UUID
) -> PlanRead:
    plan = await _authorized(session, principal, plan_id, "lesson-plan.read")
    return await _read(session, runtime, plan)


async def delete_plan(session: AsyncSession, principal: Principal, plan_id: UUID) -> None:
    plan = await _authorized(session, principal, plan_id, "lesson-plan.write")
    await _write_topics(session, plan, [], {t.id for t in await topics_of(session, plan)})
    await session.execute(
        delete(LessonPlan).where(LessonPlan.school_id == plan.school_id, LessonPlan.id == plan.id)
    )


async def list_plans(
    session: AsyncSession,
    principal: Principal,
    class_id: UUID | None,
    subject_id: UUID | None,
) -> list[PlanSummary]:
    """The plans the principal may read, by class and subject: leadership sees the school's,
    a teacher those of the classes and subjects they teach, a class teacher their class's."""
    totals = (
        select(
            LessonPlanTopic.plan_id,
            func.count().label("topics"),
            func.sum(LessonPlanTopic.hours).label("hours"),
        )
        .group_by(LessonPlanTopic.plan_id)
        .subquery()
    )
    query = (
        select(LessonPlan, totals.c.topics, totals.c.hours)
        .outerjoin(totals, totals.c.plan_id == LessonPlan.id)
        .order_by(LessonPlan.class_id, LessonPlan.subject_id, LessonPlan.group_id.nulls_first())
    )
    if class_id is not None:
        query = query.where(LessonPlan.class_id == class_id)
    if subject_id is not None:
        query = query.where(LessonPlan.subject_id == subject_id)
    found = []
    for plan, topics, hours in (await session.execute(query)).all():
        if await access.class_subject_allows(
            session, principal, "lesson-plan.read", plan.class_id, plan.subject_id
        ):
            found.append(_summary(plan, topics or 0, hours or 0))
    return found
