"""The demo district's calendar (S1, issue 11 point 1): a year schedule accepts, the Russian
school year 2026/27 with its terms and holidays, and the demo's week of lessons skips them."""

from datetime import date

from okrug_local.seed import demo_calendar, holiday_days
from okrug_schedule.calendar.schemas import CalendarIn
from okrug_schedule.models import PeriodKind


def test_the_demo_year_is_2026_27_with_four_terms_two_half_years_and_its_holidays() -> None:
    year = CalendarIn.model_validate(demo_calendar(2026))
    assert (year.display_name(), year.starts_on, year.ends_on) == (
        "2026/2027",
        date(2026, 9, 1),
        date(2027, 8, 31),
    )
    terms = [(p.starts_on, p.ends_on) for p in year.periods if p.kind == PeriodKind.TERM]
    assert terms == [
        (date(2026, 9, 1), date(2026, 10, 24)),
        (date(2026, 11, 5), date(2026, 12, 28)),
        (date(2027, 1, 12), date(2027, 3, 20)),
        (date(2027, 3, 30), date(2027, 5, 26)),
    ]
    assert [p.number for p in year.periods if p.kind == PeriodKind.HALF_YEAR] == [1, 2]
    days = holiday_days(demo_calendar(2026))
    # Autumn 25 Oct - 4 Nov (11 days), winter 29 Dec - 11 Jan (14), 23 Feb, 8 Mar, spring
    # 21 - 29 Mar (9), 1 May, 9 - 10 May (2): 11 + 14 + 1 + 1 + 9 + 1 + 2 = 39 days.
    assert len(days) == 39
    assert {date(2026, 11, 4), date(2027, 1, 11), date(2027, 5, 10)} <= days
    # No term has a holiday inside it but the public holidays.
    for first, last in terms:
        inside = {d for d in days if first <= d <= last}
        assert inside <= {
            date(2027, 2, 23),
            date(2027, 3, 8),
            date(2027, 5, 1),
            date(2027, 5, 9),
            date(2027, 5, 10),
        }


def test_another_year_has_the_same_dates_in_that_year() -> None:
    year = CalendarIn.model_validate(demo_calendar(2031))
    assert (year.display_name(), year.periods[0].starts_on) == ("2031/2032", date(2031, 9, 1))
