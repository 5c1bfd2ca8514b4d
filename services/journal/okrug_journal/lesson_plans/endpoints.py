"""Lesson plans (КТП, J7): create, read with the curriculum check, replace, list, delete,
export and import as CSV or XLSX; the topics offered when a lesson is recorded."""

from typing import Annotated, Literal
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response, status

from okrug_common.http import RuntimeDep, SessionDep
from okrug_journal import access
from okrug_journal.lesson_plans import check, files, service, topics
from okrug_journal.lesson_plans.schemas import (
    LessonTopics,
    PlanCheckRow,
    PlanCreate,
    PlanRead,
    PlanReplace,
    PlanSummary,
)

router = APIRouter(tags=["lesson-plans"])

FILE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            files.CSV: {"schema": {"type": "string", "format": "binary"}},
            files.XLSX: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


@router.post("/lesson-plans", status_code=status.HTTP_201_CREATED, response_model=PlanRead)
async def create_plan(
    data: PlanCreate, session: SessionDep, principal: access.LessonPlanWriter, runtime: RuntimeDep
) -> PlanRead:
    """A plan of a subject for a class (or a group of it): a teacher of the class in the
    subject or the school's leadership. Hours that differ from the curriculum's are saved
    and flagged in `curriculum` (work in progress); one plan per class, subject and group."""
    plan, _ = await service.save_plan(session, runtime, principal, data)
    return plan


@router.get("/lesson-plans", response_model=list[PlanSummary])
async def list_plans(
    session: SessionDep,
    principal: access.LessonPlanLister,
    class_id: Annotated[UUID | None, Query()] = None,
    subject_id: Annotated[UUID | None, Query()] = None,
) -> list[PlanSummary]:
    """The plans the caller may read, by class and subject."""
    return await service.list_plans(session, principal, class_id, subject_id)


@router.post(
    "/lesson-plans/import",
    response_model=PlanRead,
    openapi_extra=FILE_BODY,
    responses={201: {"model": PlanRead}},
)
async def import_plan(
    request: Request,
    response: Response,
    session: SessionDep,
    principal: access.LessonPlanWriter,
    runtime: RuntimeDep,
    class_id: Annotated[UUID, Query()],
    subject_id: Annotated[UUID, Query()],
    group_id: Annotated[UUID | None, Query()] = None,
) -> PlanRead:
    """The plan from a file (text/csv or XLSX; columns number, section, topic, hours):
    creates the plan (201) or replaces an existing plan's topics (200). Each bad row is
    named with its line and reason; nothing is written when any row is bad."""
    # Who may write the plan is known before the file is read.
    await access.require_class_subject(
        session, principal, "lesson-plan.write", class_id, subject_id
    )
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    parsed = files.parse(await request.body(), media_type)
    data = PlanCreate(class_id=class_id, subject_id=subject_id, group_id=group_id, topics=parsed)
    plan, created = await service.save_plan(session, runtime, principal, data, replace=True)
    if created:
        response.status_code = status.HTTP_201_CREATED
    return plan


@router.get("/lesson-plans/check", response_model=list[PlanCheckRow])
async def check_plans(
    session: SessionDep,
    principal: access.LessonPlanChecker,
    runtime: RuntimeDep,
    class_id: Annotated[UUID | None, Query()] = None,
) -> list[PlanCheckRow]:
    """The deputy's check (J7): every subject of every class (or of one class) taught by
    the timetable or planned, with its plan's state: missing, mismatch (hours differ from
    the curriculum's, by `curriculum.difference`), matches. The school's leadership."""
    return await check.check_plans(session, runtime, principal, class_id)


@router.get("/lesson-plans/{plan_id}", response_model=PlanRead)
async def read_plan(
    plan_id: UUID, session: SessionDep, principal: access.LessonPlanReader, runtime: RuntimeDep
) -> PlanRead:
    """The plan's topics, its hours, the curriculum's hours for the year and whether they
    match (S1 4.4.10): its teachers, the class teacher, the school's leadership."""
    return await service.read_plan(session, runtime, principal, plan_id)


@router.put("/lesson-plans/{plan_id}", response_model=PlanRead)
async def replace_plan(
    plan_id: UUID,
    data: PlanReplace,
    session: SessionDep,
    principal: access.LessonPlanWriter,
    runtime: RuntimeDep,
) -> PlanRead:
    """The plan's topics become these, in order (a topic sent with its id keeps it)."""
    return await service.replace_plan(session, runtime, principal, plan_id, data.topics)


@router.delete("/lesson-plans/{plan_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_plan(
    plan_id: UUID, session: SessionDep, principal: access.LessonPlanWriter
) -> Response:
    await service.delete_plan(session, principal, plan_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/lesson-plans/{plan_id}/export",
    response_class=Response,
    responses={200: {"content": {files.CSV: {}, files.XLSX: {}}}},
)
async def export_plan(
    plan_id: UUID,
    session: SessionDep,
    principal: access.LessonPlanReader,
    runtime: RuntimeDep,
    format: Annotated[Literal["csv", "xlsx"], Query()] = "xlsx",
) -> Response:
    """The plan as a file the import reads back: XLSX (default) or CSV."""
    plan = await service.read_plan(session, runtime, principal, plan_id)
    name = f"ktp-{plan.id}"
    if format == "csv":
        content, media_type = files.to_csv(plan.topics), files.CSV
    else:
        content, media_type = files.to_xlsx(plan.topics, "КТП"), files.XLSX
    filename = f"{name}.{format}"
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"},
    )


@router.get("/lessons/{lesson_id}/plan-topics", response_model=LessonTopics)
async def lesson_topics(
    lesson_id: UUID, session: SessionDep, principal: access.LessonReader, runtime: RuntimeDep
) -> LessonTopics:
    """The plan's topics for recording this lesson, the next not yet covered one first
    (a topic of N hours is covered by N held lessons): whoever reads the lesson."""
    return await topics.lesson_topics(session, runtime, principal, lesson_id)
