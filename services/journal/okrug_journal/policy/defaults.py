"""The district's defaults (J3-J6). A district changes them, and locks fields schools may
not override, through the journal's settings (OKRUG_JOURNAL_DISTRICT_POLICY,
OKRUG_JOURNAL_DISTRICT_LOCKED_POLICY) until the district office has its own screen."""

from datetime import date
from decimal import Decimal
from typing import Any

from okrug_journal.policy.schemas import JournalPolicy, WorkType

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
    """The calendar year the academic year containing `day` starts in, counted from
    1 September (for a school whose calendar schedule has not announced)."""
    return day.year if day.month >= 9 else day.year - 1


def district_defaults(district: dict[str, Any] | None = None) -> JournalPolicy:
    """The district's rules before a school's own. Study periods, holidays and weekend days
    are not among them: they come from schedule's calendar (okrug_journal.calendar)."""
    base: dict[str, Any] = {"work_types": DEFAULT_WORK_TYPES}
    return JournalPolicy.model_validate({**base, **(district or {})})
