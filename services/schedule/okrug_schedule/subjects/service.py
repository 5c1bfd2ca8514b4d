from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.errors import Conflict, NotFound
from okrug_schedule.models import Subject
from okrug_schedule.subjects.schemas import SubjectCreate


async def create_subject(session: AsyncSession, school_id: UUID, data: SubjectCreate) -> Subject:
    name = data.name.strip()
    if await session.scalar(select(Subject.id).where(Subject.name == name)) is not None:
        raise Conflict(f"Subject '{name}' already exists.", field="name")
    subject = Subject(school_id=school_id, id=uuid4(), name=name)
    session.add(subject)
    await session.flush()
    return subject


async def get_subject(session: AsyncSession, subject_id: UUID) -> Subject:
    subject = await session.scalar(select(Subject).where(Subject.id == subject_id))
    if subject is None:
        raise NotFound(f"No subject {subject_id} in this school.")
    return subject


async def list_subjects(session: AsyncSession) -> list[Subject]:
    return list(await session.scalars(select(Subject).order_by(Subject.name)))
