"""Absence reasons corrected later and set for a range of days (issue 5 point 3; J2, I5):
the class teacher corrects the reason of an absence or a late of their class (the status
stays; who and when are kept), the lesson's teacher only inside the edit window; a sick note
sets the reason of the absences already recorded in its days and of those recorded later
without one. A class teacher of another class, a parent, another school are refused."""

from datetime import date, datetime, timedelta
from uuid import UUID, uuid4

import asyncpg
from journal_support import MOSCOW, FakeIdentityChannel, School, person
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug.common.v1 import common_pb2
from okrug.schedule.v1 import schedule_pb2
from okrug_common.auth import Principal
from okrug_common.db import tenant_transaction
from okrug_common.roles import Role
from okrug_common.testing import Service
from okrug_journal.models import Attendance
from okrug_journal.projections import handlers


async def make_class_teacher(
    sessions: async_sessionmaker[AsyncSession], school: School, class_id: UUID
) -> Principal:
    """A teacher made class teacher of `class_id` the way schedule tells the journal."""
    teacher = person(school.id, Role.TEACHER, Role.CLASS_TEACHER)
    event = schedule_pb2.ClassTeacherAssigned(
        context=common_pb2.EventContext(school_id=str(school.id)),
        class_id=str(class_id),
        teacher_id=str(teacher.person_id),
    )
    async with tenant_transaction(sessions, school.id) as session:
        await handlers.on_class_teacher_assigned(session, event)
    return teacher


async def record(
    service: Service, school: School, lesson: UUID, student: UUID, status: str, reason: str | None
) -> dict[str, object]:
    body: dict[str, object] = {"status": status}
    if reason:
        body["reason"] = reason
    answer = await service.http.put(
        f"/journal/lessons/{lesson}/attendance/{student}",
        json=body,
        headers=school.auth(school.teacher),
    )
    assert answer.status_code == 200, answer.text
    result: dict[str, object] = answer.json()
    return result


async def attendance_row(
    admin: asyncpg.Connection, school: School, lesson: UUID, student: UUID
) -> asyncpg.Record:
    row = await admin.fetchrow(
        "SELECT status, reason, reason_corrected_by, reason_corrected_at FROM attendance "
        "WHERE school_id = $1 AND lesson_id = $2 AND student_id = $3",
        school.id,
        lesson,
        student,
    )
    assert row is not None
    return row


async def absence_events(admin: asyncpg.Connection, school: School) -> int:
    count: int = await admin.fetchval(
        "SELECT count(*) FROM outbox WHERE school_id = $1 "
        "AND subject = 'okrug.journal.absence.recorded'",
        school.id,
    )
    return count


async def test_the_class_teacher_corrects_a_reason_and_the_status_stays(
    school: School,
    service: Service,
    sessions: async_sessionmaker[AsyncSession],
    admin_conn: asyncpg.Connection,
) -> None:
    class_teacher = await make_class_teacher(sessions, school, school.class_id)
    stranger = await make_class_teacher(sessions, school, uuid4())
    lesson = await school.lesson(days_ago=1)
    student, present = school.students[0], school.students[1]
    await record(service, school, lesson, student, "late", None)
    events_before = await absence_events(admin_conn, school)
    url = f"/journal/lessons/{lesson}/attendance/{student}"

    corrected = await service.http.patch(
        url, json={"reason": "illness"}, headers=school.auth(class_teacher)
    )
    assert corrected.status_code == 200, corrected.text
    body = corrected.json()
    assert (body["status"], body["reason"]) == ("late", "illness")
    assert body["recorded_by"] == str(school.teacher.person_id)
    assert body["reason_corrected_by"] == str(class_teacher.person_id)
    row = await attendance_row(admin_conn, school, lesson, student)
    assert (row["status"], row["reason"], row["reason_corrected_by"]) == (
        "late",
        "illness",
        class_teacher.person_id,
    )
    assert abs((datetime.now(MOSCOW) - row["reason_corrected_at"]).total_seconds()) < 60
    # A correction is no new absence: notify is not told again.
    assert await absence_events(admin_conn, school) == events_before

    # The status is not changed this way; an unknown reason names its field.
    bad = await service.http.patch(
        url, json={"reason": "holiday", "status": "absent"}, headers=school.auth(class_teacher)
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "body.reason"

    # A teacher re-saving the lesson without a reason keeps the corrected one.
    resave = await service.http.put(
        f"/journal/lessons/{lesson}/record",
        json={"topic": "Дроби", "attendance": [{"student_id": str(student), "status": "late"}]},
        headers=school.auth(school.teacher),
    )
    assert resave.status_code == 200, resave.text
    assert resave.json()["attendance"] == [
        {"student_id": str(student), "status": "late", "reason": "illness"}
    ]

    refused = {
        "class teacher of another class": stranger,
        "another teacher": school.other_teacher,
        "parent": school.parent,
        "director": school.director,
    }
    for who, principal in refused.items():
        answer = await service.http.patch(
            url, json={"reason": "unexcused"}, headers=school.auth(principal)
        )
        assert answer.status_code == 403, (who, answer.text)
    other = School(school.sessions, service)
    await other.setup()
    foreign = await service.http.patch(
        url, json={"reason": "unexcused"}, headers=other.auth(other.teacher)
    )
    assert foreign.status_code == 404
    no_absence = await service.http.patch(
        f"/journal/lessons/{lesson}/attendance/{present}",
        json={"reason": "excused"},
        headers=school.auth(class_teacher),
    )
    assert no_absence.status_code == 404
    row = await attendance_row(admin_conn, school, lesson, student)
    assert row["reason"] == "illness"


async def test_the_lessons_teacher_corrects_only_inside_the_edit_window(
    school: School,
    service: Service,
    sessions: async_sessionmaker[AsyncSession],
    admin_conn: asyncpg.Connection,
) -> None:
    student = school.students[2]
    recent, old = await school.lesson(days_ago=1), await school.lesson(days_ago=10)
    await record(service, school, recent, student, "absent", "unexcused")
    await record(service, school, old, student, "absent", "unexcused")
    await school.set_policy(edit_window="1-week")

    inside = await service.http.patch(
        f"/journal/lessons/{recent}/attendance/{student}",
        json={"reason": "excused"},
        headers=school.auth(school.teacher),
    )
    assert inside.status_code == 200, inside.text
    assert inside.json()["reason_corrected_by"] == str(school.teacher.person_id)
    closed = await service.http.patch(
        f"/journal/lessons/{old}/attendance/{student}",
        json={"reason": "excused"},
        headers=school.auth(school.teacher),
    )
    assert closed.status_code == 409
    assert closed.json()["edit_window"] == "1-week"
    assert (await attendance_row(admin_conn, school, old, student))["reason"] == "unexcused"

    # The class teacher corrects later than any edit window (S1 4.3.6: weekly).
    class_teacher = await make_class_teacher(sessions, school, school.class_id)
    late = await service.http.patch(
        f"/journal/lessons/{old}/attendance/{student}",
        json={"reason": None},
        headers=school.auth(class_teacher),
    )
    assert late.status_code == 200, late.text
    assert late.json()["reason"] is None
    assert late.json()["status"] == "absent"


async def test_a_sick_note_sets_reasons_of_past_and_later_absences(
    school: School,
    service: Service,
    sessions: async_sessionmaker[AsyncSession],
    admin_conn: asyncpg.Connection,
) -> None:
    """Lessons on days -4 .. -1; the note covers -4 .. -2. Before the note: absent -4
    (unexcused), late -3 (no reason), absent -1 (no reason, outside). The note sets the two
    inside (applied = 2); recorded later: -2 without a reason takes "illness", with
    "excused" keeps it; -1 stays without one."""
    class_teacher = await make_class_teacher(sessions, school, school.class_id)
    student, classmate = school.students[4], school.students[5]
    today = datetime.now(MOSCOW).date()
    days = {n: today - timedelta(days=n) for n in (4, 3, 2, 1)}
    lessons = {n: await school.lesson_on(d) for n, d in days.items()}
    second = {n: await school.lesson_on(d) for n, d in days.items() if n in (2,)}
    await record(service, school, lessons[4], student, "absent", "unexcused")
    await record(service, school, lessons[3], student, "late", None)
    await record(service, school, lessons[1], student, "absent", None)
    await record(service, school, lessons[4], classmate, "absent", None)
    url = f"/journal/classes/{school.class_id}/students/{student}/absence-notes"

    created = await service.http.post(
        url,
        json={
            "date_from": str(days[4]),
            "date_to": str(days[2]),
            "reason": "illness",
            "comment": "Справка № 17 из поликлиники",
        },
        headers=school.auth(class_teacher),
    )
    assert created.status_code == 201, created.text
    note = created.json()
    assert note["applied"] == 2
    assert note["created_by"] == str(class_teacher.person_id)
    assert (await attendance_row(admin_conn, school, lessons[4], student))["reason"] == "illness"
    third = await attendance_row(admin_conn, school, lessons[3], student)
    assert (third["status"], third["reason"], third["reason_corrected_by"]) == (
        "late",
        "illness",
        class_teacher.person_id,
    )
    assert (await attendance_row(admin_conn, school, lessons[1], student))["reason"] is None
    assert (await attendance_row(admin_conn, school, lessons[4], classmate))["reason"] is None

    # Recorded later in the range: the note's reason when the teacher gives none.
    later = await record(service, school, lessons[2], student, "absent", None)
    assert later["reason"] == "illness"
    saved = await service.http.put(
        f"/journal/lessons/{second[2]}/record",
        json={
            "attendance": [
                {"student_id": str(student), "status": "absent"},
                {"student_id": str(classmate), "status": "absent"},
            ]
        },
        headers=school.auth(school.teacher),
    )
    assert saved.status_code == 200, saved.text
    assert {(a["student_id"], a["reason"]) for a in saved.json()["attendance"]} == {
        (str(student), "illness"),
        (str(classmate), None),
    }
    given = await record(service, school, lessons[2], student, "absent", "excused")
    assert given["reason"] == "excused"

    listed = await service.http.get(url, headers=school.auth(school.director))
    assert listed.status_code == 200
    assert [(n["id"], n["date_from"], n["date_to"], n["reason"]) for n in listed.json()] == [
        (note["id"], str(days[4]), str(days[2]), "illness")
    ]
    deleted = await service.http.delete(f"{url}/{note['id']}", headers=school.auth(class_teacher))
    assert deleted.status_code == 204
    # The reasons it set stay; a later absence no longer takes it.
    assert (await attendance_row(admin_conn, school, lessons[4], student))["reason"] == "illness"
    after = await record(service, school, second[2], classmate, "absent", None)
    assert after["reason"] is None
    again = await service.http.delete(f"{url}/{note['id']}", headers=school.auth(class_teacher))
    assert again.status_code == 404


async def test_absence_notes_are_validated_and_refused_to_others(
    school: School,
    service: Service,
    sessions: async_sessionmaker[AsyncSession],
    admin_conn: asyncpg.Connection,
) -> None:
    class_teacher = await make_class_teacher(sessions, school, school.class_id)
    other_class = uuid4()
    stranger = await make_class_teacher(sessions, school, other_class)
    student = school.students[0]
    url = f"/journal/classes/{school.class_id}/students/{student}/absence-notes"
    start = date(2026, 11, 2)

    def body(days: int, **extra: object) -> dict[str, object]:
        end = start + timedelta(days=days - 1)
        return {"date_from": str(start), "date_to": str(end), "reason": "illness", **extra}

    unordered = {"date_from": "2026-11-05", "date_to": "2026-11-04", "reason": "illness"}
    for payload, field, code in (
        (unordered, "body.date_to", "absence-note-reversed"),
        # 2 Nov .. 2 Mar: 121 days, one more than allowed
        (body(121), "body.date_to", "absence-note-too-long"),
        (body(3, reason="flu"), "body.reason", "literal_error"),
    ):
        answer = await service.http.post(url, json=payload, headers=school.auth(class_teacher))
        assert answer.status_code == 422, answer.text
        error = answer.json()["errors"][0]
        assert (error["field"], error["code"]) == (field, code)
    too_long = await service.http.post(url, json=body(121), headers=school.auth(class_teacher))
    assert too_long.json()["errors"][0]["params"] == {"max_days": 120}  # the app words it
    longest = await service.http.post(url, json=body(120), headers=school.auth(class_teacher))
    assert longest.status_code == 201, longest.text

    not_in_class = await service.http.post(
        f"/journal/classes/{school.class_id}/students/{uuid4()}/absence-notes",
        json=body(3),
        headers=school.auth(class_teacher),
    )
    assert not_in_class.status_code == 404
    for principal in (stranger, school.teacher, school.parent, school.director):
        refused = await service.http.post(url, json=body(3), headers=school.auth(principal))
        assert refused.status_code == 403, refused.text
    stranger_reads = await service.http.get(url, headers=school.auth(stranger))
    assert stranger_reads.status_code == 403
    other = School(school.sessions, service)
    await other.setup()
    foreign = await service.http.get(url, headers=other.auth(other.director))
    assert foreign.status_code == 404
    notes = await admin_conn.fetchval(
        "SELECT count(*) FROM absence_notes WHERE school_id = $1", school.id
    )
    assert notes == 1


async def test_the_class_teacher_reads_the_week_monday_to_saturday(
    school: School,
    service: Service,
    sessions: async_sessionmaker[AsyncSession],
    peer_channels: dict[str, object],
) -> None:
    """The week of a Wednesday holds Monday's to Saturday's lessons (not Sunday's, not the
    next Monday's), students in journal order, and every absence and late with its reason
    as recorded; another class's class teacher and a parent are refused, a bad date is a
    422 naming it."""
    identity = peer_channels["identity"]
    assert isinstance(identity, FakeIdentityChannel)
    for student, last in zip(school.students[:3], ("Петрова", "Андреев", "Ёлкина"), strict=True):
        identity.add_person(school.id, student, last, "Анна", "Ивановна")
    class_teacher = await make_class_teacher(sessions, school, school.class_id)
    stranger = await make_class_teacher(sessions, school, uuid4())
    wednesday = date(2026, 10, 7)
    monday, saturday = date(2026, 10, 5), date(2026, 10, 10)
    inside = [await school.lesson_on(day) for day in (monday, wednesday, saturday)]
    outside = [await school.lesson_on(day) for day in (date(2026, 10, 4), date(2026, 10, 12))]
    absent, late = school.students[1], school.students[2]
    teacher = school.teacher.person_id
    async with tenant_transaction(sessions, school.id) as session:
        for lesson in (*inside, *outside):
            session.add(
                Attendance(
                    school_id=school.id,
                    lesson_id=lesson,
                    student_id=absent,
                    status="absent",
                    recorded_by=teacher,
                )
            )
        session.add(
            Attendance(
                school_id=school.id,
                lesson_id=inside[1],
                student_id=late,
                status="late",
                reason="excused",
                recorded_by=teacher,
            )
        )
    url = f"/journal/classes/{school.class_id}/attendance/week"

    answer = await service.http.get(
        url, params={"date": wednesday.isoformat()}, headers=school.auth(class_teacher)
    )

    assert answer.status_code == 200, answer.text
    week = answer.json()
    assert (week["date_from"], week["date_to"]) == (monday.isoformat(), saturday.isoformat())
    assert [lesson["lesson_id"] for lesson in week["lessons"]] == [str(x) for x in inside]
    names = [s["student_name"] for s in week["students"][:3]]
    assert names == ["Андреев Анна Ивановна", "Ёлкина Анна Ивановна", "Петрова Анна Ивановна"]
    assert week["students"][0]["short_name"] == "Андреев А. И."
    assert week["students"][0]["lesson_ids"] == [str(x) for x in inside]
    entries = {
        (e["lesson_id"], e["student_id"]): (e["status"], e["reason"]) for e in week["entries"]
    }
    assert entries == {
        **{(str(lesson), str(absent)): ("absent", None) for lesson in inside},
        (str(inside[1]), str(late)): ("late", "excused"),
    }

    for refused in (stranger, school.parent):
        denied = await service.http.get(url, headers=school.auth(refused))
        assert denied.status_code == 403, denied.text
    bad = await service.http.get(
        url, params={"date": "07.10.2026"}, headers=school.auth(class_teacher)
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "query.date"
