"""The forecast on the real platform (issue 11 point 7; J12): marks recorded and changed
through the journal's API reach the forecast's read model over NATS; the student's forecast
and "marks needed" match a hand computation; okrug.journal.forecast.failing is published on
the journal's stream once when the forecast turns failing, not again while it stays failing,
and again after it recovered and turned failing anew."""

import pytest

from okrug.journal.v1 import journal_pb2
from okrug_common.event_catalog import JournalEvents
from okrug_local.platform import Platform
from tests.support import District, eventually, published_events
from tests.web.forecast_data import change_mark, forecast_of, forecast_school, record_mark

pytestmark = pytest.mark.platform


def failing_events(platform: Platform, student_id: str) -> list[journal_pb2.ForecastFailing]:
    """The student's failing events on the journal's stream (an ephemeral consumer)."""
    found = published_events(platform, JournalEvents.FORECAST_FAILING, "journal")
    return [event for event in found if event.student_id == student_id]


def test_forecast_and_marks_needed_and_the_failing_event_once(
    platform: Platform, district: District
) -> None:
    made = forecast_school(platform, district)
    school, student = made.school, made.school.student
    parent = school.parent
    # A test 2 (weight 2): 4 / 2 = 2.00 -> 2, failing: the event.
    record_mark(platform, school, student, "2", "test")
    forecast_of(platform, parent, student, "2.00")
    # Classwork 3 (weight 1): (4 + 3) / 3 = 2.333.. -> 2.33, still failing: no event.
    record_mark(platform, school, student, "3", "classwork")
    forecast_of(platform, parent, student, "2.33")
    # An oral 2 (weight 1): (7 + 2) / 4 = 2.25 -> 2.
    record_mark(platform, school, student, "2", "oral")
    forecast = forecast_of(platform, parent, student, "2.25")
    assert (forecast["weighted_sum"], forecast["weight_sum"], forecast["projected_mark"]) == (
        "9.00",
        "4.00",
        2,
    )
    assert forecast["failing"] is True
    options = {(o["work_type"], o["value"]): o for o in forecast["marks_needed"]}
    # One 3 in a test: (9 + 3 x 2) / (4 + 2) = 15/6 = 2.50 -> 3 (the half rounds up).
    assert (options[("test", 3)]["count"], options[("test", 3)]["average_after"]) == (1, "2.50")
    # 3s in classwork: one gives 12/5 = 2.40 -> 2; two give 15/6 = 2.50 -> 3.
    assert (options[("classwork", 3)]["count"], options[("classwork", 3)]["average_after"]) == (
        2,
        "2.50",
    )
    # One 4 in classwork: 13/5 = 2.60 -> 3.
    assert options[("classwork", 4)]["count"] == 1
    assert forecast["marks_needed"][0]["count"] == 1
    # A test 5 (weight 2): (9 + 10) / 6 = 3.166.. -> 3.17 -> 3: recovered, no event.
    five = record_mark(platform, school, student, "5", "test")
    forecast_of(platform, parent, student, "3.17")
    # The 5 was a 1: (9 + 2) / 6 = 1.833.. -> 1.83 -> 2: failing anew, the second event.
    change_mark(platform, school, five, "1")
    forecast_of(platform, parent, student, "1.83")

    events = eventually(
        lambda: (found := failing_events(platform, student.id)) and len(found) >= 2 and found,
        what="two failing events on the journal's stream",
    )
    assert [(e.period, e.weighted_average, e.projected_mark) for e in events] == [
        ("term-2", "2.00", "2"),
        ("term-2", "1.83", "2"),
    ]
    assert {(e.subject_id, e.class_id, e.subject_name) for e in events} == {
        (school.subject_id, school.class_id, "Математика")
    }
