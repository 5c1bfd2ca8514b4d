"""The event catalog: each subject defined once, paired with its producer's message, and a
definition that breaks the rules fails at once."""

import re
from pathlib import Path
from typing import Any

import pytest

from okrug.helpdesk.v1 import helpdesk_pb2
from okrug.journal.v1 import journal_pb2
from okrug.schedule.v1 import schedule_pb2
from okrug_common.event_catalog import (
    ALL_EVENTS,
    CATALOGS,
    PRODUCERS,
    SHARED_PACKAGE,
    Event,
    JournalEvents,
    check_catalogs,
    events_of,
)

REPO = Path(__file__).resolve().parents[3]
HOME = REPO / "libs/okrug-common/okrug_common/event_catalog.py"
SUBJECT_LITERAL = re.compile(rf"okrug\.(?:{'|'.join(PRODUCERS)})\.[a-z_]+\.[a-z_]+")


def test_every_subject_is_defined_once_by_its_producer() -> None:
    subjects = [event.subject for event in ALL_EVENTS]
    assert len(subjects) == len(set(subjects))
    assert len(ALL_EVENTS) == sum(len(events_of(catalog)) for catalog in CATALOGS)
    for catalog in CATALOGS:
        producer = catalog.__name__.removesuffix("Events").lower()
        for event in events_of(catalog):
            assert event.subject.startswith(f"okrug.{producer}.")
            assert event.message.DESCRIPTOR.full_name.startswith(
                (f"okrug.{producer}.v1.", SHARED_PACKAGE)
            )


def test_an_event_decodes_its_own_message() -> None:
    sent = journal_pb2.MarkDeleted(mark=journal_pb2.Mark(mark_id="m1"), reason="a slip")
    decoded = JournalEvents.MARK_DELETED.decode(sent.SerializeToString())
    assert type(decoded) is journal_pb2.MarkDeleted
    assert decoded == sent


@pytest.mark.parametrize(
    ("subject", "message", "problem"),
    [
        ("okrug.journal.mark", journal_pb2.MarkRecorded, "is not okrug.<producer>"),
        ("okrug.journal.mark.recorded.again", journal_pb2.MarkRecorded, "is not okrug"),
        ("okrug.library.book.lent", journal_pb2.MarkRecorded, "is not okrug"),
        ("Okrug.journal.mark.recorded", journal_pb2.MarkRecorded, "is not okrug"),
        ("okrug.helpdesk.mark.recorded", journal_pb2.MarkRecorded, "not its producer's"),
        ("okrug.journal.request.opened", helpdesk_pb2.RequestOpened, "not its producer's"),
        ("okrug.journal.mark.kept", journal_pb2.Mark, "has no `okrug.common.v1.EventContext"),
    ],
)
def test_a_definition_breaking_the_rules_fails_at_once(
    subject: str, message: Any, problem: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(problem)):
        Event(subject, message)


def test_a_catalog_holds_one_producers_events_each_once() -> None:
    class Mixed:
        MARK_RECORDED = JournalEvents.MARK_RECORDED
        YEAR_CLOSED = Event("okrug.schedule.year.closed", schedule_pb2.YearClosed)

    class Again:
        RECORDED = Event("okrug.journal.mark.recorded", journal_pb2.MarkRecorded)

    with pytest.raises(ValueError, match="several producers"):
        check_catalogs([Mixed])
    with pytest.raises(ValueError, match=re.escape("okrug.journal.mark.recorded is defined twice")):
        check_catalogs([JournalEvents, Again])


def test_no_source_outside_the_catalog_spells_a_subject() -> None:
    """Services and the shared library name events by their definitions; the wire subject
    is written in one place. (Tests may spell subjects: they pin the wire format.)"""
    sources = [
        *REPO.glob("services/*/okrug_*/**/*.py"),
        *REPO.glob("libs/okrug-common/okrug_common/**/*.py"),
        *REPO.glob("deploy/local/okrug_local/**/*.py"),
    ]
    assert HOME in sources
    spelled = {
        f"{path.relative_to(REPO)}: {found}"
        for path in sources
        if path != HOME
        for found in SUBJECT_LITERAL.findall(path.read_text())
    }
    assert spelled == set()
    assert len(SUBJECT_LITERAL.findall(HOME.read_text())) >= len(ALL_EVENTS)
