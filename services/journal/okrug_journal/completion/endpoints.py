"""Curriculum completion (J8, S0 6.3): planned, held, missed and substituted lessons of a
class per subject, and the lesson plan's hours against the hours held."""

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from okrug_common.http import RuntimeDep, SessionDep
from okrug_journal import access
from okrug_journal.completion import service
from okrug_journal.completion.schemas import CompletionReport

router = APIRouter(tags=["completion"])


@router.get("/classes/{class_id}/completion", response_model=CompletionReport)
async def class_completion(
    class_id: UUID,
    session: SessionDep,
    principal: access.CompletionReader,
    runtime: RuntimeDep,
    subject_id: Annotated[UUID | None, Query()] = None,
    period: Annotated[str | None, Query(max_length=40)] = None,
    date_from: Annotated[date | None, Query()] = None,
    date_to: Annotated[date | None, Query()] = None,
) -> CompletionReport:
    """Over a study period of the school's policy (`period`) or from date_from to date_to:
    the school's leadership and the class teacher see every subject, a teacher the subjects
    they teach the class."""
    return await service.completion(
        session,
        runtime,
        principal,
        class_id,
        subject_id=subject_id,
        period=period,
        date_from=date_from,
        date_to=date_to,
    )
