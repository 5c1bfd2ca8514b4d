"""Year rollover (I6): closing a year promotes its classes with their students into the next
year, graduates grade 11, carries what should carry and archives the year, read-only."""

from datetime import date
from typing import Any

import asyncpg
from schedule_support import Setup, events_of

from okrug.schedule.v1 import schedule_pb2

NEXT_YEAR = {
    "name": "2027/2028",
    "starts_on": "2027-09-01",
    "ends_on": "2028-05-31",
    "periods": [
        {"kind": "half_year", "number": 1, "starts_on": "2027-09-01", "ends_on": "2027-12-28"},
        {"kind": "half_year", "number": 2, "starts_on": "2028-01-11", "ends_on": "2028-05-31"},
    ],
}


async def test_rollover_promotes_graduates_and_leaves_the_archived_year_untouched(
    setup: Setup, admin_conn: asyncpg.Connection
) -> None:
    admin, director = setup.school.admin, setup.school.director
    fifth, tenth, eleventh = (
        await setup.klass(5, "А"),
        await setup.klass(10, "Б"),
        await setup.klass(11, "А"),
    )
    pupils = [await setup.enrol(fifth["id"]) for _ in range(2)]
    left_early = await setup.enrol(fifth["id"])
    await admin.ok(
        "POST", f"/classes/{fifth['id']}/members/{left_early}/leave", {"on": "2027-02-01"}
    )
    seniors = [await setup.enrol(tenth["id"])]
    graduates = [await setup.enrol(eleventh["id"]) for _ in range(2)]
    teacher = setup.school.teacher()
    draft = await setup.timetable(
        fifth["id"],
        [setup.entry(1, 1, "Математика", teacher)],
        date(2027, 4, 1),
        date(2027, 5, 31),
    )
    await admin.ok("POST", f"/timetables/{draft.json()['id']}/publish")
    await admin.ok(
        "PUT",
        f"/years/{setup.year['id']}/curriculum",
        {"items": [{"grade": 5, "subject_id": setup.subjects["Математика"], "hours_per_week": 5}]},
    )
    await admin.ok(
        "PUT",
        f"/subjects/{setup.subjects['Математика']}/links",
        {"class_ids": [fifth["id"]]},
    )
    lessons_before = await admin.ok("GET", "/lessons", class_id=fifth["id"], limit=1000)
    members_before = await admin.ok("GET", f"/classes/{fifth['id']}/members", on="2027-05-20")
    next_year = await admin.ok("POST", "/years", {"calendar": NEXT_YEAR}, status=201)

    closing = {"next_year_id": next_year["id"]}
    assert (
        await admin.call(
            "POST", f"/years/{next_year['id']}/close", {"next_year_id": setup.year["id"]}
        )
    ).status_code == 422
    deputy = setup.school.staff(*[])  # no role at all
    assert (
        await deputy.call("POST", f"/years/{setup.year['id']}/close", closing)
    ).status_code == 403
    result = await director.ok("POST", f"/years/{setup.year['id']}/close", closing)

    assert sorted(p["name"] for p in result["promoted"]) == ["11Б", "6А"]
    assert result["promoted_students"] == 3
    assert result["graduated_classes"] == [eleventh["id"]]
    assert result["graduated_students"] == 2
    assert result["curriculum_items_carried"] == 1

    sixth_id = next(p["to_class_id"] for p in result["promoted"] if p["name"] == "6А")
    sixth = await admin.ok("GET", f"/classes/{sixth_id}")
    assert (sixth["grade"], sixth["letter"], sixth["year_id"], sixth["previous_class_id"]) == (
        6,
        "А",
        next_year["id"],
        fifth["id"],
    )
    assert await admin.ok("GET", f"/classes/{sixth_id}/members", on="2027-09-01") == sorted(
        str(p) for p in pupils
    )
    eleventh_b = next(p["to_class_id"] for p in result["promoted"] if p["name"] == "11Б")
    assert await admin.ok("GET", f"/classes/{eleventh_b}/members", on="2027-09-01") == [
        str(seniors[0])
    ]
    for graduate in graduates:
        history = await admin.ok("GET", f"/students/{graduate}/classes")
        assert [(h["class_id"], h["until"]) for h in history] == [(eleventh["id"], "2027-06-01")]

    # The archived year reads as it did.
    old = await admin.ok("GET", f"/classes/{fifth['id']}")
    assert (old["grade"], old["year_id"]) == (5, setup.year["id"])
    assert await admin.ok("GET", f"/classes/{fifth['id']}/members", on="2027-05-20") == (
        members_before
    )
    assert await admin.ok("GET", "/lessons", class_id=fifth["id"], limit=1000) == lessons_before
    year = await admin.ok("GET", f"/years/{setup.year['id']}")
    assert (year["status"], year["next_year_id"]) == ("archived", next_year["id"])
    assert await admin.ok("GET", f"/years/{next_year['id']}/curriculum") == [
        {
            "grade": 5,
            "subject_id": setup.subjects["Математика"],
            "hours_per_week": "5.0",
            "hours_per_year": 170,
        }
    ]
    links = await admin.ok("GET", f"/subjects/{setup.subjects['Математика']}/links")
    assert set(links["class_ids"]) == {fifth["id"], sixth_id}

    # ... and nothing of it can be written any more.
    lesson = lessons_before[0]
    refusals: list[tuple[str, str, Any]] = [
        (
            "POST",
            f"/classes/{fifth['id']}/members",
            {"student_id": str(setup.school.student()), "since": "2027-05-01"},
        ),
        ("POST", f"/lessons/{lesson['id']}/cancel", {"reason": "поздно"}),
        ("PATCH", f"/lessons/{lesson['id']}", {"room_id": setup.rooms["101"]}),
        (
            "POST",
            f"/years/{setup.year['id']}/holidays",
            {"name": "День", "starts_on": "2027-05-05", "ends_on": "2027-05-05"},
        ),
        ("POST", f"/years/{setup.year['id']}/close", closing),
        ("PUT", f"/years/{setup.year['id']}/curriculum", {"items": []}),
        ("PATCH", f"/classes/{fifth['id']}", {"class_teacher_id": None}),
    ]
    for method, path, body in refusals:
        response = await admin.call(method, path, body)
        assert response.status_code == 409, (method, path, response.text)
        assert "archived" in response.json()["detail"]
    new_draft = await setup.timetable(
        fifth["id"], [setup.entry(2, 1, "Математика", teacher)], date(2027, 4, 1), date(2027, 5, 31)
    )
    assert new_draft.status_code == 409
    added = await admin.call(
        "POST",
        "/lessons",
        {
            "class_id": fifth["id"],
            "subject_id": setup.subjects["Математика"],
            "teacher_id": str(teacher.id),
            "starts_at": "2027-05-12T10:30:00+03:00",
            "ends_at": "2027-05-12T11:15:00+03:00",
        },
    )
    assert added.status_code == 409
    assert await admin.ok("GET", "/lessons", class_id=fifth["id"], limit=1000) == lessons_before

    [closed] = await events_of(admin_conn, setup.school.id, "okrug.schedule.year.closed")
    event = schedule_pb2.YearClosed.FromString(closed)
    assert (event.promoted_students, event.graduated_students) == (3, 2)


async def test_rollover_refuses_a_next_year_that_already_has_the_promoted_class(
    setup: Setup,
) -> None:
    admin = setup.school.admin
    fifth = await setup.klass(5, "А")
    await setup.enrol(fifth["id"])
    next_year = await admin.ok("POST", "/years", {"calendar": NEXT_YEAR}, status=201)
    taken = await admin.ok(
        "POST", "/classes", {"grade": 6, "letter": "А", "year_id": next_year["id"]}, status=201
    )
    refused = await admin.call(
        "POST", f"/years/{setup.year['id']}/close", {"next_year_id": next_year["id"]}
    )
    assert refused.status_code == 409
    assert refused.json()["conflicting_class_id"] == taken["id"]
    year = await admin.ok("GET", f"/years/{setup.year['id']}")
    assert year["status"] == "open"
    assert await admin.ok("GET", "/classes", year_id=next_year["id"]) == [taken]
