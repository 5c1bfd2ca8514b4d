"""The journal's one authorization function per kind of access (I5). Every read and write
of a student's data passes through here."""

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_common.errors import Forbidden
from okrug_common.roles import SCHOOL_LEADERSHIP_ROLES, Role
from okrug_common.runtime import Runtime
from okrug_journal.models import LessonProjection
from okrug_journal.projections import service as projections


def require_lesson_writer(principal: Principal, lesson: LessonProjection) -> None:
    """Only the lesson's teacher of record (the substitute, when there is one) writes it."""
    if Role.TEACHER not in principal.roles or lesson.teacher_id != principal.person_id:
        raise Forbidden("Only the teacher of this lesson may record its marks and attendance.")


def require_lesson_reader(principal: Principal, lesson: LessonProjection) -> None:
    if principal.has_any(SCHOOL_LEADERSHIP_ROLES):
        return
    require_lesson_writer(principal, lesson)


async def require_student_reader(
    session: AsyncSession, runtime: Runtime, principal: Principal, student_id: UUID
) -> None:
    """The student themself, their guardians, and the school's leadership."""
    school_id = principal.require_school()
    if principal.person_id == student_id and Role.STUDENT in principal.roles:
        return
    if principal.has_any(SCHOOL_LEADERSHIP_ROLES):
        return
    is_parent = Role.PARENT in principal.roles and principal.person_id is not None
    if is_parent and await projections.is_guardian(
        session, runtime, school_id, principal.require_person(), student_id
    ):
        return
    raise Forbidden("You may read only your own or your children's journal.")
