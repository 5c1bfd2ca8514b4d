from uuid import UUID

from fastapi import APIRouter, Response, status

from okrug_common.http import SessionDep
from okrug_schedule import access
from okrug_schedule.calendar import service
from okrug_schedule.calendar.schemas import (
    AssessmentRuleRead,
    AssessmentRules,
    CalendarIn,
    DistrictCalendarRead,
    HolidayIn,
    HolidayRead,
    PeriodIn,
    PeriodRead,
    YearCreate,
    YearDetail,
    YearRead,
)
from okrug_schedule.models import (
    AcademicYear,
    AssessmentRule,
    DistrictCalendar,
    Holiday,
    HolidayKind,
    PeriodKind,
    StudyPeriod,
)

router = APIRouter(tags=["calendar"])


def year_read(year: AcademicYear) -> YearRead:
    return YearRead(
        id=year.id,
        name=year.name,
        starts_on=year.starts_on,
        ends_on=year.ends_on,
        status=year.status,
        default_period_kind=PeriodKind(year.default_period_kind),
        working_days_per_week=year.working_days_per_week,
        closed_at=year.closed_at,
        next_year_id=year.next_year_id,
    )


def period_read(period: StudyPeriod) -> PeriodRead:
    return PeriodRead(
        id=period.id,
        kind=PeriodKind(period.kind),
        number=period.number,
        name=period.name,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
    )


def holiday_read(holiday: Holiday) -> HolidayRead:
    return HolidayRead(
        id=holiday.id,
        kind=HolidayKind(holiday.kind),
        name=holiday.name,
        starts_on=holiday.starts_on,
        ends_on=holiday.ends_on,
    )


def rule_read(rule: AssessmentRule) -> AssessmentRuleRead:
    return AssessmentRuleRead(
        grade=rule.grade, subject_id=rule.subject_id, period_kind=PeriodKind(rule.period_kind)
    )


async def _detail(session: SessionDep, year: AcademicYear) -> YearDetail:
    return YearDetail(
        **year_read(year).model_dump(),
        periods=[period_read(p) for p in await service.periods_of(session, year.id)],
        holidays=[holiday_read(h) for h in await service.holidays_of(session, year.id)],
        assessment=[rule_read(r) for r in await service.rules_of(session, year.id)],
    )


@router.post("/years", status_code=status.HTTP_201_CREATED, response_model=YearDetail)
async def create_year(
    data: YearCreate, principal: access.StructureWriter, session: SessionDep
) -> YearDetail:
    year = await service.create_year(session, principal.require_school(), data, principal.person_id)
    return await _detail(session, year)


@router.get("/years", response_model=list[YearRead])
async def list_years(principal: access.StructureReader, session: SessionDep) -> list[YearRead]:
    return [year_read(y) for y in await service.list_years(session)]


@router.get("/years/{year_id}", response_model=YearDetail)
async def get_year(
    year_id: UUID, principal: access.StructureReader, session: SessionDep
) -> YearDetail:
    return await _detail(session, await service.get_year(session, year_id))


@router.post(
    "/years/{year_id}/periods", status_code=status.HTTP_201_CREATED, response_model=PeriodRead
)
async def add_period(
    year_id: UUID, data: PeriodIn, principal: access.StructureWriter, session: SessionDep
) -> PeriodRead:
    return period_read(await service.add_period(session, year_id, data, principal.person_id))


@router.post(
    "/years/{year_id}/holidays", status_code=status.HTTP_201_CREATED, response_model=HolidayRead
)
async def add_holiday(
    year_id: UUID, data: HolidayIn, principal: access.StructureWriter, session: SessionDep
) -> HolidayRead:
    return holiday_read(await service.add_holiday(session, year_id, data, principal.person_id))


@router.delete("/years/{year_id}/holidays/{holiday_id}", status_code=204)
async def delete_holiday(
    year_id: UUID, holiday_id: UUID, principal: access.StructureWriter, session: SessionDep
) -> Response:
    await service.delete_holiday(session, year_id, holiday_id, principal.person_id)
    return Response(status_code=204)


@router.put("/years/{year_id}/assessment", response_model=list[AssessmentRuleRead])
async def set_assessment(
    year_id: UUID, data: AssessmentRules, principal: access.StructureWriter, session: SessionDep
) -> list[AssessmentRuleRead]:
    rules = await service.set_assessment_rules(session, year_id, data.rules)
    return [rule_read(r) for r in rules]


def district_read(calendar: DistrictCalendar) -> DistrictCalendarRead:
    return DistrictCalendarRead(
        id=calendar.id,
        name=calendar.name,
        starts_on=calendar.starts_on,
        ends_on=calendar.ends_on,
        default_period_kind=PeriodKind(calendar.default_period_kind),
        working_days_per_week=calendar.working_days_per_week,
        periods=[PeriodIn.model_validate(p) for p in calendar.periods],
        holidays=[HolidayIn.model_validate(h) for h in calendar.holidays],
        published_at=calendar.published_at,
    )


@router.post(
    "/district-calendars",
    status_code=status.HTTP_201_CREATED,
    response_model=DistrictCalendarRead,
)
async def publish_district_calendar(
    data: CalendarIn, principal: access.DistrictCalendarWriter, session: SessionDep
) -> DistrictCalendarRead:
    calendar = await service.publish_district_calendar(session, data, principal.person_id)
    return district_read(calendar)


@router.get("/district-calendars", response_model=list[DistrictCalendarRead])
async def list_district_calendars(
    principal: access.DistrictCalendarReader, session: SessionDep
) -> list[DistrictCalendarRead]:
    return [district_read(c) for c in await service.list_district_calendars(session)]
