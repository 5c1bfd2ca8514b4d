from datetime import datetime
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from okrug_common.http import RuntimeDep, SessionDep
from okrug_journal import access
from okrug_journal.timeliness import service

router = APIRouter(tags=["timeliness"])


class TimelinessRead(BaseModel):
    kind: str
    entity_id: UUID
    lesson_id: UUID | None
    teacher_id: UUID
    entered_at: datetime = Field(description="When the journal received the entry: counted")
    claimed_at: datetime | None = Field(
        description="When the browser says the entry was made, for an entry kept there "
        "through an outage and sent later (J13): shown, not counted"
    )
    due_at: datetime | None
    late: bool = Field(description="Received after it was due")


@router.get("/lessons/{lesson_id}/timeliness", response_model=list[TimelinessRead])
async def lesson_timeliness(
    lesson_id: UUID, session: SessionDep, principal: access.AuditReader, runtime: RuntimeDep
) -> list[TimelinessRead]:
    """When each entry of the lesson was received against when it was due (J4), with the
    moment the browser claims it was made (J13): the school's leadership."""
    rows = await service.lesson_entries(session, runtime, principal, lesson_id)
    return [TimelinessRead.model_validate(r, from_attributes=True) for r in rows]
