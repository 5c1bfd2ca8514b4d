"""The journal's access policy (I5). Every read and write of a student's data passes here;
relations are answered from the journal's projections of schedule and identity."""

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_common.authz import Policy, Relation, RelationCheck, Rule
from okrug_common.errors import NotFound
from okrug_common.roles import SCHOOL_LEADERSHIP_ROLES, SCHOOL_STAFF_ROLES, Role
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
            Rule({Role.CLASS_TEACHER}, Relation.CLASS_TEACHER),
            Rule(SCHOOL_LEADERSHIP_ROLES),
        ],
        # The class teacher corrects the absence reasons of their class (J2, I5).
        "absence-reason.write": [Rule({Role.CLASS_TEACHER}, Relation.CLASS_TEACHER)],
        # The whole journal of a class (summary sheets, reports): its class teacher and the
        # school's leadership.
        "class.read": [
            Rule({Role.CLASS_TEACHER}, Relation.CLASS_TEACHER),
            Rule(SCHOOL_LEADERSHIP_ROLES),
        ],
        # Period marks of a class in a subject: a teacher who teaches it to the class.
        "period-marks.write": [Rule({Role.TEACHER}, Relation.TEACHES_CLASS)],
        "period-marks.read": [
            Rule({Role.TEACHER}, Relation.TEACHES_CLASS),
            Rule(SCHOOL_LEADERSHIP_ROLES),
        ],
        # Lesson plans (КТП, J7): a teacher of the class in the subject enters them, the
        # school's leadership checks them; the class teacher reads them too.
        "lesson-plan.write": [
            Rule({Role.TEACHER}, Relation.TEACHES_CLASS),
            Rule(SCHOOL_LEADERSHIP_ROLES),
        ],
        "lesson-plan.read": [
            Rule({Role.TEACHER}, Relation.TEACHES_CLASS),
            Rule({Role.CLASS_TEACHER}, Relation.CLASS_TEACHER),
            Rule(SCHOOL_LEADERSHIP_ROLES),
        ],
        # Curriculum completion of a class in a subject (J8): the same readers.
        "completion.read": [
            Rule({Role.TEACHER}, Relation.TEACHES_CLASS),
            Rule({Role.CLASS_TEACHER}, Relation.CLASS_TEACHER),
            Rule(SCHOOL_LEADERSHIP_ROLES),
        ],
        # The deputy's check of every class's plans against the curriculum (J7).
        "lesson-plan.check": [Rule(SCHOOL_LEADERSHIP_ROLES)],
        # Who may ask for lists of plans or completion at all (each row is then checked).
        "lesson-plan.list": [Rule({Role.TEACHER, Role.CLASS_TEACHER} | SCHOOL_LEADERSHIP_ROLES)],
        # The school's journal rules: staff read them, the school admin and director set them.
        "policy.read": [Rule(SCHOOL_STAFF_ROLES)],
        "policy.write": [Rule({Role.SCHOOL_ADMIN, Role.DIRECTOR})],
        # The mark-change audit report (J6).
        "audit.read": [Rule(SCHOOL_LEADERSHIP_ROLES)],
        # Paper journals brought back (J13): a teacher of the class in the subject, or the
        # school's leadership (S1 6.1 makes them responsible), gets the template and uploads;
        # each row's lesson must be the teacher's own, leadership imports any of the school's
        # and also after the lesson's edit window closed (the outage outlasted it).
        "paper-import.write": [
            Rule({Role.TEACHER}, Relation.TEACHES_CLASS),
            Rule(SCHOOL_LEADERSHIP_ROLES),
        ],
        "paper-import.lesson": [
            Rule({Role.TEACHER}, Relation.TEACHER_OF_RECORD),
            Rule(SCHOOL_LEADERSHIP_ROLES),
        ],
        "paper-import.past-edit-window": [Rule(SCHOOL_LEADERSHIP_ROLES)],
        "paper-import.log": [Rule(SCHOOL_LEADERSHIP_ROLES)],
        # A student's journal: the student, their guardians, the school's leadership.
        "student.read": [
            Rule({Role.STUDENT}, Relation.SELF),
            Rule({Role.PARENT}, Relation.GUARDIAN),
            Rule({Role.CLASS_TEACHER}, Relation.CLASS_TEACHER),
            Rule(SCHOOL_LEADERSHIP_ROLES),
        ],
        # Whose diaries one reads (J9): a parent their children, a student themself.
        "diary.children": [Rule({Role.STUDENT, Role.PARENT})],
    },
)


def _lesson_relations(
    principal: Principal, lesson: LessonProjection, session: AsyncSession | None = None
) -> RelationCheck:
    async def check(relation: Relation) -> bool:
        if principal.person_id is None:
            return False
        if relation is Relation.TEACHER_OF_RECORD:
            return lesson.teacher_id == principal.person_id
        if relation is Relation.CLASS_TEACHER and session is not None:
            return await projections.is_class_teacher(session, lesson.class_id, principal.person_id)
        return False

    return check


async def require_lesson_writer(principal: Principal, lesson: LessonProjection) -> None:
    await POLICY.authorize(
        principal,
        "lesson.write",
        _lesson_relations(principal, lesson),
        message="Only the teacher of this lesson may record its marks and attendance.",
    )


async def require_lesson_reader(
    session: AsyncSession, principal: Principal, lesson: LessonProjection
) -> None:
    await POLICY.authorize(principal, "lesson.read", _lesson_relations(principal, lesson, session))


async def require_class_teacher_or(
    session: AsyncSession, principal: Principal, action: str, class_id: UUID, message: str = ""
) -> None:
    """Actions on a whole class whose relation is being its class teacher ("class.read",
    "absence-reason.write")."""
    principal.require_school()

    async def check(relation: Relation) -> bool:
        if relation is not Relation.CLASS_TEACHER or principal.person_id is None:
            return False
        return await projections.is_class_teacher(session, class_id, principal.person_id)

    await POLICY.authorize(principal, action, check, message=message or "You may not do this.")


async def require_student_reader(
    session: AsyncSession, runtime: Runtime, principal: Principal, student_id: UUID
) -> None:
    school_id = principal.require_school()

    async def check(relation: Relation) -> bool:
        if relation is Relation.SELF:
            return principal.person_id == student_id
        if principal.person_id is None:
            return False
        if relation is Relation.GUARDIAN:
            return await projections.is_guardian(
                session, runtime, school_id, principal.person_id, student_id
            )
        if relation is Relation.CLASS_TEACHER:
            mine = set(await projections.classes_of_class_teacher(session, principal.person_id))
            return bool(mine & set(await projections.classes_of_student(session, student_id)))
        return False

    await POLICY.authorize(
        principal,
        "student.read",
        check,
        message="You may read only your own or your children's journal.",
    )
    if not await projections.is_known_student(session, student_id):
        raise NotFound(f"No student {student_id} in this school's journal.")


async def require(principal: Principal, action: str) -> None:
    """Actions whose rules name roles only (no relation to an object)."""
    principal.require_school()
    await POLICY.authorize(principal, action)


async def require_class_subject(
    session: AsyncSession, principal: Principal, action: str, class_id: UUID, subject_id: UUID
) -> None:
    """A teacher teaches a subject to a class when some lesson of it is theirs (as teacher
    of record, from the lesson projection); the class teacher relation is the class's."""
    principal.require_school()
    await POLICY.authorize(
        principal,
        action,
        _class_subject_relations(session, principal, class_id, subject_id),
        message="Only a teacher of this class in this subject may.",
    )


async def class_subject_allows(
    session: AsyncSession, principal: Principal, action: str, class_id: UUID, subject_id: UUID
) -> bool:
    """Whether `action` on a class's subject is allowed (to filter lists by it)."""
    relations = _class_subject_relations(session, principal, class_id, subject_id)
    return await POLICY.allows(principal, action, relations)


def _class_subject_relations(
    session: AsyncSession, principal: Principal, class_id: UUID, subject_id: UUID
) -> RelationCheck:
    async def check(relation: Relation) -> bool:
        if principal.person_id is None:
            return False
        if relation is Relation.CLASS_TEACHER:
            return await projections.is_class_teacher(session, class_id, principal.person_id)
        if relation is not Relation.TEACHES_CLASS:
            return False
        found = await session.scalar(
            select(LessonProjection.lesson_id)
            .where(
                LessonProjection.class_id == class_id,
                LessonProjection.subject_id == subject_id,
                LessonProjection.teacher_id == principal.person_id,
            )
            .limit(1)
        )
        return found is not None

    return check


async def may_import_lesson(principal: Principal, lesson: LessonProjection) -> bool:
    """May the principal import a paper journal's entries into this lesson (J13)?"""
    return await POLICY.allows(
        principal, "paper-import.lesson", _lesson_relations(principal, lesson)
    )
