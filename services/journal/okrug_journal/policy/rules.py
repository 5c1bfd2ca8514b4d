"""The rules that read the policy: edit window, entry deadlines in the school's time zone
and working days, mark values, averages. Pure functions: no database, no clock."""

import calendar
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from okrug_common.errors import InvalidInput
from okrug_journal.policy.defaults import academic_year_start
from okrug_journal.policy.schemas import SCALE_VALUES, JournalPolicy, StudyPeriod, WorkType

EDIT_WINDOW_DAYS = {"1-week": 7, "2-weeks": 14, "3-weeks": 21}
TWO_PLACES = Decimal("0.01")


def _add_month(day: date) -> date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _midnight_after(policy: JournalPolicy, day: date) -> datetime:
    """The first moment of the day after `day`, in the school's time zone."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=policy.zone)


def year_end(policy: JournalPolicy, day: date) -> date:
    """The last day of the academic year containing `day`: the policy's "year" period
    when one covers it, else 31 August."""
    for period in policy.study_periods:
        if period.kind == "year" and period.starts_on <= day <= period.ends_on:
            return period.ends_on
    return date(academic_year_start(day) + 1, 8, 31)


def year_start(policy: JournalPolicy, day: date) -> date:
    """The first day of the academic year containing `day`: the calendar's "year" period
    when one covers it, else 1 September."""
    for period in policy.study_periods:
        if period.kind == "year" and period.starts_on <= day <= period.ends_on:
            return period.starts_on
    return date(academic_year_start(day), 9, 1)


def edit_window_closes_at(policy: JournalPolicy, lesson_date: date) -> datetime:
    """Marks of a lesson may be changed until this moment (J6): the end of the lesson date
    plus the window, or of the academic year for "year-end"."""
    window = policy.edit_window
    if window == "year-end":
        last = max(year_end(policy, lesson_date), lesson_date)
    elif window == "1-month":
        last = _add_month(lesson_date)
    else:
        last = lesson_date + timedelta(days=EDIT_WINDOW_DAYS[window])
    return _midnight_after(policy, last)


def is_working_day(policy: JournalPolicy, day: date) -> bool:
    return day.weekday() not in policy.weekend_days and day not in policy.holidays


def working_days_after(policy: JournalPolicy, day: date, count: int) -> date:
    """The `count`-th working day after `day` (`day` itself when count is 0)."""
    current = day
    while count > 0:
        current += timedelta(days=1)
        if is_working_day(policy, current):
            count -= 1
    return current


def days_due(policy: JournalPolicy, day: date, days: int) -> datetime:
    return _midnight_after(policy, day + timedelta(days=days))


def attendance_due(policy: JournalPolicy, lesson_date: date, starts_at: datetime) -> datetime:
    rule = policy.deadlines.attendance
    if rule.minutes_after_start is not None:
        return starts_at + timedelta(minutes=rule.minutes_after_start)
    return days_due(policy, lesson_date, rule.days or 0)


def mark_due(policy: JournalPolicy, work_type: WorkType, lesson_date: date) -> datetime | None:
    """When a mark of this work type is due; None for works with a long checking time."""
    d = policy.deadlines
    days = {
        "current": d.current_marks_days,
        "test": d.test_marks_days,
        "written": d.written_work_days,
    }.get(work_type.deadline)
    return None if days is None else days_due(policy, lesson_date, days)


def period_mark_due(policy: JournalPolicy, period_ends_on: date) -> datetime:
    last = working_days_after(policy, period_ends_on, policy.deadlines.period_marks_working_days)
    return _midnight_after(policy, last)


def check_mark_value(policy: JournalPolicy, value: str, field: str = "value") -> None:
    allowed = SCALE_VALUES[policy.scale]
    if value not in allowed:
        raise InvalidInput(
            f"'{value}' is not a mark on the school's {policy.scale} scale ({', '.join(allowed)}).",
            field=field,
        )


def require_work_type(policy: JournalPolicy, code: str, field: str = "work_type") -> WorkType:
    work_type = policy.work_type(code)
    if work_type is None:
        known = ", ".join(w.code for w in policy.work_types)
        raise InvalidInput(f"Unknown work type '{code}' (the school's: {known}).", field=field)
    return work_type


def require_period(policy: JournalPolicy, code: str, field: str = "period") -> StudyPeriod:
    """Exam and final marks are counted over the year; other periods by their bounds."""
    lookup = "year" if code in ("exam", "final") else code
    period = policy.period(lookup)
    if period is None:
        known = ", ".join([*(p.code for p in policy.study_periods), "exam", "final"])
        raise InvalidInput(f"Unknown study period '{code}' (the school's: {known}).", field=field)
    return period


def averages(marks: Iterable[tuple[str, Decimal]]) -> tuple[Decimal | None, Decimal | None]:
    """(average, weighted average) of numeric marks, as Decimals rounded half up to two
    places; marks that are not numbers (pass/fail) are left out; None without marks."""
    numeric = [(Decimal(v), w) for v, w in marks if v.isdigit()]
    if not numeric:
        return None, None
    zero = Decimal(0)
    plain = sum((v for v, _ in numeric), zero) / Decimal(len(numeric))
    weights = sum((w for _, w in numeric), zero)
    weighted = sum((v * w for v, w in numeric), zero) / weights
    return (
        plain.quantize(TWO_PLACES, rounding=ROUND_HALF_UP),
        weighted.quantize(TWO_PLACES, rounding=ROUND_HALF_UP),
    )
