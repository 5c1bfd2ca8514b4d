"""Usage monitoring (I7): the sign-in log (Keycloak's LOGIN events, copied per school) and
days of active use, and the monthly activity report per school by role."""

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from sqlalchemy import literal_column, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.common.v1 import common_pb2
from okrug.identity.v1 import identity_pb2
from okrug_common.errors import InvalidInput, Unavailable
from okrug_common.event_catalog import IdentityEvents
from okrug_common.outbox import emit
from okrug_identity.accounts.directory import AccountDirectory
from okrug_identity.accounts.keycloak import DirectoryError
from okrug_identity.activity.schemas import ActivityReport, PersonActivity, RoleActivity
from okrug_identity.models import ActivityDay, Person, RoleGrant, School, SignIn, outbox

REPORT_ROLES = {
    "teacher": "Учителя / Teachers",
    "class-teacher": "Классные руководители / Class teachers",
    "parent": "Родители / Parents",
    "student": "Обучающиеся / Students",
}
DEFAULT_ACTIVE_DAYS = 4


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, value: str) -> "Month":
        try:
            year, month = (int(x) for x in value.split("-"))
            date(year, month, 1)
        except ValueError:
            raise InvalidInput("month must look like 2026-09.", field="month") from None
        return cls(year, month)

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        start = datetime(self.year, self.month, 1, tzinfo=zone)
        following = Month(self.year + self.month // 12, self.month % 12 + 1)
        end = datetime(following.year, following.month, 1, tzinfo=zone)
        return start.astimezone(UTC), end.astimezone(UTC)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


async def record_use(
    session: AsyncSession, school_id: UUID, person_id: UUID, roles: list[str]
) -> None:
    """A day of active use (an authenticated call that identity sees, e.g. /me). The first
    of the day is a fact for oversight's usage (O4): PersonActive, with the person's roles."""
    now = datetime.now(UTC)
    zone = await school_zone(session, school_id)
    day = now.astimezone(zone).date()
    statement = insert(ActivityDay).values(
        school_id=school_id, person_id=person_id, day=day, requests=1, last_seen_at=now
    )
    # xmax is 0 on a row this statement inserted, set on one it updated.
    first_today = await session.scalar(
        statement.on_conflict_do_update(
            index_elements=["school_id", "person_id", "day"],
            set_={"requests": ActivityDay.requests + 1, "last_seen_at": now},
        ).returning(literal_column("xmax = 0"))
    )
    if first_today:
        await emit(
            session,
            outbox,
            event=IdentityEvents.PERSON_ACTIVE,
            message=identity_pb2.PersonActive(
                person_id=str(person_id),
                day=common_pb2.Date(year=day.year, month=day.month, day=day.day),
                roles=roles,
            ),
            school_id=school_id,
            actor_id=person_id,
        )


async def school_zone(session: AsyncSession, school_id: UUID) -> ZoneInfo:
    school = await session.get(School, school_id)
    return ZoneInfo(school.time_zone if school else "Europe/Moscow")


async def sync_sign_ins(
    session: AsyncSession,
    directory: AccountDirectory,
    school_id: UUID,
    since: datetime,
    until: datetime,
) -> int:
    """Copy the directory's sign-ins of this school's people into the sign-in log."""
    try:
        found = await directory.sign_in_events(since, until)
    except DirectoryError as exc:
        raise Unavailable("The sign-in log of the identity provider cannot be read.") from exc
    people = set(
        await session.scalars(select(Person.person_id).where(Person.school_id == school_id))
    )
    rows = [
        {
            "school_id": school_id,
            "event_id": e.event_id,
            "person_id": e.user_id,
            "signed_in_at": e.at,
            "client_id": e.client_id,
        }
        for e in found
        if e.user_id in people and (e.school_id is None or e.school_id == school_id)
    ]
    if rows:
        await session.execute(insert(SignIn).values(rows).on_conflict_do_nothing())
    return len(rows)


async def monthly_report(
    session: AsyncSession,
    directory: AccountDirectory,
    school_id: UUID,
    month: Month,
    active_days: int,
    *,
    with_names: bool,
) -> ActivityReport:
    school = await session.get(School, school_id)
    if school is None:
        raise InvalidInput(f"No school {school_id}.", field="school_id")
    zone = ZoneInfo(school.time_zone)
    start, end = month.bounds(zone)
    persons = list(
        await session.scalars(
            select(Person).where(Person.school_id == school_id, Person.created_at < end)
        )
    )
    if persons:
        earliest = min(p.created_at for p in persons) - timedelta(minutes=1)
        await sync_sign_ins(session, directory, school_id, earliest, min(end, datetime.now(UTC)))
    grants: dict[UUID, list[str]] = {}
    for grant in await session.scalars(select(RoleGrant).where(RoleGrant.school_id == school_id)):
        grants.setdefault(grant.person_id, []).append(grant.role)
    ever = set(await session.scalars(select(SignIn.person_id).where(SignIn.signed_in_at < end)))
    month_sign_ins = (
        await session.execute(
            select(SignIn.person_id, SignIn.signed_in_at).where(
                SignIn.signed_in_at >= start, SignIn.signed_in_at < end
            )
        )
    ).all()
    counts: dict[UUID, int] = {}
    last: dict[UUID, datetime] = {}
    days: dict[UUID, set[date]] = {}
    for person_id, at in month_sign_ins:
        counts[person_id] = counts.get(person_id, 0) + 1
        last[person_id] = max(last.get(person_id, at), at)
        days.setdefault(person_id, set()).add(at.astimezone(zone).date())
    use = await session.execute(
        select(ActivityDay.person_id, ActivityDay.day).where(
            ActivityDay.day >= start.astimezone(zone).date(),
            ActivityDay.day < end.astimezone(zone).date(),
        )
    )
    for person_id, day in use.all():
        days.setdefault(person_id, set()).add(day)

    def entry(p: Person) -> PersonActivity:
        return PersonActivity(
            person_id=p.person_id,
            name=" ".join(x for x in (p.last_name, p.first_name, p.middle_name) if x),
            username=p.username,
            roles=sorted(grants.get(p.person_id, [])),
            sign_ins=counts.get(p.person_id, 0),
            days_of_use=len(days.get(p.person_id, ())),
            last_sign_in=last.get(p.person_id),
        )

    roles = []
    for role, title in REPORT_ROLES.items():
        holders = [p for p in persons if role in grants.get(p.person_id, [])]
        roles.append(
            RoleActivity(
                role=role,
                title=title,
                persons=len(holders),
                signed_in=sum(1 for p in holders if p.person_id in counts),
                active=sum(1 for p in holders if len(days.get(p.person_id, ())) >= active_days),
                never_signed_in=sum(1 for p in holders if p.person_id not in ever),
            )
        )
    in_report = [p for p in persons if set(grants.get(p.person_id, [])) & set(REPORT_ROLES)]
    ordered = sorted(in_report, key=lambda p: (p.last_name, p.first_name))
    return ActivityReport(
        school_id=school_id,
        school_name=school.name,
        month=str(month),
        time_zone=school.time_zone,
        active_days=active_days,
        roles=roles,
        never_signed_in=[entry(p) for p in ordered if p.person_id not in ever]
        if with_names
        else None,
        active=[entry(p) for p in ordered if len(days.get(p.person_id, ())) >= active_days]
        if with_names
        else None,
        generated_at=datetime.now(UTC),
    )


async def person_month(
    session: AsyncSession, person_id: UUID, school_id: UUID, month: Month
) -> tuple[list[datetime], list[date]]:
    zone = await school_zone(session, school_id)
    start, end = month.bounds(zone)
    sign_ins = list(
        await session.scalars(
            select(SignIn.signed_in_at)
            .where(
                SignIn.person_id == person_id,
                SignIn.signed_in_at >= start,
                SignIn.signed_in_at < end,
            )
            .order_by(SignIn.signed_in_at)
        )
    )
    used = set(
        await session.scalars(
            select(ActivityDay.day).where(
                ActivityDay.person_id == person_id,
                ActivityDay.day >= start.astimezone(zone).date(),
                ActivityDay.day < end.astimezone(zone).date(),
            )
        )
    )
    used |= {at.astimezone(zone).date() for at in sign_ins}
    return sign_ins, sorted(used)


def to_xlsx(report: ActivityReport) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Активность"
    bold = Font(bold=True)
    sheet.append([f"Отчёт об активности за {report.month}: {report.school_name}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([f"Активен: не меньше {report.active_days} дн. работы в месяце"])
    sheet.append([])
    sheet.append(["Роль", "Всего", "Входили в месяце", "Активны", "Ни разу не входили"])
    for cell in sheet[4]:
        cell.font = bold
    for row in report.roles:
        sheet.append([row.title, row.persons, row.signed_in, row.active, row.never_signed_in])
    sheet.column_dimensions["A"].width = 42
    for column in "BCDE":
        sheet.column_dimensions[column].width = 20
    for title, people in (
        ("Не входили", report.never_signed_in),
        ("Активные", report.active),
    ):
        if people is None:
            continue
        listing = book.create_sheet(title)
        listing.append(["ФИО", "Логин", "Роли", "Входов в месяце", "Дней работы", "Последний вход"])
        for cell in listing[1]:
            cell.font = bold
        for p in people:
            listing.append(
                [
                    p.name,
                    p.username,
                    ", ".join(p.roles),
                    p.sign_ins,
                    p.days_of_use,
                    p.last_sign_in.astimezone(ZoneInfo(report.time_zone)).replace(tzinfo=None)
                    if p.last_sign_in
                    else None,
                ]
            )
        listing.column_dimensions["A"].width = 36
        listing.column_dimensions["B"].width = 24
        listing.column_dimensions["C"].width = 30
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
