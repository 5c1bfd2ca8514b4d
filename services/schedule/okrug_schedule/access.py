"""Who may do what in the schedule (I5, S3, S6), as the shared policy (okrug_common.authz).
Every endpoint takes its principal through the gate of its action (the aliases below), which
refuses before anything is read or validated; the rules that need the object (a deputy's
grade levels, the class teacher of a class, a teacher's own lessons) are asked of the same
policy once the object is known (the functions after the aliases)."""

from typing import Annotated
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_common.authz import Policy, Relation, Relations, Rule
from okrug_common.roles import DISTRICT_ROLES, SCHOOL_LEADERSHIP_ROLES, SCHOOL_STAFF_ROLES, Role
from okrug_schedule.models import DeputyGrade, Lesson, SchoolClass

LEADERSHIP = SCHOOL_LEADERSHIP_ROLES  # director, deputy directors, school admin
HEADS = frozenset({Role.DIRECTOR, Role.SCHOOL_ADMIN})
STAFF = SCHOOL_STAFF_ROLES

POLICY = Policy(
    "schedule",
    {
        # Read the school's structure, calendar and timetable.
        "structure.read": [Rule(STAFF)],
        # Calendar, reference books, classes, bell schedules, curriculum and teaching load.
        "structure.write": [Rule(LEADERSHIP)],
        # Class membership (enrolment, transfer, leaving): the secretary keeps the roster (I4).
        "roster.write": [Rule(LEADERSHIP | {Role.SECRETARY})],
        # Groups of a class: the administration, or the class teacher of that class (S3).
        "groups.write": [Rule(LEADERSHIP), Rule({Role.CLASS_TEACHER}, Relation.CLASS_TEACHER)],
        # Timetables and lesson changes: directors and school admins of every grade level, a
        # deputy director of the grade levels the director made them responsible for (S6).
        "timetable.write": [
            Rule(HEADS),
            Rule({Role.DEPUTY_DIRECTOR}, Relation.GRADE_LEVEL_DEPUTY),
        ],
        # A lesson: every staff role but a plain subject teacher, who reads the lessons they
        # teach or were planned to teach (before a substitute took them).
        "lesson.read": [
            Rule(STAFF - {Role.TEACHER}),
            Rule({Role.TEACHER}, Relation.TEACHER_OF_RECORD),
            Rule({Role.TEACHER}, Relation.PLANNED_TEACHER),
        ],
        # The substitution log: the administration reads every teacher's, other staff their own.
        "substitution-log.read": [Rule(LEADERSHIP), Rule(STAFF - LEADERSHIP, Relation.SELF)],
        # Which grade levels a deputy is responsible for; closing a year.
        "school.govern": [Rule(HEADS)],
        # The district's default calendars, read with or without a school.
        "district-calendar.write": [Rule({Role.DISTRICT_ADMIN}, needs_school=False)],
        "district-calendar.read": [Rule(STAFF | DISTRICT_ROLES, needs_school=False)],
    },
)

StructureReader = Annotated[Principal, POLICY.gate("structure.read")]
StructureWriter = Annotated[Principal, POLICY.gate("structure.write")]
RosterWriter = Annotated[Principal, POLICY.gate("roster.write")]
GroupWriter = Annotated[Principal, POLICY.gate("groups.write")]
TimetableWriter = Annotated[Principal, POLICY.gate("timetable.write")]
LessonReader = Annotated[Principal, POLICY.gate("lesson.read")]
SubstitutionLogReader = Annotated[Principal, POLICY.gate("substitution-log.read")]
SchoolHead = Annotated[Principal, POLICY.gate("school.govern")]
DistrictCalendarWriter = Annotated[Principal, POLICY.gate("district-calendar.write")]
DistrictCalendarReader = Annotated[Principal, POLICY.gate("district-calendar.read")]


# --- the object's relations, once it is known -------------------------------------------------


async def own_teacher_scope(principal: Principal) -> UUID | None:
    """None when the principal reads every lesson; else the teacher whose lessons they read."""
    if await POLICY.allows(principal, "lesson.read"):
        return None
    return principal.require_person()


async def require_lesson_reader(principal: Principal, lesson: Lesson) -> None:
    """A plain teacher reads a lesson they teach or were planned to teach."""
    relations: Relations = {
        Relation.TEACHER_OF_RECORD: lambda person: person == lesson.teacher_id,
        Relation.PLANNED_TEACHER: lambda person: person == lesson.planned_teacher_id,
    }
    await POLICY.authorize(
        principal, "lesson.read", relations, message="Teachers read the lessons they teach."
    )


async def deputy_grades(session: AsyncSession, deputy_id: UUID) -> set[int]:
    rows = await session.scalars(
        select(DeputyGrade.grade).where(DeputyGrade.deputy_id == deputy_id)
    )
    return set(rows)


async def require_grade_editor(session: AsyncSession, principal: Principal, grade: int) -> None:
    """Directors and school admins edit every grade level's timetable; a deputy director only
    the grade levels the director made them responsible for (S6)."""

    async def deputy_of_grade(person: UUID) -> bool:
        return grade in await deputy_grades(session, person)

    await POLICY.authorize(
        principal,
        "timetable.write",
        {Relation.GRADE_LEVEL_DEPUTY: deputy_of_grade},
        message=f"You are not responsible for the timetable of grade {grade}.",
    )


async def require_group_keeper(principal: Principal, school_class: SchoolClass) -> None:
    """Groups are set up by the administration or by the class's own class teacher (S3)."""
    await POLICY.authorize(
        principal,
        "groups.write",
        {Relation.CLASS_TEACHER: lambda person: person == school_class.class_teacher_id},
        message=f"Only the class teacher of {school_class.name} may set up its groups.",
    )


async def substitution_log_teacher(principal: Principal, teacher_id: UUID | None) -> UUID | None:
    """Whose substitution log is read: the teacher asked for (everyone's when None) by the
    administration; a teacher's own otherwise."""
    if await POLICY.allows(principal, "substitution-log.read"):
        return teacher_id
    wanted = teacher_id or principal.require_person()
    await POLICY.authorize(
        principal,
        "substitution-log.read",
        {Relation.SELF: lambda person: person == wanted},
        message="Teachers read their own substitution log.",
    )
    return wanted
