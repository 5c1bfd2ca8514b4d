"""The read audit's log (X2): the staff reads every service reports
(okrug.<service>.personal_data.read), kept per school; searched by the school's head and,
across schools, by the district admin (JSON, XLSX); and a parent's view of who read their
child's record."""

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.common.v1 import read_audit_pb2
from okrug_common.auth import Principal
from okrug_common.errors import Forbidden, InvalidInput, NotFound
from okrug_common.read_audit import KIND_TITLES
from okrug_identity.activity.service import school_zone
from okrug_identity.models import GuardianLink, Person, ReadAuditEntry, School
from okrug_identity.read_audit.schemas import ChildRead, ReadAuditSettings, ReadRecord

# Who searches a school's log; the district admin searches every school's.
MAX_ROWS = 50_000
_TITLES = {kind.value: title for kind, title in KIND_TITLES.items()}


async def on_personal_data_read(
    session: AsyncSession, event: read_audit_pb2.PersonalDataRead
) -> None:
    """Store a service's report of a staff read (the consumer runs in the event's school)."""
    school_id = UUID(event.context.school_id)
    reader_id = UUID(event.context.actor_person_id)
    persons = [UUID(p) for p in event.person_ids]
    if set(persons) <= await _children_of(session, school_id, reader_id):
        return  # a parent on the staff reading only their own children: not a staff read
    reader = await session.get(Person, (school_id, reader_id))
    session.add(
        ReadAuditEntry(
            school_id=school_id,
            id=UUID(event.context.event_id),
            read_at=event.context.occurred_at.ToDatetime(tzinfo=UTC),
            reader_id=reader_id,
            reader_name=_full_name(reader) if reader else None,
            reader_roles=list(event.reader_roles),
            service=event.service,
            kind=event.kind,
            endpoint=event.endpoint,
            persons=persons,
            client_address=event.client_address or None,
            trace_id=event.trace_id or None,
        )
    )
    await session.flush()


async def _children_of(session: AsyncSession, school_id: UUID, guardian_id: UUID) -> set[UUID]:
    # guardian_links has a self policy besides the tenant's: the school is named (CONVENTIONS).
    rows = await session.scalars(
        select(GuardianLink.student_id).where(
            GuardianLink.school_id == school_id, GuardianLink.guardian_id == guardian_id
        )
    )
    return set(rows)


def _full_name(person: Person) -> str:
    return " ".join(p for p in (person.last_name, person.first_name, person.middle_name) if p)


def searched_school(
    principal: Principal, school_id: UUID | None, *, across_schools: bool
) -> UUID | None:
    """The school whose log the principal searches; None: every school (the district
    admin, whose transaction reads across schools through the district policy)."""
    if across_schools:
        return school_id
    own = principal.require_school()
    if school_id not in (None, own):
        raise Forbidden("This is another school's read audit.")
    return own


@dataclass(frozen=True)
class ReadFilters:
    school_id: UUID | None = None
    reader_id: UUID | None = None
    person_id: UUID | None = None
    kind: str | None = None
    trace_id: str | None = None
    date_from: date | None = None
    date_to: date | None = None


async def _bounds(
    session: AsyncSession, filters: ReadFilters
) -> tuple[datetime | None, datetime | None]:
    """The date range as moments: days of the school's time zone, or UTC days when the
    district searches every school."""
    if filters.date_from and filters.date_to and filters.date_to < filters.date_from:
        raise InvalidInput("date_to is before date_from.", field="date_to")
    zone = await school_zone(session, filters.school_id) if filters.school_id else ZoneInfo("UTC")

    def moment(day: date | None, days_after: int = 0) -> datetime | None:
        if day is None:
            return None
        start = datetime.combine(day + timedelta(days=days_after), time(0), tzinfo=zone)
        return start.astimezone(UTC)

    return moment(filters.date_from), moment(filters.date_to, 1)


async def _query(session: AsyncSession, filters: ReadFilters) -> Select[ReadAuditEntry]:
    query = select(ReadAuditEntry).order_by(ReadAuditEntry.read_at.desc(), ReadAuditEntry.id)
    if filters.school_id is not None:
        query = query.where(ReadAuditEntry.school_id == filters.school_id)
    if filters.reader_id is not None:
        query = query.where(ReadAuditEntry.reader_id == filters.reader_id)
    if filters.person_id is not None:
        query = query.where(ReadAuditEntry.persons.contains([filters.person_id]))
    if filters.kind is not None:
        query = query.where(ReadAuditEntry.kind == filters.kind)
    if filters.trace_id is not None:
        query = query.where(ReadAuditEntry.trace_id == filters.trace_id)
    since, until = await _bounds(session, filters)
    if since is not None:
        query = query.where(ReadAuditEntry.read_at >= since)
    if until is not None:
        query = query.where(ReadAuditEntry.read_at < until)
    return query


def _record(entry: ReadAuditEntry) -> ReadRecord:
    return ReadRecord.model_validate(entry, from_attributes=True)


async def search(
    session: AsyncSession, filters: ReadFilters, *, limit: int, offset: int
) -> tuple[list[ReadRecord], int | None]:
    """A page of the reads, newest first, and the offset of the next page."""
    query = (await _query(session, filters)).limit(limit + 1).offset(offset)
    found = [_record(e) for e in await session.scalars(query)]
    return found[:limit], offset + limit if len(found) > limit else None


async def search_all(session: AsyncSession, filters: ReadFilters) -> list[ReadRecord]:
    return [
        _record(e) for e in await session.scalars((await _query(session, filters)).limit(MAX_ROWS))
    ]


HEADERS = (
    "Когда (UTC) / When (UTC)",
    "Кто читал / Reader",
    "ID читателя / Reader id",
    "Роли / Roles",
    "Школа / School",
    "Что / What",
    "Запрос / Endpoint",
    "Чьи данные / Persons",
    "Сколько / Count",
    "Откуда / Client address",
    "Трассировка / Trace id",
)


def to_xlsx(records: list[ReadRecord]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Чтение данных"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r in records:
        sheet.append(
            (
                r.read_at.astimezone(UTC).replace(tzinfo=None),
                r.reader_name or "",
                str(r.reader_id),
                ", ".join(r.reader_roles),
                str(r.school_id),
                _TITLES.get(r.kind, r.kind),
                r.endpoint,
                ", ".join(str(p) for p in r.persons),
                len(r.persons),
                r.client_address or "",
                r.trace_id or "",
            )
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def child_reads(
    session: AsyncSession, principal: Principal, student_id: UUID, *, limit: int, offset: int
) -> list[ChildRead]:
    """Staff reads of the child's record, newest first, for the child's parent: the roles,
    what and when; names only where the school shows them (reads by the parent themself, a
    member of staff too, are left out)."""
    school_id = principal.require_school()
    parent = principal.require_person()
    school = await session.get(School, school_id)
    with_names = bool(school and school.reader_names_for_parents)
    entries = await session.scalars(
        select(ReadAuditEntry)
        .where(
            ReadAuditEntry.school_id == school_id,
            ReadAuditEntry.persons.contains([student_id]),
            ReadAuditEntry.reader_id != parent,
        )
        .order_by(ReadAuditEntry.read_at.desc(), ReadAuditEntry.id)
        .limit(limit)
        .offset(offset)
    )
    return [
        ChildRead(
            read_at=e.read_at,
            reader_roles=e.reader_roles,
            kind=e.kind,
            kind_title=_TITLES.get(e.kind, e.kind),
            reader_name=e.reader_name if with_names else None,
        )
        for e in entries
    ]


async def _school(session: AsyncSession, school_id: UUID) -> School:
    school = await session.get(School, school_id)
    if school is None:
        raise NotFound(f"No school {school_id}.")
    return school


async def settings(session: AsyncSession, school_id: UUID) -> ReadAuditSettings:
    school = await _school(session, school_id)
    return ReadAuditSettings(reader_names_for_parents=school.reader_names_for_parents)


async def change_settings(
    session: AsyncSession, school_id: UUID, data: ReadAuditSettings
) -> ReadAuditSettings:
    school = await _school(session, school_id)
    school.reader_names_for_parents = data.reader_names_for_parents
    await session.flush()
    return ReadAuditSettings(reader_names_for_parents=school.reader_names_for_parents)
