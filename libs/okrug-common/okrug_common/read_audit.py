"""Read audit (X2: every read of a student's record by staff is auditable): who read
which persons' data, in which roles and school, what, when, from where, under which trace.

An endpoint that answers with persons' data declares what it reads in its signature, and the
declaration does the recording:

    @router.get("/lessons/{lesson_id}/marks")
    async def lesson_marks(..., audit: Annotated[ReadAudit, audited(ReadKind.MARKS)]):
        marks = ...
        audit.covers(m.student_id for m in marks)  # a bulk read: whom the answer holds
        return marks

A `person_id` or `student_id` in the path is covered without a word. Once the endpoint has
returned, a staff reader's read becomes one event, okrug.<service>.personal_data.read, added
to the outbox in the request's transaction: it commits with the request or not at all.
Identity consumes every service's such events into the searchable log. The declaration shows
in the OpenAPI document as `x-okrug-read-audit` (the access matrix checks every route that
answers with a person's data against it).

Not recorded: a reader without a staff role (a student, a parent: their family's own data),
a person reading only themself, a request that failed. Identity drops, when it stores the
event, a staff member's read of nothing but their own children.
"""

from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from uuid import UUID

from fastapi import Depends, Request
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.common.v1 import read_audit_pb2
from okrug_common.auth import Principal
from okrug_common.db import TENANT_SCHOOL
from okrug_common.event_catalog import CATALOGS, Event
from okrug_common.http import READ_AUDIT_KIND, PrincipalDep, SessionDep, runtime_of
from okrug_common.outbox import emit
from okrug_common.roles import DISTRICT_ROLES, SCHOOL_STAFF_ROLES
from okrug_common.telemetry import current_trace_id


class ReadKind(StrEnum):
    """What a read was of, as the log and a parent's view name it."""

    PERSONS = "persons"  # a person's card, the school's list of people
    PERSONAL_DATA = "personal-data"
    CONSENTS = "consents"
    CREDENTIALS = "credentials"  # credential slips and their issue log
    ACCESS_APPLICATIONS = "access-applications"
    MOVEMENTS = "movements"  # enrolment, transfer, withdrawal
    ACTIVITY = "activity"  # sign-ins and days of use
    CLASS_LISTS = "class-lists"  # who is in a class, a group, a lesson
    LESSONS = "lessons"  # a lesson's record: attendance and marks of its students
    MARKS = "marks"
    ATTENDANCE = "attendance"  # absences, lates, absence notes
    PERIOD_MARKS = "period-marks"
    MARK_CHANGES = "mark-changes"
    DIARY = "diary"
    SUMMARIES = "summaries"
    REPORTS = "reports"
    PAPER_IMPORT = "paper-import"  # the template with the class's roster


KIND_TITLES: dict[ReadKind, str] = {
    ReadKind.PERSONS: "Карточка / Person card",
    ReadKind.PERSONAL_DATA: "Персональные данные / Personal data",
    ReadKind.CONSENTS: "Согласия / Consents",
    ReadKind.CREDENTIALS: "Учётные данные / Credentials",
    ReadKind.ACCESS_APPLICATIONS: "Заявления на доступ / Access applications",
    ReadKind.MOVEMENTS: "Движение / Movements",
    ReadKind.ACTIVITY: "Активность / Activity",
    ReadKind.CLASS_LISTS: "Списки класса / Class lists",
    ReadKind.LESSONS: "Урок / Lesson",
    ReadKind.MARKS: "Отметки / Marks",
    ReadKind.ATTENDANCE: "Посещаемость / Attendance",
    ReadKind.PERIOD_MARKS: "Итоговые отметки / Period marks",
    ReadKind.MARK_CHANGES: "Изменения отметок / Mark changes",
    ReadKind.DIARY: "Дневник / Diary",
    ReadKind.SUMMARIES: "Сводные ведомости / Summary sheets",
    ReadKind.REPORTS: "Отчёты / Reports",
    ReadKind.PAPER_IMPORT: "Шаблон переноса / Paper journal template",
}

# Whose reads are recorded: the school's staff and the district's roles.
READER_ROLES = SCHOOL_STAFF_ROLES | DISTRICT_ROLES
# Path parameters naming the one person a route reads.
PERSON_PARAMETERS = frozenset({"person_id", "student_id"})


# Each service's event of a read, on its own stream (event_catalog).
READ_EVENTS: dict[str, Event[read_audit_pb2.PersonalDataRead]] = {
    catalog.PERSONAL_DATA_READ.producer: catalog.PERSONAL_DATA_READ for catalog in CATALOGS
}


@dataclass
class ReadAudit:
    """What one request read: filled in by the endpoint, recorded once it has returned."""

    kind: ReadKind
    persons: set[UUID] = field(default_factory=set)

    def covers(self, persons: Iterable[UUID | None]) -> None:
        self.persons.update(p for p in persons if p is not None)


async def record_read(
    session: AsyncSession,
    outbox: Table,
    principal: Principal,
    *,
    service: str,
    kind: ReadKind,
    endpoint: str,
    persons: Iterable[UUID],
    client_address: str | None,
) -> UUID | None:
    """Add the read to the outbox of the session's transaction, in the school the transaction
    is scoped to; returns the event id, or None when the read is not a staff read."""
    roles = principal.roles & READER_ROLES
    others = set(persons) - {principal.person_id}
    if not roles or not others or principal.person_id is None:
        return None
    school_id = session.info.get(TENANT_SCHOOL)
    if school_id is None:
        raise RuntimeError(f"{endpoint}: a read of persons' data outside a school's transaction")
    message = read_audit_pb2.PersonalDataRead(
        reader_roles=sorted(roles),
        service=service,
        kind=kind.value,
        endpoint=endpoint,
        person_ids=sorted(str(p) for p in others),
        client_address=client_address or "",
        trace_id=current_trace_id() or "",
    )
    return await emit(
        session,
        outbox,
        event=READ_EVENTS[service],
        message=message,
        school_id=school_id,
        actor_id=principal.person_id,
    )


def _endpoint(request: Request, service: str) -> str:
    """The route as the OpenAPI document names it (FastAPI keeps the route of an included
    router without the service's prefix)."""
    path = str(getattr(request.scope.get("route"), "path", request.url.path))
    prefix = f"/{service}"
    return f"{request.method} {path if path.startswith(prefix + '/') else prefix + path}"


def _path_persons(request: Request) -> list[UUID]:
    # Read after the endpoint returned: FastAPI has validated the path parameters by then.
    return [UUID(str(v)) for k, v in request.path_params.items() if k in PERSON_PARAMETERS]


def audited(kind: ReadKind) -> Any:
    """The dependency an endpoint declares to have its staff reads recorded as `kind`."""

    async def read_audit(
        request: Request, principal: PrincipalDep, session: SessionDep
    ) -> AsyncIterator[ReadAudit]:
        audit = ReadAudit(kind)
        yield audit  # an endpoint that raises ends here: nothing was read
        runtime = runtime_of(request)
        outbox = runtime.definition.outbox
        assert outbox is not None, f"{runtime.definition.name} has no outbox for its read audit"
        audit.covers(_path_persons(request))
        await record_read(
            session,
            outbox,
            principal,
            service=runtime.definition.name,
            kind=kind,
            endpoint=_endpoint(request, runtime.definition.name),
            persons=audit.persons,
            client_address=request.client.host if request.client else None,
        )

    setattr(read_audit, READ_AUDIT_KIND, kind)
    read_audit.__name__ = f"read_audit_{kind.value.replace('-', '_')}"
    return Depends(read_audit, scope="function")
