"""Who may do what in identity (I2, I3, I5). Every endpoint calls one of these first; the
class-teacher rules read the projection of schedule's classes (classes/service.py)."""

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_common.errors import Forbidden
from okrug_common.roles import DISTRICT_ROLES, SCHOOL_STAFF_ROLES, Role
from okrug_identity.classes import service as classes

# Roles the district admin appoints when a school opens.
SCHOOL_ADMINISTRATION = frozenset({Role.SCHOOL_ADMIN, Role.DIRECTOR})
# Who keeps the school's people, their consents, personal data and movements (the roster).
ROSTER_KEEPERS = frozenset({Role.SCHOOL_ADMIN, Role.SECRETARY})
# Who reads the whole roster, personal data included.
ROSTER_READERS = frozenset({Role.SCHOOL_ADMIN, Role.SECRETARY, Role.DIRECTOR, Role.DEPUTY_DIRECTOR})


def require_district_admin(principal: Principal) -> None:
    if Role.DISTRICT_ADMIN not in principal.roles:
        raise Forbidden("Only the district admin may do this.")


def require_school_admin(principal: Principal) -> None:
    principal.require_school()
    if Role.SCHOOL_ADMIN not in principal.roles:
        raise Forbidden("Only the school admin may manage the school's people.")


def require_school_reader(principal: Principal) -> None:
    """School staff read their school's people; district roles read every school's card."""
    if principal.has_any(DISTRICT_ROLES):
        return
    principal.require_school()
    if not principal.has_any(SCHOOL_STAFF_ROLES):
        raise Forbidden("Only school staff may read the school's people.")


def require_school_staff_role(principal: Principal, roles: frozenset[Role], what: str) -> UUID:
    school_id = principal.require_school()
    if not principal.has_any(roles):
        raise Forbidden(f"Your role does not allow {what}.")
    return school_id


async def is_class_teacher_of_student(
    session: AsyncSession, principal: Principal, student_id: UUID
) -> bool:
    if Role.CLASS_TEACHER not in principal.roles or principal.person_id is None:
        return False
    return student_id in await classes.students_of_class_teacher(session, principal.person_id)


async def require_roster_writer_for(
    session: AsyncSession, principal: Principal, person_id: UUID, person_kind: str
) -> None:
    """School admin and secretary for anyone of the school; a class teacher for the students
    of their own classes (I5: the class teacher edits student cards)."""
    principal.require_school()
    if principal.has_any(ROSTER_KEEPERS):
        return
    if person_kind == "student" and await is_class_teacher_of_student(
        session, principal, person_id
    ):
        return
    raise Forbidden("Only the school admin, the secretary or the student's class teacher may.")


async def require_personal_data_reader(
    session: AsyncSession, principal: Principal, person_id: UUID, person_kind: str
) -> None:
    principal.require_school()
    if principal.person_id == person_id or principal.has_any(ROSTER_READERS):
        return
    if person_kind == "student" and await is_class_teacher_of_student(
        session, principal, person_id
    ):
        return
    if Role.PARENT in principal.roles and principal.person_id is not None:
        from okrug_identity.guardians.service import is_guardian

        school_id = principal.require_school()
        if await is_guardian(session, school_id, principal.person_id, person_id):
            return
    raise Forbidden("You may not read this person's personal data.")


async def require_class_teacher_of(
    session: AsyncSession, principal: Principal, class_id: UUID
) -> None:
    """The class teacher of exactly this class (from schedule's classes.class_teacher_id)."""
    principal.require_school()
    if Role.CLASS_TEACHER not in principal.roles or principal.person_id is None:
        raise Forbidden("Only the class teacher of this class may do this.")
    if await classes.class_teacher_of(session, class_id) != principal.person_id:
        raise Forbidden("You are not the class teacher of this class.")
