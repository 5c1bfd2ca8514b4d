"""Import of classes, students (class membership) and timetables from CSV (S3, S6): one row
per item; every bad row is reported with its reason, and nothing is imported unless every
row is good (one transaction; each row is tried in a savepoint to collect all reasons)."""

import csv
import io
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any, TypeVar
from uuid import UUID

import grpc
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_common.errors import Forbidden, InvalidInput, Problem
from okrug_schedule.calendar.service import get_year, year_on
from okrug_schedule.classes import service as classes
from okrug_schedule.classes.schemas import ClassCreate, MemberAdd
from okrug_schedule.models import Group, Room, SchoolClass, Subject
from okrug_schedule.timetables import service as timetables
from okrug_schedule.timetables.schemas import EntryIn, TimetableCreate

MAX_ROWS = 5000
WEEKDAYS = {
    **{str(n): n for n in range(1, 8)},
    **{name: n for n, name in enumerate(("пн", "вт", "ср", "чт", "пт", "сб", "вс"), 1)},
    **{name: n for n, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), 1)},
}
T = TypeVar("T")


@dataclass
class Report:
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, row: int, column: str, detail: str) -> None:
        self.errors.append({"row": row, "field": f"rows.{row}.{column}", "detail": detail})

    def raise_if_any(self, total: int) -> None:
        if self.errors:
            raise InvalidInput(
                f"{len({e['row'] for e in self.errors})} of {total} rows are invalid; "
                "nothing was imported.",
                extra={"errors": sorted(self.errors, key=lambda e: (e["row"], e["field"]))},
            )


def parse(body: bytes, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """Rows of a CSV file (comma, semicolon or tab separated, UTF-8, header first) with their
    line numbers; cells trimmed."""
    try:
        content = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("The file must be UTF-8 text.", field="file") from None
    lines = content.splitlines()
    if not lines or not lines[0].strip():
        raise InvalidInput("The file is empty: a header row is expected.", field="file")
    header = lines[0]
    delimiter = max((";", ",", "\t"), key=header.count)
    reader = csv.DictReader(io.StringIO(content), delimiter=delimiter)
    try:
        return _rows(reader, required)
    except csv.Error as exc:  # a field over the csv module's size limit, a stray quote
        raise InvalidInput(f"Line {reader.line_num}: {exc}.", field="file") from None


def _rows(
    reader: "csv.DictReader[str]", required: tuple[str, ...]
) -> list[tuple[int, dict[str, str]]]:
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    missing = [c for c in required if c not in columns]
    if missing:
        raise InvalidInput(f"Missing columns: {', '.join(missing)}.", field="file")
    rows = []
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            raise InvalidInput(f"At most {MAX_ROWS} rows per file.", field="file")
        cells = {
            (k or "").strip().lower(): (v or "").strip()
            for k, v in raw.items()
            if not isinstance(v, list)
        }
        if any(cells.values()):
            rows.append((number, cells))
    if not rows:
        raise InvalidInput("The file has no rows.", field="file")
    return rows


async def _attempt(
    session: AsyncSession,
    report: Report,
    row: int,
    action: Callable[[], Awaitable[T]],
    column_of: Callable[[str | None], str] = lambda f: f or "row",
) -> T | None:
    try:
        async with session.begin_nested():
            return await action()
    except Forbidden:
        raise  # a refusal is the whole request's answer, not a bad row
    except Problem as problem:
        report.add(row, column_of(problem.field), problem.detail)
        return None


def _uuid(value: str, row: int, column: str, report: Report) -> UUID | None:
    try:
        return UUID(value)
    except ValueError:
        report.add(row, column, f"'{value}' is not an id.")
        return None


def _validated(model: type[Any], data: dict[str, Any], row: int, report: Report) -> Any | None:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            report.add(row, ".".join(str(p) for p in error["loc"]) or "row", error["msg"])
        return None
    except Problem as problem:
        report.add(row, problem.field or "row", problem.detail)
        return None


async def import_classes(
    session: AsyncSession,
    identity: grpc.aio.Channel,
    principal: Principal,
    body: bytes,
    year_id: UUID | None,
    today: date,
) -> list[SchoolClass]:
    """Columns: grade, letter, class_teacher_id (optional)."""
    rows = parse(body, ("grade", "letter"))
    report = Report()
    created: list[SchoolClass] = []
    for number, cells in rows:
        teacher = cells.get("class_teacher_id") or None
        data = _validated(
            ClassCreate,
            {
                "grade": cells["grade"],
                "letter": cells["letter"],
                "class_teacher_id": teacher,
                "year_id": year_id,
            },
            number,
            report,
        )
        if data is None:
            continue
        made = await _attempt(
            session,
            report,
            number,
            partial(classes.create_class, session, identity, principal, data, today),
        )
        if made is not None:
            created.append(made)
    report.raise_if_any(len(rows))
    return created


async def _classes_by_name(
    session: AsyncSession, year_id: UUID | None, today: date
) -> dict[str, SchoolClass]:
    if year_id is None:
        current = await year_on(session, today)
        if current is None:
            return {}
        year_id = current.id
    else:
        await get_year(session, year_id)
    query = select(SchoolClass).where(SchoolClass.year_id == year_id)
    return {c.name.upper(): c for c in await session.scalars(query)}


async def import_students(
    session: AsyncSession,
    identity: grpc.aio.Channel,
    principal: Principal,
    body: bytes,
    year_id: UUID | None,
    today: date,
) -> int:
    """Columns: student_id, class (e.g. '5А'), since (optional, YYYY-MM-DD)."""
    rows = parse(body, ("student_id", "class"))
    by_name = await _classes_by_name(session, year_id, today)
    report = Report()
    added = 0
    for number, cells in rows:
        school_class = by_name.get(cells["class"].replace(" ", "").upper())
        if school_class is None:
            report.add(number, "class", f"No class {cells['class']} in the year.")
            continue
        data = _validated(
            MemberAdd,
            {"student_id": cells["student_id"], "since": cells.get("since") or None},
            number,
            report,
        )
        if data is None:
            continue
        member = await _attempt(
            session,
            report,
            number,
            partial(classes.add_member, session, identity, principal, school_class.id, data, today),
        )
        added += member is not None
    report.raise_if_any(len(rows))
    return added


async def import_timetable(
    session: AsyncSession,
    identity: grpc.aio.Channel,
    principal: Principal,
    body: bytes,
    *,
    valid_from: date,
    valid_to: date,
    bell_schedule_id: UUID | None,
    year_id: UUID | None,
    today: date,
) -> list[UUID]:
    """Columns: class, weekday (1-7 or пн..вс), period, subject (name), teacher_id, room
    (name, optional), group (name, optional). One draft timetable per class."""
    rows = parse(body, ("class", "weekday", "period", "subject", "teacher_id"))
    by_name = await _classes_by_name(session, year_id, today)
    subjects = {s.name.casefold(): s for s in await session.scalars(select(Subject))}
    rooms = {r.name.casefold(): r for r in await session.scalars(select(Room))}
    groups = {(g.class_id, g.name.casefold()): g for g in await session.scalars(select(Group))}
    report = Report()
    per_class: dict[UUID, list[tuple[int, EntryIn]]] = defaultdict(list)
    for number, cells in rows:
        school_class = by_name.get(cells["class"].replace(" ", "").upper())
        if school_class is None:
            report.add(number, "class", f"No class {cells['class']} in the year.")
            continue
        weekday = WEEKDAYS.get(cells["weekday"].lower())
        if weekday is None:
            report.add(number, "weekday", f"'{cells['weekday']}' is not a day (1-7, пн-вс).")
        subject = subjects.get(cells["subject"].casefold())
        if subject is None:
            report.add(number, "subject", f"No subject '{cells['subject']}'.")
        room = None
        if cells.get("room"):
            room = rooms.get(cells["room"].casefold())
            if room is None:
                report.add(number, "room", f"No room '{cells['room']}'.")
        group = None
        if cells.get("group"):
            group = groups.get((school_class.id, cells["group"].casefold()))
            if group is None:
                report.add(number, "group", f"No group '{cells['group']}' in {school_class.name}.")
        teacher = _uuid(cells["teacher_id"], number, "teacher_id", report)
        if None in (weekday, subject, teacher) or (cells.get("room") and room is None):
            continue
        if cells.get("group") and group is None:
            continue
        assert subject is not None
        entry = _validated(
            EntryIn,
            {
                "weekday": weekday,
                "period": cells["period"],
                "subject_id": subject.id,
                "teacher_id": teacher,
                "room_id": room.id if room else None,
                "group_id": group.id if group else None,
            },
            number,
            report,
        )
        if entry is not None:
            per_class[school_class.id].append((number, entry))
    created: list[UUID] = []
    for class_id, numbered in per_class.items():
        lines = [n for n, _ in numbered]
        data = TimetableCreate(
            class_id=class_id,
            valid_from=valid_from,
            valid_to=valid_to,
            bell_schedule_id=bell_schedule_id,
            entries=[e for _, e in numbered],
        )
        try:
            async with session.begin_nested():
                timetable = await timetables.create_draft(session, identity, principal, data)
                created.append(timetable.id)
        except Forbidden:
            raise  # a refusal is the whole request's answer, not a bad row
        except Problem as problem:
            row, name = _entry_row(problem.field, lines)
            report.add(row, name, problem.detail)
    report.raise_if_any(len(rows))
    return created


def _entry_row(field: str | None, lines: list[int]) -> tuple[int, str]:
    """entries.3.teacher_id of a class's draft -> (its line in the file, teacher_id)."""
    parts = (field or "").split(".")
    if len(parts) >= 2 and parts[0] == "entries" and parts[1].isdigit():
        return lines[int(parts[1])], ".".join(parts[2:]) or "row"
    return lines[0], field or "row"
