"""Identity's projection of schedule's classes: who is the class teacher of which class and
which students are in it. Fed by schedule's events (handlers below); identity never reads
schedule's tables."""

from typing import Protocol
from uuid import UUID

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.schedule.v1 import schedule_pb2
from okrug_identity.models import ClassMemberProjection, ClassTeacherProjection


class _Context(Protocol):
    school_id: str


class ClassTeacherAssignedLike(Protocol):
    """What identity expects of schedule's ClassTeacherAssigned{context, class_id, teacher_id}."""

    @property
    def context(self) -> _Context: ...

    @property
    def class_id(self) -> str: ...

    @property
    def teacher_id(self) -> str: ...


async def class_teacher_of(session: AsyncSession, class_id: UUID) -> UUID | None:
    row = await session.scalar(
        select(ClassTeacherProjection.teacher_id).where(ClassTeacherProjection.class_id == class_id)
    )
    return row


async def classes_of_class_teacher(session: AsyncSession, teacher_id: UUID) -> list[UUID]:
    rows = await session.scalars(
        select(ClassTeacherProjection.class_id).where(
            ClassTeacherProjection.teacher_id == teacher_id
        )
    )
    return list(rows)


async def students_of_class(session: AsyncSession, class_id: UUID) -> list[UUID]:
    rows = await session.scalars(
        select(ClassMemberProjection.student_id).where(ClassMemberProjection.class_id == class_id)
    )
    return list(rows)


async def students_of_class_teacher(session: AsyncSession, teacher_id: UUID) -> set[UUID]:
    rows = await session.scalars(
        select(ClassMemberProjection.student_id)
        .join(
            ClassTeacherProjection,
            (ClassTeacherProjection.school_id == ClassMemberProjection.school_id)
            & (ClassTeacherProjection.class_id == ClassMemberProjection.class_id),
        )
        .where(ClassTeacherProjection.teacher_id == teacher_id)
    )
    return set(rows)


async def set_class_teacher(
    session: AsyncSession, school_id: UUID, class_id: UUID, teacher_id: UUID | None
) -> None:
    statement = insert(ClassTeacherProjection).values(
        school_id=school_id, class_id=class_id, teacher_id=teacher_id
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["school_id", "class_id"],
            set_={"teacher_id": teacher_id, "updated_at": statement.excluded.updated_at},
        )
    )


async def add_class_member(
    session: AsyncSession, school_id: UUID, class_id: UUID, student_id: UUID
) -> None:
    await session.execute(
        insert(ClassMemberProjection)
        .values(school_id=school_id, class_id=class_id, student_id=student_id)
        .on_conflict_do_nothing()
    )


async def remove_class_member(session: AsyncSession, class_id: UUID, student_id: UUID) -> None:
    await session.execute(
        delete(ClassMemberProjection).where(
            ClassMemberProjection.class_id == class_id,
            ClassMemberProjection.student_id == student_id,
        )
    )


# --- event handlers (the consumer has set the tenant from the event's school header) -------


async def on_class_member_added(
    session: AsyncSession, event: schedule_pb2.ClassMemberAdded
) -> None:
    await add_class_member(
        session, UUID(event.context.school_id), UUID(event.class_id), UUID(event.student_id)
    )


async def on_class_teacher_assigned(session: AsyncSession, event: ClassTeacherAssignedLike) -> None:
    teacher = UUID(event.teacher_id) if event.teacher_id else None
    await set_class_teacher(session, UUID(event.context.school_id), UUID(event.class_id), teacher)
