"""The journal's access policy (I5), as the shared policy (okrug_common.authz). Every
endpoint takes its principal through the gate of its action (the aliases after the policy),
and every read and write of a student's data asks the policy again once the object is known:
relations are answered from the journal's projections of schedule and identity."""

from typing import Annotated
from uuid import UUID

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_common.authz import Policy, Relation, Relations, Rule
from okrug_common.errors import NotFound
from okrug_common.roles import SCHOOL_LEADERSHIP_ROLES, SCHOOL_STAFF_ROLES, Role
from okrug_common.runtime import Runtime
from okrug_journal.models import LessonProjection
from okrug_journal.projections import service as projections

# The district's readers of oversight (O1-O5): every school's figures, counts only.
OVERSIGHT_DISTRICT_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.WORKING_GROUP_MEMBER})

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
        # The class teacher corrects the absence reasons of their class at any time and keeps
        # its absence notes (J2, I5); the lesson's teacher of record corrects the lesson's
        # inside the edit window (J6).
        "absence-reason.write": [Rule({Role.CLASS_TEACHER}, Relation.CLASS_TEACHER)],
        "absence-reason.correct": [
            Rule({Role.CLASS_TEACHER}, Relation.CLASS_TEACHER),
            Rule({Role.TEACHER}, Relation.TEACHER_OF_RECORD),
        ],
        # The whole journal of a class (summary sheets, reports): its class teacher and the
        # school's leadership.
        "class.read": [
            Rule({Role.CLASS_TEACHER}, Relation.CLASS_TEACHER),
            Rule(SCHOOL_LEADERSHIP_ROLES),
        ],
        # Period marks of a class in a subject: a teacher who teaches it to the class.
        "period-marks.write": [Rule({Role.TEACHER}, Relation.TEACHES_CLASS)],
        # The journal grid of a class in a subject (J1-J6): its teachers, its class teacher,
        # the school's leadership; each lesson is then writable only by its teacher of record.
        "grid.read": [
            Rule({Role.TEACHER}, Relation.TEACHES_CLASS),
            Rule({Role.CLASS_TEACHER}, Relation.CLASS_TEACHER),
            Rule(SCHOOL_LEADERSHIP_ROLES),
        ],
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
        # A teacher's own day (J1, J4): their lessons at the token's school and what is due.
        "teacher-day.read": [Rule({Role.TEACHER})],
        # The school's journal rules: staff read them, the school admin and director set them.
        "policy.read": [Rule(SCHOOL_STAFF_ROLES)],
        "policy.write": [Rule({Role.SCHOOL_ADMIN, Role.DIRECTOR})],
        # The mark-change audit report (J6) and when a lesson's entries were made (J4).
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
        # District oversight (O1-O5): the district reads every school's figures (counts,
        # no student), a school's leadership their own school's (oversight/scope.py).
        "oversight.read": [
            Rule(OVERSIGHT_DISTRICT_ROLES, needs_school=False),
            Rule(SCHOOL_LEADERSHIP_ROLES),
        ],
        # Oversight's figures that name students (those under the minimum of marks): the
        # school's leadership only, never the district (X2).
        "oversight.students": [Rule(SCHOOL_LEADERSHIP_ROLES)],
        # The district's settings of oversight (minimum marks, thresholds): the district
        # admin sets them, oversight's readers read them.
        "oversight-settings.write": [Rule({Role.DISTRICT_ADMIN}, needs_school=False)],
        # The students forecast failing (J12) in the classes and subjects one teaches; the
        # school's whole list is its leadership's.
        # A monitoring report made on demand (O5): the district's of any school or all of
        # them, a director of their own school.
        "oversight-monitoring.make": [
            Rule(OVERSIGHT_DISTRICT_ROLES, needs_school=False),
            Rule({Role.DIRECTOR}),
        ],
        "forecast.failing.mine": [Rule({Role.TEACHER})],
        "forecast.failing.school": [Rule(SCHOOL_LEADERSHIP_ROLES)],
    },
)

LessonWriter = Annotated[Principal, POLICY.gate("lesson.write")]
LessonReader = Annotated[Principal, POLICY.gate("lesson.read")]
ReasonCorrector = Annotated[Principal, POLICY.gate("absence-reason.correct")]
AbsenceNoteWriter = Annotated[Principal, POLICY.gate("absence-reason.write")]
ClassReader = Annotated[Principal, POLICY.gate("class.read")]
StudentReader = Annotated[Principal, POLICY.gate("student.read")]
ChildrenReader = Annotated[Principal, POLICY.gate("diary.children")]
GridReader = Annotated[Principal, POLICY.gate("grid.read")]
PeriodMarkWriter = Annotated[Principal, POLICY.gate("period-marks.write")]
PeriodMarkReader = Annotated[Principal, POLICY.gate("period-marks.read")]
LessonPlanWriter = Annotated[Principal, POLICY.gate("lesson-plan.write")]
LessonPlanReader = Annotated[Principal, POLICY.gate("lesson-plan.read")]
LessonPlanLister = Annotated[Principal, POLICY.gate("lesson-plan.list")]
LessonPlanChecker = Annotated[Principal, POLICY.gate("lesson-plan.check")]
CompletionReader = Annotated[Principal, POLICY.gate("completion.read")]
TeacherDayReader = Annotated[Principal, POLICY.gate("teacher-day.read")]
PolicyReader = Annotated[Principal, POLICY.gate("policy.read")]
PolicyWriter = Annotated[Principal, POLICY.gate("policy.write")]
AuditReader = Annotated[Principal, POLICY.gate("audit.read")]
PaperImporter = Annotated[Principal, POLICY.gate("paper-import.write")]
PaperImportLogReader = Annotated[Principal, POLICY.gate("paper-import.log")]
OversightReader = Annotated[Principal, POLICY.gate("oversight.read")]
OversightStudentReader = Annotated[Principal, POLICY.gate("oversight.students")]
OversightSettingsWriter = Annotated[Principal, POLICY.gate("oversight-settings.write")]
MonitoringReportMaker = Annotated[Principal, POLICY.gate("oversight-monitoring.make")]
TeacherFailingReader = Annotated[Principal, POLICY.gate("forecast.failing.mine")]
SchoolFailingReader = Annotated[Principal, POLICY.gate("forecast.failing.school")]


# --- the object's relations, once it is known -------------------------------------------------


def _teacher_of_record(lesson: LessonProjection) -> Relations:
    return {Relation.TEACHER_OF_RECORD: lambda person: person == lesson.teacher_id}


def _class_relations(session: AsyncSession, class_id: UUID) -> Relations:
    return {
        Relation.CLASS_TEACHER: lambda person: projections.is_class_teacher(
            session, class_id, person
        ),
    }


def _lesson_relations(session: AsyncSession, lesson: LessonProjection) -> Relations:
    return {**_teacher_of_record(lesson), **_class_relations(session, lesson.class_id)}


def _class_subject_relations(session: AsyncSession, class_id: UUID, subject_id: UUID) -> Relations:
    """A teacher teaches a subject to a class when some lesson of it is theirs, as teacher
    of record or as the timetable's teacher whose lesson a substitute took (S7: they keep
    reading the class's journal, the substituted lesson read-only); the class teacher
    relation is the class's."""

    async def teaches_class(person: UUID) -> bool:
        found = await session.scalar(
            select(LessonProjection.lesson_id)
            .where(
                LessonProjection.class_id == class_id,
                LessonProjection.subject_id == subject_id,
                or_(
                    LessonProjection.teacher_id == person,
                    LessonProjection.planned_teacher_id == person,
                ),
            )
            .limit(1)
        )
        return found is not None

    return {**_class_relations(session, class_id), Relation.TEACHES_CLASS: teaches_class}


def _student_relations(
    session: AsyncSession, runtime: Runtime, school_id: UUID, student_id: UUID
) -> Relations:
    async def class_teacher(person: UUID) -> bool:
        mine = set(await projections.classes_of_class_teacher(session, person))
        return bool(mine & set(await projections.classes_of_student(session, student_id)))

    return {
        Relation.SELF: lambda person: person == student_id,
        Relation.GUARDIAN: lambda person: projections.is_guardian(
            session, runtime, school_id, person, student_id
        ),
        Relation.CLASS_TEACHER: class_teacher,
    }


async def require_lesson_writer(principal: Principal, lesson: LessonProjection) -> None:
    await POLICY.authorize(
        principal,
        "lesson.write",
        _teacher_of_record(lesson),
        message="Only the teacher of this lesson may record its marks and attendance.",
    )


async def may_write_lesson(principal: Principal, lesson: LessonProjection) -> bool:
    """Whether the principal writes this lesson (its teacher of record), the window aside."""
    return await POLICY.allows(principal, "lesson.write", _teacher_of_record(lesson))


async def require_lesson_reader(
    session: AsyncSession, principal: Principal, lesson: LessonProjection
) -> None:
    await POLICY.authorize(principal, "lesson.read", _lesson_relations(session, lesson))


async def require_class_teacher_or(
    session: AsyncSession, principal: Principal, action: str, class_id: UUID, message: str = ""
) -> None:
    """Actions on a whole class whose relation is being its class teacher ("class.read",
    "absence-reason.write")."""
    await POLICY.authorize(
        principal,
        action,
        _class_relations(session, class_id),
        message=message or "You may not do this.",
    )


async def corrects_reasons_any_time(
    session: AsyncSession, principal: Principal, lesson: LessonProjection
) -> bool:
    """The class teacher of the lesson's class corrects its absence reasons at any time."""
    relations = _class_relations(session, lesson.class_id)
    return await POLICY.allows(principal, "absence-reason.write", relations)


async def require_reason_corrector(
    session: AsyncSession, principal: Principal, lesson: LessonProjection
) -> None:
    await POLICY.authorize(
        principal,
        "absence-reason.correct",
        _lesson_relations(session, lesson),
        message="Only the class teacher of the class or the lesson's teacher corrects absence "
        "reasons.",
    )


async def require_student_reader(
    session: AsyncSession, runtime: Runtime, principal: Principal, student_id: UUID
) -> None:
    school_id = principal.require_school()
    await POLICY.authorize(
        principal,
        "student.read",
        _student_relations(session, runtime, school_id, student_id),
        message="You may read only your own or your children's journal.",
    )
    if not await projections.is_known_student(session, student_id):
        raise NotFound(f"No student {student_id} in this school's journal.")


async def require_class_subject(
    session: AsyncSession, principal: Principal, action: str, class_id: UUID, subject_id: UUID
) -> None:
    await POLICY.authorize(
        principal,
        action,
        _class_subject_relations(session, class_id, subject_id),
        message="Only a teacher of this class in this subject may.",
    )


async def class_subject_allows(
    session: AsyncSession, principal: Principal, action: str, class_id: UUID, subject_id: UUID
) -> bool:
    """Whether `action` on a class's subject is allowed (to filter lists by it)."""
    relations = _class_subject_relations(session, class_id, subject_id)
    return await POLICY.allows(principal, action, relations)


async def may_import_lesson(principal: Principal, lesson: LessonProjection) -> bool:
    """May the principal import a paper journal's entries into this lesson (J13)?"""
    return await POLICY.allows(principal, "paper-import.lesson", _teacher_of_record(lesson))
