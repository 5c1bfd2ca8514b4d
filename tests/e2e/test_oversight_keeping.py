"""Issue 11 point 3 end to end (O1, J4; DESIGN Tenancy): schedule plans lessons through its
REST API, the journal's timeliness facts cross NATS as ENTRIES_TIMED (played here until the
entry-facts package publishes them), and the district's working group reads, through the
reporting role with a Keycloak token without a school, two schools ranked by their entries
on time, one school per teacher and week, a week's lessons and the single lesson whose
missing topic became late, its entry moment against its due moment; a school's admin reads
their own school only."""

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import httpx
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from okrug.common.v1 import common_pb2
from okrug.journal.v1 import journal_pb2
from okrug_local import accounts
from okrug_local.platform import Platform
from tests.support import (
    PASSWORD,
    Account,
    District,
    School,
    create_school,
    eventually,
    expect,
    unique,
)
from tests.web.district_data import play_entries_timed

pytestmark = pytest.mark.platform

KEEPING = "/oversight/keeping/schools"


def _stamp(moment: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


def _lesson(platform: Platform, school: School, teacher: Account, day: date) -> dict[str, Any]:
    starts = datetime.combine(day, time(8), tzinfo=UTC)
    lesson: dict[str, Any] = expect(
        httpx.post(
            f"{platform.url('schedule')}/lessons",
            json={
                "class_id": school.class_id,
                "subject_id": school.subject_id,
                "teacher_id": teacher.id,
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(minutes=45)).isoformat(),
            },
            headers=school.admin.headers,
        ),
        201,
    )
    return lesson


def _fact(
    school: School,
    lesson: dict[str, Any],
    kind: int,
    timeliness: int,
    *,
    fact_id: str | None = None,
    late_by: timedelta = timedelta(0),
    by: Account | None = None,
) -> journal_pb2.EntryFact:
    """Due at 18:00 UTC of the lesson's day; entered an hour before, or `late_by` after."""
    day = date.fromisoformat(lesson["starts_at"][:10])
    due = datetime.combine(day, time(18), tzinfo=UTC)
    fact = journal_pb2.EntryFact(
        fact_id=fact_id or str(uuid.uuid4()),
        kind=kind,
        timeliness=timeliness,
        lesson_id=lesson["id"],
        class_id=school.class_id,
        subject_id=school.subject_id,
        teacher_id=lesson["teacher_id"],
        lesson_date=common_pb2.Date(year=day.year, month=day.month, day=day.day),
        due_at=_stamp(due),
        period="term-2",
    )
    if timeliness != journal_pb2.ENTRY_TIMELINESS_MISSING:
        late = timeliness == journal_pb2.ENTRY_TIMELINESS_LATE
        fact.entered_at.CopyFrom(_stamp(due + late_by if late else due - timedelta(hours=1)))
        fact.entered_by = (by.id if by else lesson["teacher_id"]) or ""
        fact.source = journal_pb2.ENTRY_SOURCE_TYPED
    return fact


def test_the_working_group_drills_from_the_district_to_a_late_entry(
    platform: Platform, district: District
) -> None:
    journal = platform.url("journal")
    x = create_school(platform, district, unique("МБОУ СОШ № 7 "))
    y = create_school(platform, district, unique("МБОУ Лицей № 8 "))
    username = unique("wg.")
    member = Account(
        username,
        accounts.create_district_staff(
            platform.instance,
            platform.issuer,
            username=username,
            password=PASSWORD,
            last_name="Рабочая",
            first_name="Группа",
            roles=("working-group-member",),
        ),
        None,
        platform,
    )
    # Lessons to come (tomorrow and the day after): no deadline of theirs passes while the
    # test runs, so the facts below are the only ones.
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    x1 = _lesson(platform, x, x.teacher, tomorrow)
    x2 = _lesson(platform, x, x.other_teacher, tomorrow + timedelta(days=1))
    y1 = _lesson(platform, y, y.teacher, tomorrow)
    on_time, late, missing = (
        journal_pb2.ENTRY_TIMELINESS_ON_TIME,
        journal_pb2.ENTRY_TIMELINESS_LATE,
        journal_pb2.ENTRY_TIMELINESS_MISSING,
    )
    attendance, topic, mark = (
        journal_pb2.ENTRY_KIND_ATTENDANCE,
        journal_pb2.ENTRY_KIND_TOPIC,
        journal_pb2.ENTRY_KIND_MARK,
    )
    topic_of_x1 = str(uuid.uuid4())
    play_entries_timed(
        platform,
        x,
        _fact(x, x1, attendance, on_time),
        _fact(x, x1, mark, on_time),
        _fact(x, x1, topic, missing, fact_id=topic_of_x1),
        _fact(x, x2, attendance, late, late_by=timedelta(hours=2)),
    )
    # The missing topic of X1 entered 26 hours after it was due, by the school's admin.
    play_entries_timed(
        platform,
        x,
        _fact(x, x1, topic, late, fact_id=topic_of_x1, late_by=timedelta(hours=26), by=x.admin),
    )
    play_entries_timed(platform, y, _fact(y, y1, attendance, on_time))

    def ranked() -> dict[str, Any] | None:
        got = expect(httpx.get(f"{journal}{KEEPING}", headers=member.headers, timeout=30), 200)
        rows = {row["school_id"]: row for row in got["schools"]}
        done = (
            x.id in rows
            and y.id in rows
            and rows[x.id]["timeliness"]["due"] == 4
            and rows[x.id]["timeliness"]["late"] == 2
        )
        return rows if done else None

    rows = eventually(ranked, what="the facts in the district's figures")
    # X: on time 2 (X1 attendance, mark), late 2 (X1 topic, X2 attendance), missing 0 (the
    # topic's missing fact became late): 2 / 4 = 0.5. Y: 1 on time of 1 = 1.0, ranked first.
    assert (rows[x.id]["timeliness"]["on_time"], rows[x.id]["timeliness"]["missing"]) == (2, 0)
    assert rows[x.id]["timeliness"]["on_time_share"] == 0.5
    assert rows[y.id]["timeliness"]["on_time_share"] == 1.0
    assert rows[y.id]["rank"] < rows[x.id]["rank"]

    teachers = expect(
        httpx.get(f"{journal}{KEEPING}/{x.id}", headers=member.headers, timeout=30), 200
    )
    per_teacher = {
        r["id"]: (r["timeliness"]["on_time"], r["timeliness"]["late"]) for r in teachers["rows"]
    }
    # The teacher: X1's attendance and mark on time, its topic late; the other teacher: X2's
    # attendance late.
    assert per_teacher == {x.teacher.id: (2, 1), x.other_teacher.id: (0, 1)}
    names = {r["id"]: r["name"] for r in teachers["rows"]}
    assert names[x.teacher.id].startswith("Иванов")

    week = expect(
        httpx.get(
            f"{journal}{KEEPING}/{x.id}/lessons",
            params={"week": tomorrow.isoformat(), "teacher_id": x.teacher.id},
            headers=member.headers,
            timeout=30,
        ),
        200,
    )
    listed = {w["lesson_id"]: (w["held"], w["timeliness"]["late"]) for w in week}
    # X1 is held (it has entries) with its late topic; the school's own lesson of today, in
    # the same week or not, has no entry; X2 is the other teacher's.
    assert listed[x1["id"]] == (True, 1)
    assert listed.get(x.lesson_id, (False, 0)) == (False, 0)
    assert x2["id"] not in listed
    lesson = expect(
        httpx.get(f"{journal}{KEEPING}/{x.id}/lessons/{x1['id']}", headers=member.headers),
        200,
    )
    (entry,) = [e for e in lesson["entries"] if e["kind"] == "topic"]
    assert (entry["fact_id"], entry["timeliness"], entry["entered_by"]) == (
        topic_of_x1,
        "late",
        x.admin.id,
    )
    due, entered = (datetime.fromisoformat(entry[k]) for k in ("due_at", "entered_at"))
    assert entered - due == timedelta(hours=26)
    assert lesson["attendance_taken"] is True

    # Y's admin reads Y's row only, and nothing of X by its URL.
    own = expect(httpx.get(f"{journal}{KEEPING}", headers=y.admin.headers, timeout=30), 200)
    assert [row["school_id"] for row in own["schools"]] == [y.id]
    other = httpx.get(f"{journal}{KEEPING}/{x.id}/lessons/{x1['id']}", headers=y.admin.headers)
    assert other.status_code == 404
