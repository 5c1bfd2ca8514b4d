"""Who may do what in the schedule (I5, S3, S6). Every endpoint takes its principal through
one of the gates below (a FastAPI dependency that refuses before anything is read or
validated), and the finer rules that need the object (a deputy's grade levels, the class
teacher of a class, a teacher's own lessons) are the functions after them.

The policy as data, action -> roles, is ACTIONS; tests check every route against it.
"""

from typing import Annotated
from uuid import UUID

from fastapi import Depends
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_common.errors import Forbidden
from okrug_common.http import current_principal
from okrug_common.roles import DISTRICT_ROLES, SCHOOL_LEADERSHIP_ROLES, SCHOOL_STAFF_ROLES, Role
from okrug_schedule.models import DeputyGrade, SchoolClass

LEADERSHIP = SCHOOL_LEADERSHIP_ROLES  # director, deputy directors, school admin
HEADS = frozenset({Role.DIRECTOR, Role.SCHOOL_ADMIN})
STAFF = SCHOOL_STAFF_ROLES

ACTIONS: dict[str, frozenset[Role]] = {
    # Read the school's structure, calendar and timetable.
    "structure.read": STAFF,
    # Calendar, reference books, classes, bell schedules, curriculum and teaching load.
    "structure.write": LEADERSHIP,
    # Class membership (enrolment, transfer, leaving): the secretary keeps the roster (I4).
    "roster.write": LEADERSHIP | {Role.SECRETARY},
    # Groups of a class: the administration, or the class teacher of that class (S3).
    "groups.write": LEADERSHIP | {Role.CLASS_TEACHER},
    # Timetables and lesson changes: directors and school admins, deputies for their grades.
    "timetable.write": LEADERSHIP,
    # Which grade levels a deputy is responsible for; closing a year.
    "school.govern": HEADS,
    # The district's default calendars.
    "district_calendar.write": frozenset({Role.DISTRICT_ADMIN}),
    "district_calendar.read": STAFF | DISTRICT_ROLES,
}

SCHOOL_ACTIONS = frozenset(ACTIONS) - {"district_calendar.write", "district_calendar.read"}


def allows(principal: Principal, action: str) -> bool:
    if action in SCHOOL_ACTIONS and principal.school_id is None:
        return False
    return principal.has_any(ACTIONS[action])


def require(principal: Principal, action: str) -> Principal:
    if action in SCHOOL_ACTIONS:
        principal.require_school()
    if not principal.has_any(ACTIONS[action]):
        raise Forbidden("Your role does not allow this action in the schedule.")
    return principal


def _gate(action: str) -> object:
    async def gate(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        return require(principal, action)

    gate.__name__ = f"gate_{action.replace('.', '_')}"
    return Depends(gate)


StructureReader = Annotated[Principal, _gate("structure.read")]
StructureWriter = Annotated[Principal, _gate("structure.write")]
RosterWriter = Annotated[Principal, _gate("roster.write")]
GroupWriter = Annotated[Principal, _gate("groups.write")]
TimetableWriter = Annotated[Principal, _gate("timetable.write")]
SchoolHead = Annotated[Principal, _gate("school.govern")]
DistrictCalendarWriter = Annotated[Principal, _gate("district_calendar.write")]
DistrictCalendarReader = Annotated[Principal, _gate("district_calendar.read")]


# --- finer rules, once the object is known ----------------------------------------------------


def may_read_whole_timetable(principal: Principal) -> bool:
    """Every staff role but a plain subject teacher, who reads the lessons they teach."""
    return principal.has_any(STAFF - {Role.TEACHER})


def own_teacher_scope(principal: Principal) -> UUID | None:
    """None when the principal reads every lesson; else the teacher whose lessons they read."""
    return None if may_read_whole_timetable(principal) else principal.require_person()


def require_lesson_reader(principal: Principal, teacher_ids: set[UUID]) -> None:
    """A plain teacher reads a lesson they teach or were planned to teach."""
    if may_read_whole_timetable(principal):
        return
    if principal.person_id not in teacher_ids:
        raise Forbidden("Teachers read the lessons they teach.")


async def deputy_grades(session: AsyncSession, deputy_id: UUID) -> set[int]:
    rows = await session.scalars(
        select(DeputyGrade.grade).where(DeputyGrade.deputy_id == deputy_id)
    )
    return set(rows)


async def require_grade_editor(session: AsyncSession, principal: Principal, grade: int) -> None:
    """Directors and school admins edit every grade level's timetable; a deputy director only
    the grade levels the director made them responsible for (S6)."""
    if principal.has_any(HEADS):
        return
    if Role.DEPUTY_DIRECTOR in principal.roles and grade in await deputy_grades(
        session, principal.require_person()
    ):
        return
    raise Forbidden(f"You are not responsible for the timetable of grade {grade}.")


def require_group_keeper(principal: Principal, school_class: SchoolClass) -> None:
    """Groups are set up by the administration or by the class's own class teacher (S3)."""
    if principal.has_any(LEADERSHIP):
        return
    if Role.CLASS_TEACHER in principal.roles and school_class.class_teacher_id == (
        principal.person_id
    ):
        return
    raise Forbidden(f"Only the class teacher of {school_class.name} may set up its groups.")


def require_substitution_reader(principal: Principal, teacher_id: UUID | None) -> UUID | None:
    """The administration reads every teacher's substitution log; a teacher reads their own.
    Returns the teacher the reading is restricted to."""
    if principal.has_any(LEADERSHIP):
        return teacher_id
    person = principal.require_person()
    if teacher_id is not None and teacher_id != person:
        raise Forbidden("Teachers read their own substitution log.")
    return person
