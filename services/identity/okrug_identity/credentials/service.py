"""Issuing credentials (I2): the class teacher hands one-time passwords to the students of
their own class and to the parents whose written application the school recorded; every
issue is recorded (who, when, to whom), never the passwords."""

import asyncio
import secrets
from collections.abc import Awaitable, Callable
from typing import TypeVar
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.identity.v1 import identity_pb2
from okrug_common.auth import Principal
from okrug_common.errors import Conflict, InvalidInput, NotFound, Unavailable
from okrug_common.event_catalog import IdentityEvents
from okrug_common.outbox import emit
from okrug_identity.accounts.directory import AccountDirectory
from okrug_identity.accounts.keycloak import DirectoryError
from okrug_identity.classes import service as classes
from okrug_identity.credentials.schemas import ApplicationCreate, SlipsRequest
from okrug_identity.credentials.slips import Slip
from okrug_identity.models import (
    AccessApplication,
    CredentialIssue,
    CredentialIssueItem,
    GuardianLink,
    Person,
    outbox,
)
from okrug_identity.schools.service import school_today

# No look-alikes (0/o, 1/l/i): the password is typed from paper.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
PASSWORD_LENGTH = 10
DIRECTORY_CONCURRENCY = 8
T = TypeVar("T")


def one_time_password() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(PASSWORD_LENGTH))


def full_name(person: Person) -> str:
    return " ".join(p for p in (person.last_name, person.first_name, person.middle_name) if p)


def short_name(person: Person) -> str:
    initials = "".join(f"{p[0]}." for p in (person.first_name, person.middle_name) if p)
    return f"{person.last_name} {initials}".strip()


async def _each(items: list[T], call: Callable[[T], Awaitable[object]]) -> list[object]:
    limit = asyncio.Semaphore(DIRECTORY_CONCURRENCY)

    async def one(item: T) -> object:
        async with limit:
            return await call(item)

    try:
        return list(await asyncio.gather(*(one(i) for i in items)))
    except DirectoryError as exc:
        raise Unavailable("The account directory did not complete the request.") from exc


async def _candidates(
    session: AsyncSession, school_id: UUID, class_id: UUID, request: SlipsRequest
) -> list[tuple[Person, str]]:
    """(person, note) for the class's students and their parents with an application."""
    student_ids = await classes.students_of_class(session, class_id)
    if not student_ids:
        raise NotFound(f"No class {class_id} with students in this school.")
    students = {
        p.person_id: p
        for p in await session.scalars(
            select(Person).where(
                Person.school_id == school_id,
                Person.person_id.in_(student_ids),
                Person.kind == "student",
            )
        )
    }
    found: list[tuple[Person, str]] = []
    if "students" in request.include:
        found += [(p, "") for p in sorted(students.values(), key=full_name)]
    if "parents" in request.include:
        rows = await session.execute(
            select(Person, GuardianLink.student_id)
            .join(
                GuardianLink,
                (GuardianLink.school_id == Person.school_id)
                & (GuardianLink.guardian_id == Person.person_id),
            )
            .join(
                AccessApplication,
                (AccessApplication.school_id == GuardianLink.school_id)
                & (AccessApplication.applicant_id == GuardianLink.guardian_id)
                & (AccessApplication.student_id == GuardianLink.student_id),
            )
            .where(
                GuardianLink.school_id == school_id,
                GuardianLink.student_id.in_(list(students)),
                Person.kind == "parent",
            )
        )
        children: dict[UUID, tuple[Person, list[str]]] = {}
        for parent, child_id in rows.all():
            entry = children.setdefault(parent.person_id, (parent, []))
            entry[1].append(short_name(students[child_id]))
        for parent, names in sorted(children.values(), key=lambda e: full_name(e[0])):
            label = "ребёнок" if len(names) == 1 else "дети"
            found.append((parent, f"{label}: {', '.join(sorted(names))}"))
    if request.person_ids is not None:
        wanted = set(request.person_ids)
        known = {p.person_id for p, _ in found}
        stray = wanted - known
        if stray:
            raise InvalidInput(
                f"Not a student of this class nor a parent with a recorded application: "
                f"{', '.join(sorted(str(s) for s in stray))}.",
                field="person_ids",
            )
        found = [(p, note) for p, note in found if p.person_id in wanted]
    return found


async def issue_for_class(
    session: AsyncSession,
    directory: AccountDirectory,
    principal: Principal,
    school_id: UUID,
    class_id: UUID,
    request: SlipsRequest,
) -> tuple[CredentialIssue, list[Slip]]:
    candidates = await _candidates(session, school_id, class_id, request)
    if not request.reissue:
        waiting = await _each(candidates, lambda c: directory.awaits_first_sign_in(c[0].person_id))
        candidates = [c for c, w in zip(candidates, waiting, strict=True) if w]
    if not candidates:
        raise Conflict(
            "Everyone selected has already signed in; to replace lost passwords, "
            "ask again with reissue=true.",
            field="reissue",
            code="already-signed-in",
        )
    issue = CredentialIssue(
        school_id=school_id, issue_id=uuid4(), class_id=class_id, issued_by=principal.person_id
    )
    session.add(issue)
    session.add_all(
        CredentialIssueItem(
            school_id=school_id,
            issue_id=issue.issue_id,
            person_id=p.person_id,
            username=p.username,
            kind=p.kind,
        )
        for p, _ in candidates
    )
    await session.flush()
    await session.refresh(issue, ["issued_at"])
    await emit(
        session,
        outbox,
        event=IdentityEvents.CREDENTIALS_ISSUED,
        message=identity_pb2.CredentialsIssued(
            issue_id=str(issue.issue_id),
            class_id=str(class_id),
            person_ids=[str(p.person_id) for p, _ in candidates],
        ),
        school_id=school_id,
        actor_id=principal.person_id,
    )
    passwords = {p.person_id: one_time_password() for p, _ in candidates}
    await _each(
        candidates,
        lambda c: directory.set_one_time_password(c[0].person_id, passwords[c[0].person_id]),
    )
    slips = [
        Slip(full_name(p), p.kind, p.username, passwords[p.person_id], note)
        for p, note in candidates
    ]
    return issue, slips


async def issues(session: AsyncSession, issued_by: UUID | None) -> list[CredentialIssue]:
    query = select(CredentialIssue).order_by(CredentialIssue.issued_at.desc())
    if issued_by is not None:
        query = query.where(CredentialIssue.issued_by == issued_by)
    return list(await session.scalars(query))


async def issue_items(session: AsyncSession, issue_ids: list[UUID]) -> list[CredentialIssueItem]:
    return list(
        await session.scalars(
            select(CredentialIssueItem).where(CredentialIssueItem.issue_id.in_(issue_ids))
        )
    )


async def record_application(
    session: AsyncSession, principal: Principal, school_id: UUID, data: ApplicationCreate
) -> AccessApplication:
    if data.applied_on > await school_today(session, school_id):
        raise InvalidInput("An application cannot be dated in the future.", field="applied_on")
    applicant = await session.get(Person, (school_id, data.applicant_id))
    if applicant is None or applicant.kind != "parent":
        raise InvalidInput(f"No parent {data.applicant_id} in this school.", field="applicant_id")
    child = await session.get(Person, (school_id, data.student_id))
    if child is None or child.kind != "student":
        raise InvalidInput(f"No student {data.student_id} in this school.", field="student_id")
    if await session.get(GuardianLink, (school_id, data.applicant_id, data.student_id)) is None:
        raise InvalidInput(
            "The applicant is not linked to this student as a guardian.", field="applicant_id"
        )
    existing = await session.scalar(
        select(AccessApplication).where(
            AccessApplication.applicant_id == data.applicant_id,
            AccessApplication.student_id == data.student_id,
        )
    )
    if existing is not None:
        raise Conflict("This application is already recorded.", field="student_id")
    application = AccessApplication(
        school_id=school_id,
        application_id=uuid4(),
        applicant_id=data.applicant_id,
        student_id=data.student_id,
        applied_on=data.applied_on,
        note=data.note.strip() if data.note else None,
        recorded_by=principal.person_id,
    )
    session.add(application)
    await session.flush()
    await session.refresh(application, ["recorded_at"])
    return application


async def applications(session: AsyncSession, student_id: UUID | None) -> list[AccessApplication]:
    query = select(AccessApplication).order_by(AccessApplication.applied_on)
    if student_id is not None:
        query = query.where(AccessApplication.student_id == student_id)
    return list(await session.scalars(query))
