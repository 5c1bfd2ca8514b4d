"""Who may do what in identity (I1-I3, I5, I7), as the shared policy (okrug_common.authz).
Every endpoint takes its principal through the gate of its action (the aliases below); the
relations to a person or a class (the person themself, a student's class teacher, a child's
guardian) are asked of the same policy once the object is known, from identity's own
records and its projection of schedule's classes (classes/service.py)."""

from typing import Annotated
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_common.authz import ANYONE, Policy, Relation, Relations, Rule
from okrug_common.roles import DISTRICT_ROLES, SCHOOL_LEADERSHIP_ROLES, SCHOOL_STAFF_ROLES, Role
from okrug_identity.classes import service as classes
from okrug_identity.guardians.service import is_guardian

LEADERSHIP = SCHOOL_LEADERSHIP_ROLES  # director, deputy directors, school admin
# Roles the district admin appoints when a school opens.
SCHOOL_ADMINISTRATION = frozenset({Role.SCHOOL_ADMIN, Role.DIRECTOR})
# Who keeps the school's people, their consents, personal data and access applications.
ROSTER_KEEPERS = frozenset({Role.SCHOOL_ADMIN, Role.SECRETARY})
# Who reads the whole roster, personal data included.
ROSTER_READERS = frozenset({Role.SCHOOL_ADMIN, Role.SECRETARY, Role.DIRECTOR, Role.DEPUTY_DIRECTOR})
# The student roster's movements are kept by the secretary and the school admin (and the
# director).
MOVEMENT_WRITERS = frozenset({Role.SECRETARY, Role.SCHOOL_ADMIN, Role.DIRECTOR})
# Who searches the school's read audit.
READ_AUDIT_SEARCHERS = frozenset({Role.SCHOOL_ADMIN, Role.DIRECTOR})

POLICY = Policy(
    "identity",
    {
        # Who the caller is, and their schools: any token, of a school or not.
        "me.read": [Rule(ANYONE, needs_school=False)],
        # The district admin opens schools and appoints their first administrators (I1).
        "schools.open": [Rule({Role.DISTRICT_ADMIN}, needs_school=False)],
        # A school's card: the school's staff, the district's roles every school's.
        "schools.read": [Rule(SCHOOL_STAFF_ROLES), Rule(DISTRICT_ROLES, needs_school=False)],
        # The school admin keeps the school's card and its people: accounts, roles,
        # guardian links (I1, I2).
        "school.administer": [Rule({Role.SCHOOL_ADMIN})],
        # Who granted or removed whose roles at the school, and when (I5): its leadership.
        "role-history.read": [Rule(LEADERSHIP)],
        # The school's people: its staff list them and read their cards (the district's
        # roles too, with a token of the school); anyone reads their own card.
        "persons.list": [Rule(SCHOOL_STAFF_ROLES)],
        "person.read": [
            Rule(SCHOOL_STAFF_ROLES | DISTRICT_ROLES),
            Rule(ANYONE, Relation.SELF, needs_school=False),
        ],
        # Consents, personal data and access applications (I3, I5): the school admin and the
        # secretary for anyone of the school, the class teacher for their class's students.
        "roster.write": [
            Rule(ROSTER_KEEPERS),
            Rule({Role.CLASS_TEACHER}, Relation.CLASS_TEACHER),
        ],
        # Personal data, consents and a student's movements: the person themself, the
        # roster's readers, a student's class teacher, a child's guardian.
        "personal-data.read": [
            Rule(ROSTER_READERS),
            Rule(ANYONE, Relation.SELF),
            Rule({Role.CLASS_TEACHER}, Relation.CLASS_TEACHER),
            Rule({Role.PARENT}, Relation.GUARDIAN),
        ],
        # Enrolments, transfers and withdrawals, and the movement report (S1 4.3.8).
        "movements.write": [Rule(MOVEMENT_WRITERS)],
        "movement-report.read": [Rule(ROSTER_READERS)],
        # Parents' applications for access: the roster's readers all, a class teacher those
        # for their class's students.
        "access-applications.read": [
            Rule(ROSTER_READERS),
            Rule({Role.CLASS_TEACHER}, Relation.CLASS_TEACHER),
        ],
        # One-time passwords for a class: the school admin, or that class's class teacher;
        # who issued them: the school's leadership all, a class teacher their own issues.
        "credentials.issue": [
            Rule({Role.SCHOOL_ADMIN}),
            Rule({Role.CLASS_TEACHER}, Relation.CLASS_TEACHER),
        ],
        # A class's students and their parents (names, logins, applications, slips issued):
        # the roster's readers, and that class's class teacher.
        "class-people.read": [
            Rule(ROSTER_READERS),
            Rule({Role.CLASS_TEACHER}, Relation.CLASS_TEACHER),
        ],
        "credential-issues.read": [Rule(LEADERSHIP), Rule({Role.CLASS_TEACHER}, Relation.SELF)],
        # The monthly activity report (I7): the school's leadership, with names, of its
        # school; the district admin and the working group, counts only, of any school.
        "activity-report.read": [
            Rule(LEADERSHIP),
            Rule({Role.DISTRICT_ADMIN, Role.WORKING_GROUP_MEMBER}, needs_school=False),
        ],
        "activity-report.names": [Rule(LEADERSHIP)],
        # A person's sign-ins: the person themself and the school's leadership.
        "person-activity.read": [Rule(LEADERSHIP), Rule(ANYONE, Relation.SELF)],
        # The read audit (X2): the school's heads search their school's log and read its
        # settings (the school admin changes them: school.administer); the district admin
        # searches every school's.
        "read-audit.search": [
            Rule(READ_AUDIT_SEARCHERS),
            Rule({Role.DISTRICT_ADMIN}, needs_school=False),
        ],
        "read-audit.search-district": [Rule({Role.DISTRICT_ADMIN}, needs_school=False)],
        "read-audit.settings.read": [Rule(READ_AUDIT_SEARCHERS)],
        # Who looked at a child's record: the child's parent.
        "record-reads.read": [Rule({Role.PARENT}, Relation.GUARDIAN)],
    },
)

Caller = Annotated[Principal, POLICY.gate("me.read")]
SchoolOpener = Annotated[Principal, POLICY.gate("schools.open")]
SchoolReader = Annotated[Principal, POLICY.gate("schools.read")]
SchoolAdmin = Annotated[Principal, POLICY.gate("school.administer")]
RoleHistoryReader = Annotated[Principal, POLICY.gate("role-history.read")]
PersonLister = Annotated[Principal, POLICY.gate("persons.list")]
PersonReader = Annotated[Principal, POLICY.gate("person.read")]
RosterWriter = Annotated[Principal, POLICY.gate("roster.write")]
PersonalDataReader = Annotated[Principal, POLICY.gate("personal-data.read")]
MovementWriter = Annotated[Principal, POLICY.gate("movements.write")]
MovementReportReader = Annotated[Principal, POLICY.gate("movement-report.read")]
AccessApplicationReader = Annotated[Principal, POLICY.gate("access-applications.read")]
CredentialIssuer = Annotated[Principal, POLICY.gate("credentials.issue")]
ClassPeopleReader = Annotated[Principal, POLICY.gate("class-people.read")]
CredentialIssueReader = Annotated[Principal, POLICY.gate("credential-issues.read")]
ActivityReportReader = Annotated[Principal, POLICY.gate("activity-report.read")]
PersonActivityReader = Annotated[Principal, POLICY.gate("person-activity.read")]
ReadAuditSearcher = Annotated[Principal, POLICY.gate("read-audit.search")]
ReadAuditSettingsReader = Annotated[Principal, POLICY.gate("read-audit.settings.read")]
RecordReadsReader = Annotated[Principal, POLICY.gate("record-reads.read")]


# --- the object's relations, once it is known -------------------------------------------------


def own(person_id: UUID) -> Relations:
    """The object is this person's own (their card, their sign-ins, their issues)."""
    return {Relation.SELF: lambda person: person == person_id}


def _person_relations(
    session: AsyncSession, principal: Principal, person_id: UUID, person_kind: str
) -> Relations:
    async def class_teacher(person: UUID) -> bool:
        if person_kind != "student":
            return False
        return person_id in await classes.students_of_class_teacher(session, person)

    async def guardian(person: UUID) -> bool:
        school_id = principal.require_school()
        return await is_guardian(session, school_id, person, person_id)

    return {
        **own(person_id),
        Relation.CLASS_TEACHER: class_teacher,
        Relation.GUARDIAN: guardian,
    }


async def require_roster_writer_for(
    session: AsyncSession, principal: Principal, person_id: UUID, person_kind: str
) -> None:
    """School admin and secretary for anyone of the school; a class teacher for the students
    of their own classes (I5: the class teacher edits student cards)."""
    await POLICY.authorize(
        principal,
        "roster.write",
        _person_relations(session, principal, person_id, person_kind),
        message="Only the school admin, the secretary or the student's class teacher may.",
    )


async def require_personal_data_reader(
    session: AsyncSession, principal: Principal, person_id: UUID, person_kind: str
) -> None:
    await POLICY.authorize(
        principal,
        "personal-data.read",
        _person_relations(session, principal, person_id, person_kind),
        message="You may not read this person's personal data.",
    )


def _class_teacher_of(session: AsyncSession, class_id: UUID) -> Relations:
    """The class teacher of exactly this class (from schedule's classes.class_teacher_id)."""

    async def class_teacher(person: UUID) -> bool:
        return await classes.class_teacher_of(session, class_id) == person

    return {Relation.CLASS_TEACHER: class_teacher}


async def require_credential_issuer(
    session: AsyncSession, principal: Principal, class_id: UUID
) -> None:
    """The school admin, or the class teacher of exactly this class."""
    await POLICY.authorize(
        principal,
        "credentials.issue",
        _class_teacher_of(session, class_id),
        message="Only the class teacher of this class may do this.",
    )


async def require_class_people_reader(
    session: AsyncSession, principal: Principal, class_id: UUID
) -> None:
    await POLICY.authorize(
        principal,
        "class-people.read",
        _class_teacher_of(session, class_id),
        message="Only the class teacher of this class and the school's roster readers may.",
    )


async def require_guardian_of(
    session: AsyncSession, principal: Principal, student_id: UUID
) -> None:
    """The parent of this child: who looked at the child's record is theirs to read."""

    async def guardian(person: UUID) -> bool:
        return await is_guardian(session, principal.require_school(), person, student_id)

    await POLICY.authorize(
        principal,
        "record-reads.read",
        {Relation.GUARDIAN: guardian},
        message="Only the child's parent reads who looked at the child's record.",
    )
