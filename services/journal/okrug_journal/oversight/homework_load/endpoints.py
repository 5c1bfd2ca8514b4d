"""REST of homework load (O3): /journal/oversight/homework-load. Oversight's readers
(scope.py): the district every school's classes (class names and counts, no student), a
school's leadership their school's (a deputy their grade levels)."""

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from okrug_common.http import RuntimeDep
from okrug_journal.oversight import dates
from okrug_journal.oversight.homework_load import reads
from okrug_journal.oversight.homework_load.schemas import (
    ClassEvenings,
    HomeworkLoadOverview,
    SchoolClassesLoad,
)
from okrug_journal.oversight.scope import OversightScopeDep

router = APIRouter(prefix="/oversight/homework-load", tags=["oversight"])

Period = Annotated[
    str | None,
    Query(max_length=40, pattern=r"^[a-z][a-z0-9-]*$", description="A study period's code"),
]
Grade = Annotated[int | None, Query(ge=1, le=11, description="Only classes of this grade")]


@router.get("", response_model=HomeworkLoadOverview)
async def homework_load(
    scope: OversightScopeDep,
    runtime: RuntimeDep,
    period: Period = None,
    date_from: date | None = None,
    date_to: date | None = None,
    grade: Grade = None,
) -> HomeworkLoadOverview:
    """Per school: its classes' evenings with homework, those over SanPiN's limit for the
    grade, the classes with one, the longest evening (minutes) and the homework without
    minutes; schools with most evenings over first. The counting rule and the limits are
    in the answer."""
    covered = await dates.resolve(scope.session, runtime, scope.viewer, period, date_from, date_to)
    return await reads.overview(scope.session, scope.viewer, covered, grade)


@router.get("/schools/{school_id}/classes", response_model=SchoolClassesLoad)
async def homework_load_of_classes(
    school_id: UUID,
    scope: OversightScopeDep,
    runtime: RuntimeDep,
    period: Period = None,
    date_from: date | None = None,
    date_to: date | None = None,
    grade: Grade = None,
) -> SchoolClassesLoad:
    """A school's classes: evenings with homework, the average and the longest evening,
    and every evening over the limit (date, minutes, limit)."""
    covered = await dates.resolve(scope.session, runtime, scope.viewer, period, date_from, date_to)
    return await reads.classes(scope.session, scope.viewer, school_id, covered, grade)


@router.get("/schools/{school_id}/classes/{class_id}", response_model=ClassEvenings)
async def homework_load_of_class(
    school_id: UUID,
    class_id: UUID,
    scope: OversightScopeDep,
    runtime: RuntimeDep,
    period: Period = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> ClassEvenings:
    """A class's evenings against the limit, each with the homework that makes it (subject,
    group, the day it was set, minutes and whether the teacher estimated them)."""
    covered = await dates.resolve(scope.session, runtime, scope.viewer, period, date_from, date_to)
    return await reads.evenings(scope.session, scope.viewer, school_id, class_id, covered)
