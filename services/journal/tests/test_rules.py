"""The rules that read the policy, on hand-computed fixtures: edit windows, deadlines in
the school's time zone and working days, averages (J3-J6)."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from journal_support import standard_periods

from okrug_common.errors import InvalidInput
from okrug_journal.policy import rules
from okrug_journal.policy.defaults import district_defaults
from okrug_journal.policy.schemas import JournalPolicy

MOSCOW = ZoneInfo("Europe/Moscow")


def policy(**changes: object) -> JournalPolicy:
    """The district's defaults in a school whose calendar has the standard 2026/2027 periods
    (the year ends 26 May 2027)."""
    base = {**district_defaults().model_dump(), "study_periods": standard_periods(2026)}
    return JournalPolicy.model_validate({**base, **changes})


@pytest.mark.parametrize(
    ("window", "last_editable_day"),
    [
        ("1-week", date(2026, 11, 17)),
        ("2-weeks", date(2026, 11, 24)),
        ("3-weeks", date(2026, 12, 1)),
        ("1-month", date(2026, 12, 10)),
        ("year-end", date(2027, 5, 26)),  # the calendar's "year" study period's last day
    ],
)
def test_the_edit_window_closes_at_midnight_after_its_last_day(
    window: str, last_editable_day: date
) -> None:
    closes = rules.edit_window_closes_at(policy(edit_window=window), date(2026, 11, 10))
    assert closes == datetime.combine(last_editable_day + timedelta(days=1), time(0), MOSCOW)
    assert closes.tzinfo == MOSCOW


def test_one_month_clamps_to_the_end_of_a_shorter_month() -> None:
    closes = rules.edit_window_closes_at(policy(edit_window="1-month"), date(2027, 1, 31))
    assert closes == datetime(2027, 3, 1, tzinfo=MOSCOW)


def test_year_end_without_a_year_period_is_31_august() -> None:
    closes = rules.edit_window_closes_at(
        policy(edit_window="year-end", study_periods=[]), date(2026, 11, 10)
    )
    assert closes == datetime(2027, 9, 1, tzinfo=MOSCOW)


def test_working_days_skip_weekends_and_holidays() -> None:
    p = policy(holidays=[date(2026, 11, 4)])
    # Friday 30 Oct 2026 + 5 working days: Mon 2, Tue 3, (Wed 4 holiday), Thu 5, Fri 6, Mon 9
    assert rules.working_days_after(p, date(2026, 10, 30), 5) == date(2026, 11, 9)
    assert rules.period_mark_due(p, date(2026, 10, 30)) == datetime(2026, 11, 10, tzinfo=MOSCOW)
    six_day_week = policy(weekend_days=[6])
    assert rules.working_days_after(six_day_week, date(2026, 10, 30), 1) == date(2026, 10, 31)


def test_mark_deadlines_follow_the_work_types_kind() -> None:
    p = policy()
    lesson_day = date(2026, 11, 10)
    due = {w.code: rules.mark_due(p, w, lesson_day) for w in p.work_types}
    assert due["classwork"] == datetime(2026, 11, 13, tzinfo=MOSCOW)  # within 2 days
    assert due["test"] == datetime(2026, 11, 14, tzinfo=MOSCOW)  # within 3 days
    assert due["essay"] == datetime(2026, 11, 18, tzinfo=MOSCOW)  # within a week
    assert due["project"] is None  # long checking time: exempt


def test_attendance_due_minutes_after_start_or_days() -> None:
    starts = datetime(2026, 11, 10, 6, 0, tzinfo=UTC)  # 09:00 in Moscow
    minutes = policy(deadlines={"attendance": {"minutes_after_start": 10}})
    assert rules.attendance_due(minutes, date(2026, 11, 10), starts) == datetime(
        2026, 11, 10, 6, 10, tzinfo=UTC
    )
    days = policy(deadlines={"attendance": {"days": 2}})
    assert rules.attendance_due(days, date(2026, 11, 10), starts) == datetime(
        2026, 11, 13, tzinfo=MOSCOW
    )


def test_weighted_average_hand_computed() -> None:
    # 5 (weight 1), 4 (2), 3 (1.5): plain 12/3 = 4.00; weighted 17.5 / 4.5 = 3.888.. -> 3.89
    assert rules.averages([("5", Decimal(1)), ("4", Decimal(2)), ("3", Decimal("1.5"))]) == (
        Decimal("4.00"),
        Decimal("3.89"),
    )
    # half up, not to even: 33 / 8 = 4.125 -> 4.13; plain 21 / 5 = 4.2
    marks = [("5", Decimal(1)), ("4", Decimal(2)), ("4", Decimal(2)), ("4", Decimal(2))]
    assert rules.averages([*marks, ("4", Decimal(1))]) == (Decimal("4.20"), Decimal("4.13"))
    assert rules.averages([("pass", Decimal(1))]) == (None, None)
    assert rules.averages([]) == (None, None)


def test_values_must_be_on_the_schools_scale() -> None:
    rules.check_mark_value(policy(), "5")
    with pytest.raises(InvalidInput) as refused:
        rules.check_mark_value(policy(scale="pass-fail"), "5")
    assert refused.value.field == "value"
    rules.check_mark_value(policy(scale="pass-fail"), "pass")


def test_the_year_starts_on_the_calendars_year_period_else_1_september() -> None:
    p = policy(
        study_periods=[
            {"code": "year", "kind": "year", "starts_on": "2026-09-02", "ends_on": "2027-05-26"}
        ]
    )
    assert rules.year_start(p, date(2026, 12, 7)) == date(2026, 9, 2)
    # In the summer after the year's last day, and without a calendar: 1 September.
    assert rules.year_start(p, date(2027, 7, 1)) == date(2026, 9, 1)
    assert rules.year_start(policy(study_periods=[]), date(2027, 1, 15)) == date(2026, 9, 1)
