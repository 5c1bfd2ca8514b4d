"""A class's students and their parents for the class teacher (I2): names, logins, the
parents' access applications and when each was last given a one-time password."""

from collections.abc import Iterable
from datetime import date, datetime
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.errors import NotFound
from okrug_identity.classes import service as classes
from okrug_identity.classes.schemas import ClassParent, ClassPeople, ClassStudent
from okrug_identity.models import (
    AccessApplication,
    ClassTeacherProjection,
    CredentialIssue,
    CredentialIssueItem,
    GuardianLink,
    Person,
)


def _journal_order(person: Person) -> tuple[str, str, str]:
    """A journal's order: last name, first name, middle name (ё sorts as е)."""

    def key(part: str | None) -> str:
        return (part or "").casefold().replace("ё", "е")

    return key(person.last_name), key(person.first_name), key(person.middle_name)


async def _last_issues(
    session: AsyncSession, school_id: UUID, person_ids: Iterable[UUID]
) -> dict[UUID, datetime]:
    rows = await session.execute(
        select(CredentialIssueItem.person_id, func.max(CredentialIssue.issued_at))
        .join(
            CredentialIssue,
            (CredentialIssue.school_id == CredentialIssueItem.school_id)
            & (CredentialIssue.issue_id == CredentialIssueItem.issue_id),
        )
        .where(
            CredentialIssueItem.school_id == school_id,
            CredentialIssueItem.person_id.in_(list(person_ids)),
        )
        .group_by(CredentialIssueItem.person_id)
    )
    return {person_id: issued_at for person_id, issued_at in rows.all()}


async def _parents(
    session: AsyncSession, school_id: UUID, student_ids: list[UUID]
) -> list[tuple[UUID, Person, date | None]]:
    """(child, parent, the application's date) for every guardian link of the students."""
    rows = await session.execute(
        select(GuardianLink.student_id, Person, AccessApplication.applied_on)
        .join(
            Person,
            (Person.school_id == GuardianLink.school_id)
            & (Person.person_id == GuardianLink.guardian_id),
        )
        .outerjoin(
            AccessApplication,
            (AccessApplication.school_id == GuardianLink.school_id)
            & (AccessApplication.applicant_id == GuardianLink.guardian_id)
            & (AccessApplication.student_id == GuardianLink.student_id),
        )
        .where(
            GuardianLink.school_id == school_id,
            GuardianLink.student_id.in_(student_ids),
            Person.left_at.is_(None),
        )
    )
    return [(child, parent, applied_on) for child, parent, applied_on in rows.all()]


async def require_known_class(session: AsyncSession, class_id: UUID) -> None:
    """A class identity has heard of from schedule (another school's is not: 404)."""
    known = await session.scalar(
        select(ClassTeacherProjection.class_id).where(ClassTeacherProjection.class_id == class_id)
    )
    if known is None and not await classes.students_of_class(session, class_id):
        raise NotFound(f"No class {class_id} in this school.")


async def class_people(session: AsyncSession, school_id: UUID, class_id: UUID) -> ClassPeople:
    student_ids = await classes.students_of_class(session, class_id)
    students = list(
        await session.scalars(
            select(Person).where(
                Person.school_id == school_id,
                Person.person_id.in_(student_ids),
                Person.kind == "student",
                Person.left_at.is_(None),
            )
        )
    )
    links = await _parents(session, school_id, [s.person_id for s in students])
    issued = await _last_issues(
        session,
        school_id,
        [s.person_id for s in students] + [parent.person_id for _, parent, _ in links],
    )
    parents_of: dict[UUID, list[ClassParent]] = {}
    for child, parent, applied_on in sorted(links, key=lambda link: _journal_order(link[1])):
        parents_of.setdefault(child, []).append(
            ClassParent(
                id=parent.person_id,
                last_name=parent.last_name,
                first_name=parent.first_name,
                middle_name=parent.middle_name,
                username=parent.username,
                last_issued_at=issued.get(parent.person_id),
                application_on=applied_on,
            )
        )
    return ClassPeople(
        class_id=class_id,
        students=[
            ClassStudent(
                id=student.person_id,
                last_name=student.last_name,
                first_name=student.first_name,
                middle_name=student.middle_name,
                username=student.username,
                last_issued_at=issued.get(student.person_id),
                parents=parents_of.get(student.person_id, []),
            )
            for student in sorted(students, key=_journal_order)
        ],
    )
