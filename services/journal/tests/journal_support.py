"""Builders for the journal's own tests."""

import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, ClassVar
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import grpc
from pypdf import PdfReader
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug.common.v1 import common_pb2
from okrug.schedule.v1 import schedule_pb2
from okrug_common.auth import Principal
from okrug_common.db import tenant_transaction
from okrug_common.roles import Role
from okrug_common.testing import Service
from okrug_journal.calendar.handlers import on_calendar_changed
from okrug_journal.models import (
    Attendance,
    ClassGrade,
    ClassMemberProjection,
    LessonProjection,
    LessonRecord,
    Mark,
)
from okrug_journal.policy.defaults import DEFAULT_WORK_TYPES, academic_year_start

MOSCOW = ZoneInfo("Europe/Moscow")


def pdf_lines(content: bytes) -> list[str]:
    """The text lines of a PDF, pages in order (a table prints a cell per line)."""
    reader = PdfReader(io.BytesIO(content))
    return [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]


def person(school: UUID, *roles: Role) -> Principal:
    pid = uuid4()
    return Principal(subject=str(pid), person_id=pid, school_id=school, roles=frozenset(roles))


def district_person(*roles: Role) -> Principal:
    """A member of the district's staff: a token without a school (district roles)."""
    pid = uuid4()
    return Principal(subject=str(pid), person_id=pid, school_id=None, roles=frozenset(roles))


def standard_periods(start_year: int) -> list[dict[str, str]]:
    """Four terms, two half-years and the year of an academic year starting 1 September
    (the journal's codes), for tests that need a calendar and do not care which."""
    y, n = start_year, start_year + 1
    bounds = [
        ("term-1", date(y, 9, 1), date(y, 10, 25)),
        ("term-2", date(y, 11, 3), date(y, 12, 28)),
        ("term-3", date(n, 1, 9), date(n, 3, 21)),
        ("term-4", date(n, 3, 30), date(n, 5, 26)),
        ("half-year-1", date(y, 9, 1), date(y, 12, 28)),
        ("half-year-2", date(n, 1, 9), date(n, 5, 26)),
        ("year", date(y, 9, 1), date(n, 5, 26)),
    ]
    return [
        {"code": c, "kind": c.rstrip("-1234"), "starts_on": str(a), "ends_on": str(b)}
        for c, a, b in bounds
    ]


PROTO_KINDS = {
    "term": schedule_pb2.STUDY_PERIOD_KIND_TERM,
    "trimester": schedule_pb2.STUDY_PERIOD_KIND_TRIMESTER,
    "half-year": schedule_pb2.STUDY_PERIOD_KIND_HALF_YEAR,
    "year": schedule_pb2.STUDY_PERIOD_KIND_YEAR,
}


def _proto_date(day: date | str) -> common_pb2.Date:
    day = date.fromisoformat(day) if isinstance(day, str) else day
    return common_pb2.Date(year=day.year, month=day.month, day=day.day)


def calendar_message(
    year_id: UUID,
    periods: list[dict[str, str]],
    holidays: list[date],
    working_days_per_week: int,
) -> schedule_pb2.Calendar:
    """Schedule's calendar of one year as calendar.changed carries it: the periods given by
    the journal's codes ("term-2", "year"), each holiday one day; the year spans them."""
    days = [date.fromisoformat(p[k]) for p in periods for k in ("starts_on", "ends_on")]
    days += holidays
    study_periods = []
    for period in periods:
        kind, _, number = (
            period["code"].rpartition("-") if period["code"] != "year" else ("year", "", "1")
        )
        study_periods.append(
            schedule_pb2.StudyPeriod(
                study_period_id=str(uuid4()),
                year_id=str(year_id),
                kind=PROTO_KINDS[kind],
                number=int(number),
                name=period["code"],
                starts_on=_proto_date(period["starts_on"]),
                ends_on=_proto_date(period["ends_on"]),
            )
        )
    return schedule_pb2.Calendar(
        year_id=str(year_id),
        name="test year",
        starts_on=_proto_date(min(days)),
        ends_on=_proto_date(max(days) + timedelta(days=1)),
        status=schedule_pb2.YEAR_STATUS_OPEN,
        working_days_per_week=working_days_per_week,
        study_periods=study_periods,
        holidays=[
            schedule_pb2.Holiday(
                kind=schedule_pb2.HOLIDAY_KIND_HOLIDAY,
                name="Праздник",
                starts_on=_proto_date(day),
                ends_on=_proto_date(day),
            )
            for day in holidays
        ],
    )


@dataclass
class School:
    """A school with one class (of `grade`), its students, a subject and its teacher."""

    sessions: async_sessionmaker[AsyncSession]
    service: Service
    grade: int = 5
    size: int = 25
    id: UUID = field(default_factory=uuid4)
    class_id: UUID = field(default_factory=uuid4)
    subject_id: UUID = field(default_factory=uuid4)
    students: list[UUID] = field(default_factory=list)
    # The school's academic year in schedule's calendar (set_calendar replaces it).
    year_id: UUID = field(default_factory=uuid4)

    def __post_init__(self) -> None:
        self.teacher = person(self.id, Role.TEACHER)
        self.other_teacher = person(self.id, Role.TEACHER)
        self.admin = person(self.id, Role.SCHOOL_ADMIN)
        self.director = person(self.id, Role.DIRECTOR)
        self.parent = person(self.id, Role.PARENT)

    def auth(self, principal: Principal, **extra: str) -> dict[str, str]:
        return {**self.service.auth(principal), **extra}

    async def setup(self) -> "School":
        self.students = [uuid4() for _ in range(self.size)]
        async with tenant_transaction(self.sessions, self.id) as session:
            session.add(
                ClassGrade(
                    school_id=self.id,
                    class_id=self.class_id,
                    class_name=f"{self.grade}А",
                    grade=self.grade,
                )
            )
            for student in self.students:
                session.add(
                    ClassMemberProjection(
                        school_id=self.id, class_id=self.class_id, student_id=student
                    )
                )
        today = datetime.now(MOSCOW).date()
        await self.set_calendar(standard_periods(academic_year_start(today)))
        return self

    async def set_calendar(
        self,
        periods: list[dict[str, str]],
        holidays: list[date] | None = None,
        working_days_per_week: int = 5,
    ) -> None:
        """Schedule announces the school's year (S1): the journal's calendar.changed
        handler keeps it, as it does on the platform."""
        event = schedule_pb2.CalendarChanged(
            context=common_pb2.EventContext(event_id=str(uuid4()), school_id=str(self.id)),
            calendar=calendar_message(self.year_id, periods, holidays or [], working_days_per_week),
        )
        event.context.occurred_at.FromDatetime(datetime.now(UTC))
        async with tenant_transaction(self.sessions, self.id) as session:
            await on_calendar_changed(session, event)

    async def lesson(self, days_ago: int = 0, teacher: Principal | None = None) -> UUID:
        lesson_id = uuid4()
        day = datetime.now(MOSCOW).date() - timedelta(days=days_ago)
        async with tenant_transaction(self.sessions, self.id) as session:
            session.add(
                LessonProjection(
                    school_id=self.id,
                    lesson_id=lesson_id,
                    class_id=self.class_id,
                    subject_id=self.subject_id,
                    subject_name="Математика",
                    teacher_id=(teacher or self.teacher).person_id,
                    lesson_date=day,
                    starts_at=datetime.combine(day, time(9), tzinfo=MOSCOW).astimezone(UTC),
                )
            )
        return lesson_id

    async def lesson_on(self, day: date) -> UUID:
        lesson_id = uuid4()
        async with tenant_transaction(self.sessions, self.id) as session:
            session.add(
                LessonProjection(
                    school_id=self.id,
                    lesson_id=lesson_id,
                    class_id=self.class_id,
                    subject_id=self.subject_id,
                    subject_name="Математика",
                    teacher_id=self.teacher.person_id,
                    lesson_date=day,
                    starts_at=datetime.combine(day, time(9), tzinfo=MOSCOW).astimezone(UTC),
                )
            )
        return lesson_id

    async def set_policy(self, **policy: object) -> dict[str, object]:
        response = await self.service.http.put(
            "/journal/policy", json=policy, headers=self.auth(self.admin)
        )
        assert response.status_code == 200, response.text
        body: dict[str, object] = response.json()
        return body


class FakeScheduleChannel:
    """Stands in for the gRPC channel to schedule: class members are whatever the journal's
    projection holds (schedule knows no more), lessons it does not know are NOT_FOUND.
    A test sets the curriculum's hours per year of a (class, subject) in `curriculum`,
    schedule's copy of a lesson in `lessons` (GetLesson), a deputy director's grade levels
    in `deputy_grades` (ListDeputyGrades) and a school's years in `calendars`
    (ListCalendars)."""

    curriculum: ClassVar[dict[tuple[UUID, UUID], int]] = {}
    lessons: ClassVar[dict[UUID, object]] = {}
    deputy_grades: ClassVar[dict[UUID, list[int]]] = {}
    calendars: ClassVar[dict[UUID, list[Any]]] = {}

    def unary_unary(self, method: str, *args: object, **kwargs: object) -> object:
        async def call(request: object, **_: object) -> object:
            from okrug.schedule.v1 import schedule_pb2

            if method.endswith("/ListDeputyGrades"):
                deputy = UUID(request.deputy_id)  # type: ignore[attr-defined]
                return schedule_pb2.ListDeputyGradesResponse(
                    grades=self.deputy_grades.get(deputy, [])
                )
            if method.endswith("/ListClassMembers"):
                return schedule_pb2.ListClassMembersResponse(student_ids=[])
            if method.endswith("/ListCalendars"):
                school = UUID(request.school_id)  # type: ignore[attr-defined]
                return schedule_pb2.ListCalendarsResponse(calendars=self.calendars.get(school, []))
            if method.endswith("/GetCurriculumHours"):
                key = (UUID(request.class_id), UUID(request.subject_id))  # type: ignore[attr-defined]
                hours = self.curriculum.get(key)
                return schedule_pb2.GetCurriculumHoursResponse(
                    year_id=str(UUID(int=2026)),
                    year_name="2026/2027",
                    grade=5,
                    in_curriculum=hours is not None,
                    hours_per_week=(hours or 0) / 34,
                    hours_per_year=hours or 0,
                )
            lesson_id = getattr(request, "lesson_id", "")
            lesson = self.lessons.get(UUID(lesson_id)) if lesson_id else None
            if method.endswith("/GetLesson") and lesson is not None:
                return schedule_pb2.GetLessonResponse(lesson=lesson)
            raise grpc.aio.AioRpcError(
                grpc.StatusCode.NOT_FOUND, grpc.aio.Metadata(), grpc.aio.Metadata(), "not found"
            )

        return call

    async def close(self, grace: float | None = None) -> None:
        return None


class FakeIdentityChannel:
    """Stands in for the gRPC channel to identity: the persons and school names a test adds
    (ListPersons, GetPerson), and the guardian links it adds (IsGuardianOf)."""

    def __init__(self) -> None:
        self.persons: dict[tuple[UUID, UUID], tuple[str, str, str]] = {}
        self.school_names: dict[UUID, str] = {}
        self.guardians: set[tuple[UUID, UUID, UUID]] = set()
        self.roles: dict[tuple[UUID, UUID], set[str]] = {}

    def add_person(
        self,
        school: UUID,
        person_id: UUID,
        last: str,
        first: str,
        middle: str = "",
        roles: tuple[str, ...] = (),
    ) -> None:
        self.persons[(school, person_id)] = (last, first, middle)
        self.roles[(school, person_id)] = set(roles)

    def name_school(self, school: UUID, name: str) -> None:
        self.school_names[school] = name

    def _person(self, school: UUID, person_id: UUID) -> Any:
        from okrug.identity.v1 import identity_pb2

        found = self.persons.get((school, person_id))
        if found is None:
            return None
        last, first, middle = found
        return identity_pb2.Person(
            person_id=str(person_id),
            school_id=str(school),
            last_name=last,
            first_name=first,
            middle_name=middle,
        )

    def unary_unary(self, method: str, *args: object, **kwargs: object) -> object:
        async def call(request: object, **_: object) -> object:
            from okrug.identity.v1 import identity_pb2

            school = UUID(getattr(request, "school_id", ""))
            if method.endswith("/ListPersons"):
                found = [self._person(school, UUID(p)) for p in getattr(request, "person_ids", [])]
                return identity_pb2.ListPersonsResponse(
                    persons=[p for p in found if p is not None],
                    school_name=self.school_names.get(school, ""),
                )
            if method.endswith("/ListRoleHolders"):
                wanted = set(getattr(request, "roles", []))
                holders = [
                    self._person(school, p)
                    for (s, p), roles in sorted(self.roles.items(), key=str)
                    if s == school and roles & wanted
                ]
                return identity_pb2.ListRoleHoldersResponse(
                    persons=[p for p in holders if p is not None]
                )
            if method.endswith("/IsGuardianOf"):
                link = (school, UUID(request.guardian_id), UUID(request.student_id))  # type: ignore[attr-defined]
                return identity_pb2.IsGuardianOfResponse(is_guardian=link in self.guardians)
            person = None
            if method.endswith("/GetPerson"):
                person = self._person(school, UUID(request.person_id))  # type: ignore[attr-defined]
            if person is not None:
                return identity_pb2.GetPersonResponse(person=person)
            raise grpc.aio.AioRpcError(
                grpc.StatusCode.NOT_FOUND, grpc.aio.Metadata(), grpc.aio.Metadata(), "not found"
            )

        return call

    async def close(self, grace: float | None = None) -> None:
        return None


DEFAULT_WEIGHTS = {w.code: w.weight for w in DEFAULT_WORK_TYPES}


@dataclass
class JournalEntries:
    """Writes a school's journal straight into its tables, as saved lessons leave them."""

    sessions: async_sessionmaker[AsyncSession]
    school: School

    async def lesson(
        self,
        day: str,
        subject: UUID,
        name: str,
        held: bool | None,
        group: UUID | None = None,
        hour: int = 9,
    ) -> UUID:
        """A lesson of the class on `day`; held None: no lesson record at all."""
        lesson_id, when = uuid4(), date.fromisoformat(day)
        async with tenant_transaction(self.sessions, self.school.id) as session:
            session.add(
                LessonProjection(
                    school_id=self.school.id,
                    lesson_id=lesson_id,
                    class_id=self.school.class_id,
                    class_name="5А",
                    subject_id=subject,
                    subject_name=name,
                    teacher_id=self.school.teacher.person_id,
                    lesson_date=when,
                    starts_at=datetime.combine(when, time(hour), tzinfo=MOSCOW).astimezone(UTC),
                    group_id=group,
                )
            )
            if held is not None:
                session.add(
                    LessonRecord(
                        school_id=self.school.id,
                        lesson_id=lesson_id,
                        work_types=[],
                        held=held,
                        teacher_id=self.school.teacher.person_id,
                        recorded_by=self.school.teacher.person_id,
                    )
                )
        return lesson_id

    async def mark(self, lesson: UUID, student: UUID, value: str, work_type: str) -> None:
        async with tenant_transaction(self.sessions, self.school.id) as session:
            session.add(
                Mark(
                    school_id=self.school.id,
                    id=uuid4(),
                    lesson_id=lesson,
                    student_id=student,
                    scale="five-point",
                    value=value,
                    work_type=work_type,
                    weight=DEFAULT_WEIGHTS[work_type],
                    recorded_by=self.school.teacher.person_id,
                )
            )

    async def attendance(
        self, lesson: UUID, student: UUID, status: str, reason: str | None = None
    ) -> None:
        async with tenant_transaction(self.sessions, self.school.id) as session:
            session.add(
                Attendance(
                    school_id=self.school.id,
                    lesson_id=lesson,
                    student_id=student,
                    status=status,
                    reason=reason,
                    recorded_by=self.school.teacher.person_id,
                )
            )
