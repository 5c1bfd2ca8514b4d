"""The days a request may name. Python's calendar ends at years 1 and 9999, where a day
moved by a week or turned into a moment of the school's time zone overflows; no journal
reaches that far, so a day outside 1900-2199 is refused as input."""

from datetime import date

from okrug_common.errors import InvalidInput

EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


def require_journal_day(day: date | None, field: str) -> None:
    if day is not None and not EARLIEST <= day <= LATEST:
        raise InvalidInput(
            f"{field} must be between {EARLIEST.isoformat()} and {LATEST.isoformat()}.",
            field=field,
        )
