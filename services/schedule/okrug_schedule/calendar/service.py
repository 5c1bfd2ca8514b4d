"""Academic years, study periods, holidays and assessment rules (S1); the district's default
calendars; the read-only rule of archived years (I6)."""

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID, uuid4

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.common.v1 import common_pb2
from okrug.schedule.v1 import schedule_pb2
from okrug_common.errors import Conflict, InvalidInput, NotFound
from okrug_common.event_catalog import ScheduleEvents
from okrug_common.outbox import emit
from okrug_schedule.calendar.schemas import (
    AssessmentRuleIn,
    CalendarIn,
    HolidayIn,
    PeriodIn,
    YearCreate,
    check_periods,
    check_within,
)
from okrug_schedule.models import (
    DISTRICT_SCHOOL_ID,
    AcademicYear,
    AssessmentRule,
    DistrictCalendar,
    Holiday,
    HolidayKind,
    PeriodKind,
    SchoolClass,
    StudyPeriod,
    Subject,
    YearStatus,
    outbox,
)

PERIOD_KINDS = {
    PeriodKind.TERM.value: schedule_pb2.STUDY_PERIOD_KIND_TERM,
    PeriodKind.TRIMESTER.value: schedule_pb2.STUDY_PERIOD_KIND_TRIMESTER,
    PeriodKind.HALF_YEAR.value: schedule_pb2.STUDY_PERIOD_KIND_HALF_YEAR,
    PeriodKind.YEAR.value: schedule_pb2.STUDY_PERIOD_KIND_YEAR,
}
HOLIDAY_KINDS = {
    HolidayKind.VACATION.value: schedule_pb2.HOLIDAY_KIND_VACATION,
    HolidayKind.HOLIDAY.value: schedule_pb2.HOLIDAY_KIND_HOLIDAY,
    HolidayKind.DAY_OFF.value: schedule_pb2.HOLIDAY_KIND_DAY_OFF,
}
YEAR_STATUSES = {
    YearStatus.OPEN.value: schedule_pb2.YEAR_STATUS_OPEN,
    YearStatus.ARCHIVED.value: schedule_pb2.YEAR_STATUS_ARCHIVED,
}


async def get_year(
    session: AsyncSession, year_id: UUID, *, for_update: bool = False
) -> AcademicYear:
    query = select(AcademicYear).where(AcademicYear.id == year_id)
    if for_update:
        query = query.with_for_update()
    year = await session.scalar(query)
    if year is None:
        raise NotFound(f"No academic year {year_id} in this school.")
    return year


async def list_years(session: AsyncSession) -> list[AcademicYear]:
    return list(await session.scalars(select(AcademicYear).order_by(AcademicYear.starts_on)))


async def year_on(session: AsyncSession, day: date) -> AcademicYear | None:
    return await session.scalar(
        select(AcademicYear).where(AcademicYear.starts_on <= day, AcademicYear.ends_on >= day)
    )


def require_open(year: AcademicYear) -> None:
    if year.status == YearStatus.ARCHIVED:
        raise Conflict(f"The year {year.name} is archived and read-only.", field="year_id")


async def require_open_year(session: AsyncSession, year_id: UUID) -> AcademicYear:
    year = await get_year(session, year_id)
    require_open(year)
    return year


async def require_open_for(session: AsyncSession, school_class: SchoolClass, day: date) -> None:
    """Refuse a change to a class's lessons or membership on a day of an archived year."""
    require_open(await get_year(session, school_class.year_id))
    year = await year_on(session, day)
    if year is not None:
        require_open(year)


async def create_year(
    session: AsyncSession, school_id: UUID, data: YearCreate, actor: UUID | None
) -> AcademicYear:
    calendar = data.calendar
    if data.from_district_calendar_id is not None:
        calendar = await district_calendar_as_input(session, data.from_district_calendar_id)
    assert calendar is not None
    name = calendar.display_name()
    if await session.scalar(select(AcademicYear.id).where(AcademicYear.name == name)):
        raise Conflict(f"The year {name} already exists.", field="calendar.name")
    overlapping = await session.scalar(
        select(AcademicYear).where(
            AcademicYear.starts_on <= calendar.ends_on, AcademicYear.ends_on >= calendar.starts_on
        )
    )
    if overlapping is not None:
        raise Conflict(
            f"The year overlaps {overlapping.name} ({overlapping.starts_on} - "
            f"{overlapping.ends_on}).",
            field="calendar.starts_on",
        )
    year = AcademicYear(
        school_id=school_id,
        id=uuid4(),
        name=name,
        starts_on=calendar.starts_on,
        ends_on=calendar.ends_on,
        status=YearStatus.OPEN.value,
        default_period_kind=calendar.default_period_kind.value,
        working_days_per_week=calendar.working_days_per_week,
    )
    session.add(year)
    await session.flush()
    for period in calendar.periods:
        session.add(_period(year, period))
    for holiday in calendar.holidays:
        session.add(_holiday(year, holiday))
    await session.flush()
    await announce_calendar(session, year, actor)
    return year


def _period(year: AcademicYear, data: PeriodIn) -> StudyPeriod:
    return StudyPeriod(
        school_id=year.school_id,
        id=uuid4(),
        year_id=year.id,
        kind=data.kind.value,
        number=data.number,
        name=data.display_name(),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
    )


def _holiday(year: AcademicYear, data: HolidayIn) -> Holiday:
    return Holiday(
        school_id=year.school_id,
        id=uuid4(),
        year_id=year.id,
        kind=data.kind.value,
        name=data.name.strip(),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
    )


async def periods_of(session: AsyncSession, year_id: UUID) -> list[StudyPeriod]:
    rows = await session.scalars(
        select(StudyPeriod)
        .where(StudyPeriod.year_id == year_id)
        .order_by(StudyPeriod.kind, StudyPeriod.starts_on)
    )
    return list(rows)


async def holidays_of(session: AsyncSession, year_id: UUID) -> list[Holiday]:
    rows = await session.scalars(
        select(Holiday).where(Holiday.year_id == year_id).order_by(Holiday.starts_on)
    )
    return list(rows)


async def rules_of(session: AsyncSession, year_id: UUID) -> list[AssessmentRule]:
    rows = await session.scalars(
        select(AssessmentRule)
        .where(AssessmentRule.year_id == year_id)
        .order_by(AssessmentRule.grade, AssessmentRule.subject_id.nulls_first())
    )
    return list(rows)


async def add_period(
    session: AsyncSession, year_id: UUID, data: PeriodIn, actor: UUID | None
) -> StudyPeriod:
    year = await require_open_year(session, year_id)
    existing = await periods_of(session, year_id)
    as_input = [
        PeriodIn(kind=PeriodKind(p.kind), number=p.number, starts_on=p.starts_on, ends_on=p.ends_on)
        for p in existing
    ]
    try:
        check_periods([*as_input, data], year.starts_on, year.ends_on, "periods")
    except InvalidInput as problem:
        raise InvalidInput(problem.detail, field="starts_on") from None
    period = _period(year, data)
    session.add(period)
    await session.flush()
    await announce_calendar(session, year, actor)
    return period


async def add_holiday(
    session: AsyncSession, year_id: UUID, data: HolidayIn, actor: UUID | None
) -> Holiday:
    year = await require_open_year(session, year_id)
    check_within(data.starts_on, data.ends_on, _year_like(year), "holiday")
    holiday = _holiday(year, data)
    session.add(holiday)
    await session.flush()
    await announce_calendar(session, year, actor)
    return holiday


async def delete_holiday(
    session: AsyncSession, year_id: UUID, holiday_id: UUID, actor: UUID | None
) -> None:
    year = await require_open_year(session, year_id)
    deleted = await session.execute(
        delete(Holiday).where(Holiday.year_id == year_id, Holiday.id == holiday_id)
    )
    if deleted.rowcount == 0:  # type: ignore[attr-defined]
        raise NotFound(f"No holiday {holiday_id} in this year.")
    await announce_calendar(session, year, actor)


def _proto_date(day: date) -> common_pb2.Date:
    return common_pb2.Date(year=day.year, month=day.month, day=day.day)


def period_message(period: StudyPeriod) -> schedule_pb2.StudyPeriod:
    return schedule_pb2.StudyPeriod(
        study_period_id=str(period.id),
        year_id=str(period.year_id),
        kind=PERIOD_KINDS[period.kind],
        number=period.number,
        name=period.name,
        starts_on=_proto_date(period.starts_on),
        ends_on=_proto_date(period.ends_on),
    )


async def calendar_message(session: AsyncSession, year: AcademicYear) -> schedule_pb2.Calendar:
    """The year as the calendar.changed event and ListCalendars carry it (S1)."""
    periods = sorted(await periods_of(session, year.id), key=lambda p: (p.starts_on, p.kind))
    return schedule_pb2.Calendar(
        year_id=str(year.id),
        name=year.name,
        starts_on=_proto_date(year.starts_on),
        ends_on=_proto_date(year.ends_on),
        status=YEAR_STATUSES[year.status],
        working_days_per_week=year.working_days_per_week,
        study_periods=[period_message(p) for p in periods],
        holidays=[
            schedule_pb2.Holiday(
                kind=HOLIDAY_KINDS[h.kind],
                name=h.name,
                starts_on=_proto_date(h.starts_on),
                ends_on=_proto_date(h.ends_on),
            )
            for h in await holidays_of(session, year.id)
        ],
    )


async def announce_calendar(session: AsyncSession, year: AcademicYear, actor: UUID | None) -> None:
    """Tell the other services the year as it is now: the journal's deadlines, periods and
    working days follow it (S1, one calendar)."""
    await emit(
        session,
        outbox,
        event=ScheduleEvents.CALENDAR_CHANGED,
        message=schedule_pb2.CalendarChanged(calendar=await calendar_message(session, year)),
        school_id=year.school_id,
        actor_id=actor,
    )


def _year_like(year: AcademicYear) -> CalendarIn:
    return CalendarIn(starts_on=year.starts_on, ends_on=year.ends_on)


async def set_assessment_rules(
    session: AsyncSession, year_id: UUID, rules: list[AssessmentRuleIn]
) -> list[AssessmentRule]:
    year = await require_open_year(session, year_id)
    seen: set[tuple[int, UUID | None]] = set()
    for index, rule in enumerate(rules):
        key = (rule.grade, rule.subject_id)
        if key in seen:
            raise InvalidInput("The rule repeats a grade and subject.", field=f"rules.{index}")
        seen.add(key)
        if (
            rule.subject_id is not None
            and await session.get(Subject, (year.school_id, rule.subject_id)) is None
        ):
            raise InvalidInput(f"No subject {rule.subject_id}.", field=f"rules.{index}.subject_id")
    await session.execute(delete(AssessmentRule).where(AssessmentRule.year_id == year_id))
    for rule in rules:
        session.add(
            AssessmentRule(
                school_id=year.school_id,
                id=uuid4(),
                year_id=year_id,
                grade=rule.grade,
                subject_id=rule.subject_id,
                period_kind=rule.period_kind.value,
            )
        )
    await session.flush()
    return await rules_of(session, year_id)


async def assessment_kind(
    session: AsyncSession, year: AcademicYear, grade: int, subject_id: UUID
) -> PeriodKind:
    """The kind of study period a subject of a grade is assessed by: its own rule, else the
    grade's, else the year's default."""
    rules = await session.scalars(
        select(AssessmentRule).where(
            AssessmentRule.year_id == year.id,
            AssessmentRule.grade == grade,
            or_(AssessmentRule.subject_id == subject_id, AssessmentRule.subject_id.is_(None)),
        )
    )
    by_subject = {rule.subject_id: rule.period_kind for rule in rules}
    kind = by_subject.get(subject_id) or by_subject.get(None) or year.default_period_kind
    return PeriodKind(kind)


@dataclass(frozen=True)
class Boundary:
    """Whether a date is at the end of a study period, and if not, the first date that is."""

    allowed: bool
    possible_from: date | None
    period: StudyPeriod | None


async def period_boundary(
    session: AsyncSession, year_id: UUID, kind: PeriodKind, day: date
) -> Boundary:
    """A change may take effect on `day` when day-1 and day are not in the same study period
    of this kind: the first day of a period, or any day between two periods."""
    inside = await session.scalar(
        select(StudyPeriod).where(
            StudyPeriod.year_id == year_id,
            StudyPeriod.kind == kind.value,
            StudyPeriod.starts_on < day,
            StudyPeriod.ends_on >= day,
        )
    )
    if inside is None:
        return Boundary(True, None, None)
    return Boundary(False, inside.ends_on + timedelta(days=1), inside)


async def holiday_dates(session: AsyncSession, year_id: UUID) -> set[date]:
    days: set[date] = set()
    for holiday in await holidays_of(session, year_id):
        day = holiday.starts_on
        while day <= holiday.ends_on:
            days.add(day)
            day += timedelta(days=1)
    return days


async def is_holiday(session: AsyncSession, day: date) -> Holiday | None:
    return await session.scalar(
        select(Holiday).where(Holiday.starts_on <= day, Holiday.ends_on >= day).limit(1)
    )


async def publish_deadline(session: AsyncSession, year_id: UUID, valid_from: date) -> date:
    """Two days before the study period the timetable starts in (S6): of the periods that
    contain its first day, the one that started last (term 2, not the half-year)."""
    containing = await session.scalar(
        select(StudyPeriod.starts_on)
        .where(
            StudyPeriod.year_id == year_id,
            StudyPeriod.starts_on <= valid_from,
            StudyPeriod.ends_on >= valid_from,
        )
        .order_by(StudyPeriod.starts_on.desc())
        .limit(1)
    )
    following = await session.scalar(
        select(StudyPeriod.starts_on)
        .where(StudyPeriod.year_id == year_id, StudyPeriod.starts_on >= valid_from)
        .order_by(StudyPeriod.starts_on)
        .limit(1)
    )
    start = containing or following or valid_from
    return start - timedelta(days=2)


# --- the district's default calendars -----------------------------------------------------


async def publish_district_calendar(
    session: AsyncSession, data: CalendarIn, actor: UUID | None
) -> DistrictCalendar:
    name = data.display_name()
    if await session.scalar(select(DistrictCalendar.id).where(DistrictCalendar.name == name)):
        raise Conflict(f"The district calendar {name} already exists.", field="name")
    calendar = DistrictCalendar(
        school_id=DISTRICT_SCHOOL_ID,
        id=uuid4(),
        name=name,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        default_period_kind=data.default_period_kind.value,
        working_days_per_week=data.working_days_per_week,
        periods=[p.model_dump(mode="json") for p in data.periods],
        holidays=[h.model_dump(mode="json") for h in data.holidays],
        published_by=actor,
    )
    session.add(calendar)
    await session.flush()
    return calendar


async def list_district_calendars(session: AsyncSession) -> list[DistrictCalendar]:
    rows = await session.scalars(
        select(DistrictCalendar)
        .where(DistrictCalendar.school_id == DISTRICT_SCHOOL_ID)
        .order_by(DistrictCalendar.starts_on)
    )
    return list(rows)


async def district_calendar_as_input(session: AsyncSession, calendar_id: UUID) -> CalendarIn:
    calendar = await session.scalar(
        select(DistrictCalendar).where(
            DistrictCalendar.school_id == DISTRICT_SCHOOL_ID, DistrictCalendar.id == calendar_id
        )
    )
    if calendar is None:
        raise InvalidInput(
            f"No district calendar {calendar_id}.", field="from_district_calendar_id"
        )
    return CalendarIn(
        name=calendar.name,
        starts_on=calendar.starts_on,
        ends_on=calendar.ends_on,
        default_period_kind=PeriodKind(calendar.default_period_kind),
        working_days_per_week=calendar.working_days_per_week,
        periods=[PeriodIn.model_validate(p) for p in calendar.periods],
        holidays=[HolidayIn.model_validate(h) for h in calendar.holidays],
    )
