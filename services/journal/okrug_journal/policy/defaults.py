"""The district's defaults (J3-J6). A district changes them, and locks fields schools may
not override, through the journal's settings (OKRUG_JOURNAL_DISTRICT_POLICY,
OKRUG_JOURNAL_DISTRICT_LOCKED_POLICY) until the district office has its own screen."""

from datetime import date
from decimal import Decimal
from typing import Any

from okrug_journal.policy.schemas import JournalPolicy, StudyPeriod, WorkType

DEFAULT_WORK_TYPES = [
    WorkType(code="classwork", title_ru="Работа на уроке", weight=Decimal("1")),
    WorkType(code="homework", title_ru="Домашняя работа", weight=Decimal("1")),
    WorkType(code="oral", title_ru="Устный ответ", weight=Decimal("1")),
    WorkType(code="quiz", title_ru="Самостоятельная работа", weight=Decimal("1.5")),
    WorkType(code="test", title_ru="Контрольная работа", weight=Decimal("2"), deadline="test"),
    WorkType(code="essay", title_ru="Сочинение", weight=Decimal("2"), deadline="written"),
    WorkType(code="project", title_ru="Проектная работа", weight=Decimal("2"), deadline="exempt"),
]


def academic_year_start(day: date) -> int:
    """The calendar year the academic year containing `day` starts in (1 September)."""
    return day.year if day.month >= 9 else day.year - 1


def default_study_periods(start_year: int) -> list[StudyPeriod]:
    """Four terms, two half-years and the year of an academic year starting 1 September."""
    y, n = start_year, start_year + 1
    bounds = [
        ("term-1", "term", date(y, 9, 1), date(y, 10, 25)),
        ("term-2", "term", date(y, 11, 3), date(y, 12, 28)),
        ("term-3", "term", date(n, 1, 9), date(n, 3, 21)),
        ("term-4", "term", date(n, 3, 30), date(n, 5, 26)),
        ("half-year-1", "half-year", date(y, 9, 1), date(y, 12, 28)),
        ("half-year-2", "half-year", date(n, 1, 9), date(n, 5, 26)),
        ("year", "year", date(y, 9, 1), date(n, 5, 26)),
    ]
    return [StudyPeriod(code=c, kind=k, starts_on=s, ends_on=e) for c, k, s, e in bounds]


def district_defaults(today: date, district: dict[str, Any] | None = None) -> JournalPolicy:
    base: dict[str, Any] = {
        "work_types": DEFAULT_WORK_TYPES,
        "study_periods": default_study_periods(academic_year_start(today)),
    }
    return JournalPolicy.model_validate({**base, **(district or {})})
