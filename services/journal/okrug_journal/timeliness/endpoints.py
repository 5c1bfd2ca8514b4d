from datetime import date, datetime
from typing import Literal
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from okrug_common.http import RuntimeDep, SessionDep
from okrug_journal import access
from okrug_journal.timeliness import service

router = APIRouter(tags=["timeliness"])


class TimelinessRead(BaseModel):
    fact_id: UUID = Field(
        description="The entry's fact: a missing fact turned late by a later entry keeps it"
    )
    kind: Literal["attendance", "topic", "homework", "mark", "period-mark"]
    timeliness: Literal["on_time", "late", "missing"] = Field(
        description="Made by its due moment, made after it, or not made when it fell due (J4)"
    )
    entity_id: UUID | None = Field(description="The mark, or the lesson; none while missing")
    lesson_id: UUID | None
    teacher_id: UUID = Field(description="The lesson's teacher of record (the substitute)")
    lesson_date: date | None
    period: str | None = Field(description="The study period's code the lesson falls in")
    entered_by: UUID | None = Field(
        description="Who made the entry (the school admin who imported a paper journal, the "
        "substitute...); none while missing"
    )
    entered_at: datetime | None = Field(
        description="When the journal received the entry: counted; none while missing"
    )
    source: Literal["typed", "paper", "offline"] | None = Field(
        description="How the entry reached the journal: typed and sent as made, imported from "
        "a paper journal, or kept in the browser through an outage and sent later (J13); "
        "none while missing"
    )
    claimed_at: datetime | None = Field(
        description="When the browser says the entry was made, for an entry kept there "
        "through an outage and sent later (J13): shown, not counted"
    )
    due_at: datetime | None


@router.get("/lessons/{lesson_id}/timeliness", response_model=list[TimelinessRead])
async def lesson_timeliness(
    lesson_id: UUID, session: SessionDep, principal: access.AuditReader, runtime: RuntimeDep
) -> list[TimelinessRead]:
    """When each entry of the lesson was received against when it was due, who made it and
    how, and the entries missing at their deadline (J4), with the moment the browser claims
    an entry was made (J13): the school's leadership."""
    rows = await service.lesson_entries(session, runtime, principal, lesson_id)
    return [TimelinessRead.model_validate(r, from_attributes=True) for r in rows]
