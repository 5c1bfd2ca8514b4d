"""The journal's access policy (I5). Every read and write of a student's data passes here;
relations are answered from the journal's projections of schedule and identity."""

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_common.authz import Policy, Relation, RelationCheck, Rule
from okrug_common.errors import NotFound
from okrug_common.roles import SCHOOL_LEADERSHIP_ROLES, Role
from okrug_common.runtime import Runtime
from okrug_journal.models import LessonProjection
from okrug_journal.projections import service as projections

POLICY = Policy(
    "journal",
    {
        # The lesson's teacher of record (the substitute, when there is one) writes it.
        "lesson.write": [Rule({Role.TEACHER}, Relation.TEACHER_OF_RECORD)],
        "lesson.read": [
            Rule({Role.TEACHER}, Relation.TEACHER_OF_RECORD),
            Rule(SCHOOL_LEADERSHIP_ROLES),
        ],
        # A student's journal: the student, their guardians, the school's leadership.
        "student.read": [
            Rule({Role.STUDENT}, Relation.SELF),
            Rule({Role.PARENT}, Relation.GUARDIAN),
            Rule(SCHOOL_LEADERSHIP_ROLES),
        ],
    },
)


def _lesson_relations(principal: Principal, lesson: LessonProjection) -> RelationCheck:
    async def check(relation: Relation) -> bool:
        return relation is Relation.TEACHER_OF_RECORD and lesson.teacher_id == principal.person_id

    return check


async def require_lesson_writer(principal: Principal, lesson: LessonProjection) -> None:
    await POLICY.authorize(
        principal,
        "lesson.write",
        _lesson_relations(principal, lesson),
        message="Only the teacher of this lesson may record its marks and attendance.",
    )


async def require_lesson_reader(principal: Principal, lesson: LessonProjection) -> None:
    await POLICY.authorize(principal, "lesson.read", _lesson_relations(principal, lesson))


async def require_student_reader(
    session: AsyncSession, runtime: Runtime, principal: Principal, student_id: UUID
) -> None:
    school_id = principal.require_school()

    async def check(relation: Relation) -> bool:
        if relation is Relation.SELF:
            return principal.person_id == student_id
        if relation is Relation.GUARDIAN and principal.person_id is not None:
            return await projections.is_guardian(
                session, runtime, school_id, principal.person_id, student_id
            )
        return False

    await POLICY.authorize(
        principal,
        "student.read",
        check,
        message="You may read only your own or your children's journal.",
    )
    if not await projections.is_known_student(session, student_id):
        raise NotFound(f"No student {student_id} in this school's journal.")
