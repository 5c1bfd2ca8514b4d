"""Usage (O4): who does real work in the journal, counted per school, day and kind of work.
The kinds (Activity) count persons, each once a day: staff who made lesson entries
(topic, homework, attendance, marks: the entries' timeliness facts, whoever entered them),
class teachers who corrected an absence's reason or wrote an absence note, parents and
students who read the diary; beside the work, who used the platform at all, per role
(identity's PersonActive). The days are the school's (its time zone).

`usage_actors` is the school's own record of who did what on a day (it names persons and
stays with the school); `usage_weeks` holds the counts the district reads: per week
(Monday to Sunday) and kind of work, how many different persons did it."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from enum import StrEnum
from uuid import UUID

from sqlalchemy import Date, delete, distinct, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_common.roles import Role
from okrug_common.runtime import Runtime
from okrug_journal.models import UsageActor, UsageWeek
from okrug_journal.policy.service import school_policy


class Activity(StrEnum):
    LESSON_ENTRIES = "lesson-entries"
    ABSENCE_REASONS = "absence-reasons"
    DIARY_PARENTS = "diary-parents"
    DIARY_STUDENTS = "diary-students"
    # Used the platform that day (identity's PersonActive: it sees the web app's /me after
    # each sign-in), per role held at the school; a person with two roles counts in both.
    ACTIVE_TEACHERS = "active-teachers"
    ACTIVE_CLASS_TEACHERS = "active-class-teachers"
    ACTIVE_LEADERSHIP = "active-leadership"
    ACTIVE_PARENTS = "active-parents"
    ACTIVE_STUDENTS = "active-students"


ACTIVE_BY_ROLE: dict[Role, Activity] = {
    Role.TEACHER: Activity.ACTIVE_TEACHERS,
    Role.CLASS_TEACHER: Activity.ACTIVE_CLASS_TEACHERS,
    Role.DIRECTOR: Activity.ACTIVE_LEADERSHIP,
    Role.DEPUTY_DIRECTOR: Activity.ACTIVE_LEADERSHIP,
    Role.SCHOOL_ADMIN: Activity.ACTIVE_LEADERSHIP,
    Role.SECRETARY: Activity.ACTIVE_LEADERSHIP,
    Role.PARENT: Activity.ACTIVE_PARENTS,
    Role.STUDENT: Activity.ACTIVE_STUDENTS,
}


def active_activities(roles: Iterable[str]) -> set[Activity]:
    return {ACTIVE_BY_ROLE[Role(r)] for r in roles if r in ACTIVE_BY_ROLE}


async def school_day(
    session: AsyncSession, runtime: Runtime | None, school_id: UUID, moment: datetime
) -> date:
    policy = await school_policy(session, runtime, school_id)
    return moment.astimezone(policy.zone).date()


def week_of(day: date) -> date:
    """The Monday of the day's week."""
    return day - timedelta(days=day.weekday())


async def note(
    session: AsyncSession, school_id: UUID, day: date, activity: Activity, person_id: UUID
) -> None:
    """The person did this kind of work on the day: counted once in its week however
    often."""
    added = await session.execute(
        insert(UsageActor)
        .values(school_id=school_id, day=day, activity=activity.value, person_id=person_id)
        .on_conflict_do_nothing()
        .returning(UsageActor.person_id)
    )
    if added.first() is None:
        return
    week = week_of(day)
    other_day_that_week = await session.scalar(
        select(UsageActor.day)
        .where(
            UsageActor.school_id == school_id,
            UsageActor.activity == activity.value,
            UsageActor.person_id == person_id,
            UsageActor.day >= week,
            UsageActor.day < week + timedelta(days=7),
            UsageActor.day != day,
        )
        .limit(1)
    )
    if other_day_that_week is not None:
        return
    statement = insert(UsageWeek).values(
        school_id=school_id, week=week, activity=activity.value, persons=1
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["school_id", "week", "activity"],
            set_={"persons": UsageWeek.persons + 1},
        )
    )


async def note_now(
    session: AsyncSession,
    runtime: Runtime | None,
    principal: Principal,
    activity: Activity,
    now: datetime,
) -> None:
    school_id = principal.require_school()
    day = await school_day(session, runtime, school_id, now)
    await note(session, school_id, day, activity, principal.require_person())


def diary_activity(principal: Principal) -> Activity | None:
    """A diary read counts for a parent or a student, not for staff reading it."""
    if principal.has_any([Role.PARENT]):
        return Activity.DIARY_PARENTS
    if principal.has_any([Role.STUDENT]):
        return Activity.DIARY_STUDENTS
    return None


async def note_diary_read(
    session: AsyncSession, runtime: Runtime | None, principal: Principal, now: datetime
) -> None:
    activity = diary_activity(principal)
    if activity is not None and principal.person_id is not None:
        await note_now(session, runtime, principal, activity, now)


async def recount(session: AsyncSession, school_id: UUID) -> int:
    """The school's weekly counts again from its record of who did what (the rebuild);
    the rows (week, kind of work) written."""
    await session.execute(delete(UsageWeek).where(UsageWeek.school_id == school_id))
    week = func.date_trunc("week", UsageActor.day).cast(Date)
    counted = (
        select(
            UsageActor.school_id,
            week,
            UsageActor.activity,
            func.count(distinct(UsageActor.person_id)),
        )
        .where(UsageActor.school_id == school_id)
        .group_by(UsageActor.school_id, week, UsageActor.activity)
    )
    written = await session.execute(
        insert(UsageWeek)
        .from_select(["school_id", "week", "activity", "persons"], counted)
        .returning(UsageWeek.week)
    )
    return len(written.all())
