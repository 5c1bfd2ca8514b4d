"""Local projections of schedule's lessons and class membership and identity's guardian
links. Events keep them current; a miss (an event not yet arrived) is answered by the
owner over gRPC and stored, so the journal never refuses a fresh lesson."""

from datetime import UTC, date
from typing import Any
from uuid import UUID

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.identity.v1 import identity_pb2, identity_pb2_grpc
from okrug.schedule.v1 import schedule_pb2, schedule_pb2_grpc
from okrug_common import rpc
from okrug_common.errors import NotFound
from okrug_common.runtime import Runtime
from okrug_journal.models import (
    ClassMemberProjection,
    ClassTeacherProjection,
    DatedClassMemberProjection,
    GroupMemberProjection,
    GuardianProjection,
    LessonProjection,
)
from okrug_journal.timeliness import expectations


async def lesson(
    session: AsyncSession, runtime: Runtime, school_id: UUID, lesson_id: UUID
) -> LessonProjection:
    found = await session.get(LessonProjection, (school_id, lesson_id))
    if found is not None:
        return found
    response = await rpc.call(
        schedule_pb2_grpc.ScheduleServiceStub(runtime.channels["schedule"]).GetLesson,
        schedule_pb2.GetLessonRequest(school_id=str(school_id), lesson_id=str(lesson_id)),
        not_found=NotFound(f"No lesson {lesson_id} in this school."),
    )
    if response.lesson.status == schedule_pb2.LESSON_STATUS_CANCELLED:
        raise NotFound(f"Lesson {lesson_id} was cancelled.")
    await upsert_lesson(session, runtime, response.lesson)
    stored = await session.get(LessonProjection, (school_id, lesson_id), populate_existing=True)
    assert stored is not None
    return stored


def _optional_uuid(value: str) -> UUID | None:
    return UUID(value) if value else None


def lesson_values(message: schedule_pb2.Lesson) -> dict[str, Any]:
    """The projection's row of a lesson as schedule describes it."""
    return {
        "school_id": UUID(message.school_id),
        "lesson_id": UUID(message.lesson_id),
        "class_id": UUID(message.class_id),
        "subject_id": UUID(message.subject_id),
        "subject_name": message.subject_name,
        "teacher_id": UUID(message.teacher_id),
        "lesson_date": date(
            message.lesson_date.year, message.lesson_date.month, message.lesson_date.day
        ),
        "starts_at": message.starts_at.ToDatetime(tzinfo=UTC),
        "ends_at": message.ends_at.ToDatetime(tzinfo=UTC) if message.HasField("ends_at") else None,
        "class_name": message.class_name,
        "class_grade": message.class_grade or None,
        "group_id": _optional_uuid(message.group_id),
        "group_name": message.group_name or None,
        "planned_teacher_id": _optional_uuid(message.planned_teacher_id),
        "period_number": message.period_number or None,
        "room_name": message.room_name or None,
    }


async def upsert_lesson(
    session: AsyncSession, runtime: Runtime | None, message: schedule_pb2.Lesson
) -> None:
    """The lesson as schedule has it now; its entries are expected by its (new) deadlines."""
    values = lesson_values(message)
    statement = insert(LessonProjection).values(values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["school_id", "lesson_id"],
            set_={k: statement.excluded[k] for k in values if k not in ("school_id", "lesson_id")},
        )
    )
    await expectations.expect_lessons(session, runtime, values["school_id"], [values["lesson_id"]])


async def is_class_member(
    session: AsyncSession, runtime: Runtime, school_id: UUID, class_id: UUID, student_id: UUID
) -> bool:
    if await session.get(ClassMemberProjection, (school_id, class_id, student_id)) is not None:
        return True
    response = await rpc.call(
        schedule_pb2_grpc.ScheduleServiceStub(runtime.channels["schedule"]).ListClassMembers,
        schedule_pb2.ListClassMembersRequest(school_id=str(school_id), class_id=str(class_id)),
        # A class schedule does not know (another school's, or none) has no members.
        not_found=schedule_pb2.ListClassMembersResponse(),
    )
    members = [UUID(s) for s in response.student_ids]
    for member in members:
        await add_class_member(session, school_id, class_id, member)
    return student_id in members


async def add_class_member(
    session: AsyncSession, school_id: UUID, class_id: UUID, student_id: UUID
) -> None:
    await session.execute(
        insert(ClassMemberProjection)
        .values(school_id=school_id, class_id=class_id, student_id=student_id)
        .on_conflict_do_nothing()
    )


async def is_guardian(
    session: AsyncSession, runtime: Runtime, school_id: UUID, guardian_id: UUID, student_id: UUID
) -> bool:
    if await session.get(GuardianProjection, (school_id, guardian_id, student_id)) is not None:
        return True
    response: identity_pb2.IsGuardianOfResponse = await rpc.call(
        identity_pb2_grpc.IdentityServiceStub(runtime.channels["identity"]).IsGuardianOf,
        identity_pb2.IsGuardianOfRequest(
            school_id=str(school_id), guardian_id=str(guardian_id), student_id=str(student_id)
        ),
    )
    if response.is_guardian:
        await add_guardian(session, school_id, guardian_id, student_id)
    return response.is_guardian


async def add_guardian(
    session: AsyncSession, school_id: UUID, guardian_id: UUID, student_id: UUID
) -> None:
    await session.execute(
        insert(GuardianProjection)
        .values(school_id=school_id, guardian_id=guardian_id, student_id=student_id)
        .on_conflict_do_nothing()
    )


async def students_of_guardian(session: AsyncSession, guardian_id: UUID) -> list[UUID]:
    rows = await session.scalars(
        select(GuardianProjection.student_id).where(GuardianProjection.guardian_id == guardian_id)
    )
    return list(rows)


async def is_known_student(session: AsyncSession, student_id: UUID) -> bool:
    """A student of this school: a member of one of its classes (as schedule told us)."""
    found = await session.scalar(
        select(ClassMemberProjection.student_id)
        .where(ClassMemberProjection.student_id == student_id)
        .limit(1)
    )
    return found is not None


async def set_class_teacher(
    session: AsyncSession, school_id: UUID, class_id: UUID, teacher_id: UUID | None
) -> None:
    """The class's class teacher becomes `teacher_id` (None: the class has none)."""
    if teacher_id is None:
        await session.execute(
            delete(ClassTeacherProjection).where(
                ClassTeacherProjection.school_id == school_id,
                ClassTeacherProjection.class_id == class_id,
            )
        )
        return
    statement = insert(ClassTeacherProjection).values(
        school_id=school_id, class_id=class_id, teacher_id=teacher_id
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["school_id", "class_id"], set_={"teacher_id": teacher_id}
        )
    )


async def is_class_teacher(session: AsyncSession, class_id: UUID, teacher_id: UUID) -> bool:
    found = await session.scalar(
        select(ClassTeacherProjection.teacher_id).where(ClassTeacherProjection.class_id == class_id)
    )
    return found == teacher_id


async def classes_of_class_teacher(session: AsyncSession, teacher_id: UUID) -> list[UUID]:
    rows = await session.scalars(
        select(ClassTeacherProjection.class_id).where(
            ClassTeacherProjection.teacher_id == teacher_id
        )
    )
    return list(rows)


async def classes_of_student(session: AsyncSession, student_id: UUID) -> list[UUID]:
    rows = await session.scalars(
        select(ClassMemberProjection.class_id).where(ClassMemberProjection.student_id == student_id)
    )
    return list(rows)


async def set_group_membership(
    session: AsyncSession,
    school_id: UUID,
    group_id: UUID,
    student_id: UUID,
    since: date,
    until: date | None,
) -> None:
    """A dated membership of a group as schedule has it (`until` exclusive, None while
    open): one row per (group, student, since), its end updated when it ends."""
    statement = insert(GroupMemberProjection).values(
        school_id=school_id, group_id=group_id, student_id=student_id, since=since, until=until
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["school_id", "group_id", "student_id", "since"],
            set_={"until": statement.excluded.until},
        )
    )


async def set_dated_class_membership(
    session: AsyncSession,
    school_id: UUID,
    class_id: UUID,
    student_id: UUID,
    since: date,
    until: date | None,
) -> None:
    """A dated membership of a class as schedule has it (`until` exclusive, None while
    open): one row per (class, student, since), its end updated when it ends."""
    statement = insert(DatedClassMemberProjection).values(
        school_id=school_id, class_id=class_id, student_id=student_id, since=since, until=until
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["school_id", "class_id", "student_id", "since"],
            set_={"until": statement.excluded.until},
        )
    )
