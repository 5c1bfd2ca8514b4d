"""Paper journals brought back (issue 5 point 10; J13, S1 6.1-6.2): the template, the import
of marks, attendance, topics and homework with their lesson dates, every row checked (bad
rows rejected with line and reason, good rows imported in one go), idempotent re-runs, late
timeliness facts with source paper, one outbox event per fact, the import log."""

import asyncio
import io
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import pytest
from journal_support import MOSCOW, School, person
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]

from okrug.journal.v1 import journal_pb2
from okrug_common.auth import Principal
from okrug_common.db import tenant_transaction
from okrug_common.roles import Role
from okrug_common.testing import Service
from okrug_journal import people
from okrug_journal.models import GroupMemberProjection, LessonCancellation, LessonProjection
from okrug_journal.paper_import.columns import COLUMNS

HEADER = ";".join(c.header for c in COLUMNS)
KEYS = [c.key for c in COLUMNS]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def day(days_ago: int) -> date:
    return datetime.now(MOSCOW).date() - timedelta(days=days_ago)


def row(**cells: object) -> str:
    """A CSV line with the given columns filled, the others empty."""
    return ";".join(str(cells.get(k, "")) for k in KEYS)


def csv_file(*rows: str) -> bytes:
    return "\n".join([HEADER, *rows, ""]).encode()


async def upload(
    service: Service,
    school: School,
    who: Principal,
    body: bytes,
    content_type: str = "text/csv",
    **query: str,
) -> Any:
    params = {"class_id": str(school.class_id), "subject_id": str(school.subject_id), **query}
    return await service.http.post(
        "/journal/paper-import",
        params=params,
        content=body,
        headers=school.auth(who, **{"content-type": content_type}),
    )


async def counts(admin: asyncpg.Connection, school: School) -> dict[str, int]:
    result = {}
    for table in (
        "marks",
        "attendance",
        "lesson_records",
        "entry_timeliness",
        "outbox",
        "paper_import_entries",
    ):
        result[table] = await admin.fetchval(
            f"SELECT count(*) FROM {table} WHERE school_id = $1",
            school.id,
        )
    return result


def rejected_by_line(body: dict[str, Any]) -> dict[int, tuple[str, str]]:
    return {r["line"]: (r["column"], r["reason"]) for r in body["rejected_lines"]}


@pytest.fixture
async def lessons(school: School) -> dict[str, UUID]:
    """Three lessons of the class's subject: two of the teacher, one the other teacher took
    (a substitution); no lesson 1 day ago."""
    return {
        "three_days_ago": await school.lesson(3),
        "four_days_ago_other": await school.lesson(4, teacher=school.other_teacher),
        "five_days_ago": await school.lesson(5),
    }


def mixed_file(school: School, stranger: UUID, *, fixed: bool = False) -> bytes:
    s = school.students
    l3, l4, l5 = day(3).isoformat(), day(4).isoformat(), day(5).isoformat()
    return csv_file(
        row(date=l3, student_id=s[0], mark="5", work_type="classwork"),  # 2 good
        row(date=l3, student_id=s[1], attendance="н", reason="болезнь"),  # 3 good: absent
        row(date=l3, topic="Дроби", homework="№ 12, 14"),  # 4 good: the lesson's texts
        row(date=l3, student_id=s[2], mark="4" if fixed else "7", work_type="oral"),  # 5
        row(date=l3, student_id=s[3], mark="3", work_type="oral" if fixed else "dance"),  # 6
        row(date=l3, student_id=stranger, mark="4", work_type="oral"),  # 7 not in the class
        ";" * (len(KEYS) - 1),  # 8: an empty template row: skipped, still a line
        row(date=day(1).isoformat(), student_id=s[4], mark="4", work_type="oral"),  # 9
        row(date=l4, student_id=s[4], mark="4", work_type="oral"),  # 10 another's lesson
        row(date=day(5).strftime("%d.%m.%Y"), student_id=s[5], attendance="оп"),  # 11 good
        row(date=l5, student_id=s[0], mark="зачёт", work_type="oral"),  # 12 not five-point
        row(date="31.02.2026", student_id=s[0], mark="4", work_type="oral"),  # 13
    )


async def test_good_rows_are_imported_bad_ones_rejected_with_line_and_reason(
    school: School, service: Service, admin_conn: asyncpg.Connection, lessons: dict[str, UUID]
) -> None:
    stranger = uuid4()
    response = await upload(service, school, school.teacher, mixed_file(school, stranger))
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["rows"], body["imported"], body["unchanged"], body["rejected"]) == (11, 4, 0, 7)
    # Lines 2, 3, 4 and 11: a mark, an absence, a topic with homework, a late.
    assert body["entries"] == {"mark": 1, "attendance": 2, "topic": 1, "homework": 1}
    rejected = rejected_by_line(body)
    assert sorted(rejected) == [5, 6, 7, 9, 10, 12, 13]
    assert rejected[5][0] == "mark"
    assert "'7' is not a mark" in rejected[5][1]
    assert rejected[6][0] == "work_type"
    assert "Unknown work type 'dance'" in rejected[6][1]
    assert rejected[7] == ("student_id", "The student is not in this class.")
    assert rejected[9][0] == "date"
    assert "No lesson of the subject" in rejected[9][1]
    assert rejected[10][0] == "date"
    assert "not this lesson's teacher of record" in rejected[10][1]
    assert rejected[12][0] == "mark"
    assert "'pass' is not a mark" in rejected[12][1]
    assert rejected[13][0] == "date"
    assert "is not a date" in rejected[13][1]
    # Each reason has a code and its parameters, for the app to word in Russian.
    codes = {r["line"]: (r["code"], r["params"]) for r in body["rejected_lines"]}
    assert codes[5] == ("mark-not-on-scale", {"value": "7"})
    assert (codes[6][0], codes[6][1]["value"]) == ("unknown-work-type", "dance")
    assert codes[7] == ("student-not-in-class", {})
    assert codes[9][0] == "no-lesson"
    assert codes[10] == ("not-teacher-of-record", {})
    assert codes[13] == ("not-a-date", {"value": "31.02.2026"})

    s = school.students
    marks = await admin_conn.fetch(
        "SELECT lesson_id, student_id, value, work_type, source FROM marks WHERE school_id = $1",
        school.id,
    )
    assert [tuple(m) for m in marks] == [
        (lessons["three_days_ago"], s[0], "5", "classwork", "paper")
    ]
    attendance = await admin_conn.fetch(
        "SELECT lesson_id, student_id, status, reason, source FROM attendance "
        "WHERE school_id = $1 ORDER BY status",
        school.id,
    )
    assert [tuple(a) for a in attendance] == [
        (lessons["three_days_ago"], s[1], "absent", "illness", "paper"),
        (lessons["five_days_ago"], s[5], "late", None, "paper"),
    ]
    record = await admin_conn.fetchrow(
        "SELECT lesson_id, topic, homework->>'text' AS homework, held, source, teacher_id "
        "FROM lesson_records WHERE school_id = $1",
        school.id,
    )
    assert record is not None
    assert tuple(record) == (
        lessons["three_days_ago"],
        "Дроби",
        "№ 12, 14",
        True,
        "paper",
        school.teacher.person_id,
    )

    # Timeliness (J4): every entry entered now against its due moment: all past due, late.
    facts = await admin_conn.fetch(
        "SELECT kind, lesson_id, timeliness, source, teacher_id, entered_by FROM entry_timeliness "
        "WHERE school_id = $1 ORDER BY kind, lesson_id",
        school.id,
    )
    assert sorted((f["kind"], f["lesson_id"]) for f in facts) == sorted(
        [
            ("attendance", lessons["three_days_ago"]),
            ("attendance", lessons["five_days_ago"]),
            ("homework", lessons["three_days_ago"]),
            ("mark", lessons["three_days_ago"]),
            ("topic", lessons["three_days_ago"]),
        ]
    )
    assert all(f["timeliness"] == "late" and f["source"] == "paper" for f in facts)
    # A classwork mark is due 2 days after the lesson (the policy's default), at midnight
    # after that day in Moscow: lesson 3 days ago + 2 days = yesterday, so due at 00:00 today.
    mark_due = await admin_conn.fetchval(
        "SELECT due_at FROM entry_timeliness WHERE school_id = $1 AND kind = 'mark'", school.id
    )
    assert mark_due == datetime.combine(day(3) + timedelta(days=3), time(0), MOSCOW)
    assert {(f["teacher_id"], f["entered_by"]) for f in facts} == {
        (school.teacher.person_id, school.teacher.person_id)
    }

    # One outbox event per fact: 1 mark, 2 absences (absent and late), 1 homework; and the
    # import's timeliness facts as one event.
    events = await admin_conn.fetch(
        "SELECT subject, payload FROM outbox WHERE school_id = $1 ORDER BY subject", school.id
    )
    assert [e["subject"] for e in events] == [
        "okrug.journal.absence.recorded",
        "okrug.journal.absence.recorded",
        "okrug.journal.entries.timed",
        "okrug.journal.homework.set",
        "okrug.journal.mark.recorded",
    ]
    timed = journal_pb2.EntriesTimed.FromString(events[2]["payload"])
    assert len(timed.facts) == 5
    assert {(f.source, f.timeliness, f.entered_by) for f in timed.facts} == {
        (
            journal_pb2.ENTRY_SOURCE_PAPER,
            journal_pb2.ENTRY_TIMELINESS_LATE,
            str(school.teacher.person_id),
        )
    }
    events = [e for e in events if e["subject"] != "okrug.journal.entries.timed"]
    absences = [journal_pb2.AbsenceRecorded.FromString(e["payload"]) for e in events[:2]]
    assert {(a.student_id, a.imported_from_paper) for a in absences} == {
        (str(s[1]), True),
        (str(s[5]), True),
    }
    assert journal_pb2.HomeworkSet.FromString(events[2]["payload"]).imported_from_paper
    recorded = journal_pb2.MarkRecorded.FromString(events[3]["payload"])
    assert (recorded.mark.value, recorded.mark.imported_from_paper) == ("5", True)
    assert recorded.lesson.lesson_date.day == day(3).day


async def test_the_same_file_again_changes_nothing_and_a_corrected_one_imports_just_the_fixes(
    school: School, service: Service, admin_conn: asyncpg.Connection, lessons: dict[str, UUID]
) -> None:
    stranger = uuid4()
    first = await upload(service, school, school.teacher, mixed_file(school, stranger))
    assert first.json()["imported"] == 4
    before = await counts(admin_conn, school)

    again = await upload(service, school, school.teacher, mixed_file(school, stranger))
    body = again.json()
    assert (body["imported"], body["unchanged"], body["rejected"]) == (0, 4, 7)
    assert body["unchanged_lines"] == [2, 3, 4, 11]
    assert await counts(admin_conn, school) == before

    # Lines 5 and 6 corrected (a mark 4 instead of 7, the work type oral instead of dance).
    fixed = await upload(service, school, school.teacher, mixed_file(school, stranger, fixed=True))
    body = fixed.json()
    assert (body["imported"], body["unchanged"], body["rejected"]) == (2, 4, 5)
    after = await counts(admin_conn, school)
    # Two marks: each a mark row, a timeliness fact, an event and an identity; the two
    # facts one EntriesTimed event.
    assert after == {
        **before,
        "marks": before["marks"] + 2,
        "entry_timeliness": before["entry_timeliness"] + 2,
        "outbox": before["outbox"] + 3,
        "paper_import_entries": before["paper_import_entries"] + 2,
    }
    values = await admin_conn.fetch(
        "SELECT student_id, value FROM marks WHERE school_id = $1 AND work_type = 'oral'",
        school.id,
    )
    assert {(v["student_id"], v["value"]) for v in values} == {
        (school.students[2], "4"),
        (school.students[3], "3"),
    }


async def test_a_changed_value_of_an_imported_mark_is_refused_not_doubled(
    school: School, service: Service, admin_conn: asyncpg.Connection, lessons: dict[str, UUID]
) -> None:
    student, when = school.students[0], day(3).isoformat()
    first = csv_file(row(date=when, student_id=student, mark="4", work_type="oral"))
    assert (await upload(service, school, school.teacher, first)).json()["imported"] == 1
    changed = csv_file(row(date=when, student_id=student, mark="5", work_type="oral"))
    body = (await upload(service, school, school.teacher, changed)).json()
    assert body["rejected"] == 1
    assert (
        "«4» (oral) of this student in this lesson was imported"
        in body["rejected_lines"][0]["reason"]
    )
    # A second oral mark is imported when the file has both.
    both = csv_file(
        row(date=when, student_id=student, mark="4", work_type="oral"),
        row(date=when, student_id=student, mark="5", work_type="oral"),
    )
    body = (await upload(service, school, school.teacher, both)).json()
    assert (body["imported"], body["unchanged"], body["rejected"]) == (1, 1, 0)
    values = await admin_conn.fetch(
        "SELECT value FROM marks WHERE school_id = $1 ORDER BY value", school.id
    )
    assert [v["value"] for v in values] == ["4", "5"]


async def test_a_dry_run_reports_and_writes_nothing(
    school: School, service: Service, admin_conn: asyncpg.Connection, lessons: dict[str, UUID]
) -> None:
    before = await counts(admin_conn, school)
    response = await upload(
        service, school, school.teacher, mixed_file(school, uuid4()), dry_run="true"
    )
    body = response.json()
    assert (body["dry_run"], body["import_id"], body["imported"], body["rejected"]) == (
        True,
        None,
        4,
        7,
    )
    assert await counts(admin_conn, school) == before
    log = await service.http.get("/journal/paper-import/log", headers=school.auth(school.admin))
    assert log.json() == []


async def test_xlsx_template_filled_in_and_imported(
    school: School,
    service: Service,
    admin_conn: asyncpg.Connection,
    lessons: dict[str, UUID],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def names(runtime: object, school_id: UUID, ids: Any) -> dict[UUID, people.PersonName]:
        return {
            s: people.PersonName(f"Ученик{i:02d}", "Имя") for i, s in enumerate(school.students)
        }

    monkeypatch.setattr(people, "names", names)
    query = {
        "class_id": str(school.class_id),
        "subject_id": str(school.subject_id),
        "date_from": day(5).isoformat(),
        "date_to": day(3).isoformat(),
    }
    response = await service.http.get(
        "/journal/paper-import/template",
        params={**query, "format": "xlsx"},
        headers=school.auth(school.teacher),
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][:2] == ["Дата / date", "Урок № / period"]
    # 3 lessons (the other teacher's too: the template is the class's), each a lesson row
    # and 25 student rows: 1 header + 3 * 26.
    assert len(rows) == 1 + 3 * 26
    assert rows[1][0] == day(5).isoformat()
    assert rows[1][4] is None
    assert rows[2][4] == str(school.students[0])
    assert rows[2][5] == "Ученик00 Имя"

    book = load_workbook(io.BytesIO(response.content))
    journal = book.active
    journal.cell(row=3, column=KEYS.index("mark") + 1, value=4)  # a number cell, as Excel
    journal.cell(row=3, column=KEYS.index("work_type") + 1, value="Устный ответ")
    journal.cell(row=4, column=KEYS.index("attendance") + 1, value="н")
    journal.cell(row=2, column=KEYS.index("topic") + 1, value="Проценты")
    buffer = io.BytesIO()
    book.save(buffer)
    imported = await upload(service, school, school.teacher, buffer.getvalue(), XLSX)
    body = imported.json()
    assert imported.status_code == 200, imported.text
    assert (body["file_format"], body["imported"], body["rejected"]) == ("xlsx", 3, 0)
    mark = await admin_conn.fetchrow(
        "SELECT lesson_id, student_id, value, work_type FROM marks WHERE school_id = $1",
        school.id,
    )
    assert mark is not None
    assert tuple(mark) == (lessons["five_days_ago"], school.students[0], "4", "oral")

    csv_template = await service.http.get(
        "/journal/paper-import/template",
        params={**query, "format": "csv"},
        headers=school.auth(school.teacher),
    )
    lines = csv_template.content.decode("utf-8-sig").splitlines()
    assert lines[0] == HEADER
    assert len(lines) == 1 + 3 * 26


async def test_xlsx_and_csv_of_the_same_rows_import_the_same(
    school: School, service: Service, admin_conn: asyncpg.Connection, lessons: dict[str, UUID]
) -> None:
    s = school.students
    cells = [
        {"date": day(3).isoformat(), "student_id": str(s[0]), "mark": "5", "work_type": "test"},
        {"date": day(3).isoformat(), "student_id": str(s[1]), "attendance": "н"},
    ]
    book = Workbook()
    sheet = book.active
    sheet.append([c.header for c in COLUMNS])
    for values in cells:
        sheet.append([values.get(k, "") for k in KEYS])
    buffer = io.BytesIO()
    book.save(buffer)
    xlsx = (await upload(service, school, school.teacher, buffer.getvalue(), XLSX)).json()
    assert (xlsx["imported"], xlsx["rejected"]) == (2, 0)
    # The same rows as CSV (comma separated this time) are already there.
    header = ",".join(c.header for c in COLUMNS)
    text = "\n".join([header, *(",".join(v.get(k, "") for k in KEYS) for v in cells)])
    again = (await upload(service, school, school.teacher, text.encode())).json()
    assert (again["imported"], again["unchanged"], again["rejected"]) == (0, 2, 0)


async def test_edit_window_binds_the_teacher_not_the_school_admin(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    """A teacher imports inside the edit window (2 weeks by default); the school's
    administration also after it, and any teacher's lesson."""
    old = await school.lesson(20)
    others = await school.lesson(2, teacher=school.other_teacher)
    file = csv_file(
        row(date=day(20).isoformat(), student_id=school.students[0], attendance="н"),
        row(date=day(2).isoformat(), student_id=school.students[1], attendance="н"),
    )
    by_teacher = (await upload(service, school, school.teacher, file)).json()
    assert by_teacher["imported"] == 0
    reasons = rejected_by_line(by_teacher)
    assert "locked since" in reasons[2][1]
    assert "administration can import" in reasons[2][1]
    assert "not this lesson's teacher of record" in reasons[3][1]
    by_admin = (await upload(service, school, school.admin, file)).json()
    assert (by_admin["imported"], by_admin["rejected"]) == (2, 0)
    rows = await admin_conn.fetch(
        "SELECT lesson_id, recorded_by FROM attendance WHERE school_id = $1", school.id
    )
    assert {(r["lesson_id"], r["recorded_by"]) for r in rows} == {
        (old, school.admin.person_id),
        (others, school.admin.person_id),
    }
    # The lateness is the lesson's teacher's journal keeping; who imported is in the log
    # and in every fact (J4: who made the entry and how).
    teachers = await admin_conn.fetch(
        "SELECT lesson_id, teacher_id, entered_by, source FROM entry_timeliness "
        "WHERE school_id = $1",
        school.id,
    )
    assert {tuple(t) for t in teachers} == {
        (old, school.teacher.person_id, school.admin.person_id, "paper"),
        (others, school.other_teacher.person_id, school.admin.person_id, "paper"),
    }
    log = await service.http.get("/journal/paper-import/log", headers=school.auth(school.director))
    entries = log.json()
    assert [(e["imported_by"], e["imported"], e["rejected"]) for e in entries] == [
        (str(school.admin.person_id), 2, 0),
        (str(school.teacher.person_id), 0, 2),
    ]
    assert entries[1]["rejected_lines"][0]["line"] == 2


async def test_future_lessons_and_two_lessons_a_day(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    tomorrow = await school.lesson(-1)
    second, fifth = uuid4(), uuid4()
    when = day(2)
    async with tenant_transaction(school.sessions, school.id) as session:
        for lesson_id, period in ((second, 2), (fifth, 5)):
            session.add(
                LessonProjection(
                    school_id=school.id,
                    lesson_id=lesson_id,
                    class_id=school.class_id,
                    subject_id=school.subject_id,
                    subject_name="Математика",
                    teacher_id=school.teacher.person_id,
                    lesson_date=when,
                    starts_at=datetime.combine(when, time(8 + period), MOSCOW).astimezone(UTC),
                    period_number=period,
                )
            )
    student = school.students[0]
    file = csv_file(
        row(date=day(-1).isoformat(), student_id=student, attendance="н"),
        row(date=when.isoformat(), student_id=student, attendance="н"),
        row(date=when.isoformat(), period=5, student_id=student, attendance="н"),
    )
    body = (await upload(service, school, school.teacher, file)).json()
    reasons = rejected_by_line(body)
    assert reasons[2] == ("date", "The lesson is still to come: there is nothing to bring back.")
    assert reasons[3][0] == "period"
    assert "2 lessons of the subject" in reasons[3][1]
    assert body["imported"] == 1
    lesson = await admin_conn.fetchval(
        "SELECT lesson_id FROM attendance WHERE school_id = $1", school.id
    )
    assert lesson == fifth != tomorrow


async def test_grade_one_refuses_marks_and_homework_but_takes_attendance_and_topics(
    sessions: Any, service: Service, admin_conn: asyncpg.Connection
) -> None:
    first_grade = await School(sessions, service, grade=1).setup()
    await first_grade.lesson(1)
    when, student = day(1).isoformat(), first_grade.students[0]
    file = csv_file(
        row(date=when, student_id=student, mark="5", work_type="oral"),
        row(date=when, homework="Прописи"),
        row(date=when, student_id=student, attendance="н"),
        row(date=when, topic="Буква А"),
    )
    body = (await upload(service, first_grade, first_grade.teacher, file)).json()
    reasons = rejected_by_line(body)
    assert reasons == {
        2: ("mark", "Grade 1 gets no marks under the school's policy."),
        3: ("homework", "Grade 1 gets no homework under the school's policy."),
    }
    assert body["imported"] == 2


async def test_who_may_import_and_bad_files(
    school: School, service: Service, admin_conn: asyncpg.Connection, lessons: dict[str, UUID]
) -> None:
    file = csv_file(row(date=day(3).isoformat(), student_id=school.students[0], attendance="н"))
    # A parent, the secretary, a teacher who does not teach the subject to the class.
    for who in (school.parent, person(school.id, Role.SECRETARY), person(school.id, Role.TEACHER)):
        assert (await upload(service, school, who, file)).status_code == 403
    # Another school's class is not found.
    other = await School(school.sessions, service).setup()
    await other.lesson(3)
    foreign = await service.http.post(
        "/journal/paper-import",
        params={"class_id": str(other.class_id), "subject_id": str(other.subject_id)},
        content=file,
        headers=school.auth(school.admin, **{"content-type": "text/csv"}),
    )
    assert foreign.status_code == 404
    assert (
        await service.http.get("/journal/paper-import/log", headers=school.auth(school.teacher))
    ).status_code == 403
    # Bad files are a 422 and write nothing.
    before = await counts(admin_conn, school)
    for body, content_type in (
        (b"", "text/csv"),
        (b"student_id;mark\n1;5\n", "text/csv"),
        (b"PK\x03\x04 not really a workbook", XLSX),
    ):
        refused = await upload(service, school, school.teacher, body, content_type)
        assert refused.status_code == 422, refused.text
        assert refused.json()["errors"][0]["field"] == "file"
    assert await counts(admin_conn, school) == before


async def test_two_uploads_of_the_same_file_at_once_import_it_once(
    school: School, service: Service, admin_conn: asyncpg.Connection, lessons: dict[str, UUID]
) -> None:
    file = csv_file(
        *(
            row(date=day(3).isoformat(), student_id=s, mark="4", work_type="oral")
            for s in school.students[:10]
        )
    )
    first, second = await asyncio.gather(
        upload(service, school, school.teacher, file), upload(service, school, school.admin, file)
    )
    imported = sorted([first.json()["imported"], second.json()["imported"]])
    assert imported == [0, 10]
    assert (
        await admin_conn.fetchval("SELECT count(*) FROM marks WHERE school_id = $1", school.id)
        == 10
    )


async def test_entries_already_in_the_journal_online_are_unchanged_or_refused(
    school: School, service: Service, admin_conn: asyncpg.Connection, lessons: dict[str, UUID]
) -> None:
    lesson, s = lessons["three_days_ago"], school.students
    await school.set_policy(edit_window="year-end")
    saved = await service.http.put(
        f"/journal/lessons/{lesson}/record",
        json={"topic": "Дроби", "attendance": [{"student_id": str(s[0]), "status": "absent"}]},
        headers=school.auth(school.teacher),
    )
    assert saved.status_code == 200, saved.text
    when = day(3).isoformat()
    file = csv_file(
        row(date=when, student_id=s[0], attendance="н"),  # 2: the same as online
        row(date=when, student_id=s[0], attendance="оп"),  # 3: online says absent
        row(date=when, topic="Проценты"),  # 4: online has another topic
        row(date=when, student_id=s[1], attendance="оп"),  # 5: new
    )
    body = (await upload(service, school, school.teacher, file)).json()
    assert (body["imported"], body["unchanged_lines"]) == (1, [2])
    reasons = rejected_by_line(body)
    assert reasons[3][0] == "attendance"
    assert "already records absent" in reasons[3][1]
    assert reasons[4] == ("topic", "The lesson already has the topic «Дроби».")
    sources = await admin_conn.fetch(
        "SELECT student_id, status, source FROM attendance WHERE school_id = $1", school.id
    )
    assert {tuple(r) for r in sources} == {(s[0], "absent", "online"), (s[1], "late", "paper")}


async def test_group_lessons_go_to_the_students_group_and_cancelled_lessons_take_nothing(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    when, s = day(2), school.students
    first_group, second_group = uuid4(), uuid4()
    lesson_of = {first_group: uuid4(), second_group: uuid4()}
    kept, dropped = uuid4(), uuid4()  # cancelled: one kept for its records, one dropped
    async with tenant_transaction(school.sessions, school.id) as session:
        for group_id, name in ((first_group, "1 группа"), (second_group, "2 группа")):
            session.add(
                LessonProjection(
                    school_id=school.id,
                    lesson_id=lesson_of[group_id],
                    class_id=school.class_id,
                    subject_id=school.subject_id,
                    subject_name="Английский язык",
                    teacher_id=school.teacher.person_id,
                    lesson_date=when,
                    starts_at=datetime.combine(when, time(10), MOSCOW).astimezone(UTC),
                    group_id=group_id,
                    group_name=name,
                    period_number=3,
                )
            )
        for student, group_id in ((s[0], first_group), (s[1], second_group)):
            session.add(
                GroupMemberProjection(
                    school_id=school.id,
                    group_id=group_id,
                    student_id=student,
                    since=day(100),
                )
            )
        session.add(
            LessonProjection(
                school_id=school.id,
                lesson_id=kept,
                class_id=school.class_id,
                subject_id=school.subject_id,
                subject_name="Английский язык",
                teacher_id=school.teacher.person_id,
                lesson_date=day(7),
                starts_at=datetime.combine(day(7), time(10), MOSCOW).astimezone(UTC),
            )
        )
        for lesson_id, days_ago in ((kept, 7), (dropped, 6)):
            session.add(
                LessonCancellation(
                    school_id=school.id,
                    lesson_id=lesson_id,
                    class_id=school.class_id,
                    subject_id=school.subject_id,
                    teacher_id=school.teacher.person_id,
                    lesson_date=day(days_ago),
                )
            )
    file = csv_file(
        row(date=when.isoformat(), student_id=s[0], attendance="н"),  # 2: the 1st group's
        row(date=when.isoformat(), student_id=s[1], attendance="н"),  # 3: the 2nd group's
        row(date=when.isoformat(), student_id=s[2], attendance="н"),  # 4: in neither group
        row(date=when.isoformat(), group="1 группа", student_id=s[1], attendance="н"),  # 5
        row(date=day(6).isoformat(), student_id=s[0], attendance="н"),  # 6: cancelled
        row(date=day(7).isoformat(), student_id=s[0], attendance="н"),  # 7: cancelled, kept
    )
    body = (await upload(service, school, school.teacher, file)).json()
    assert body["imported"] == 2
    reasons = rejected_by_line(body)
    assert sorted(reasons) == [4, 5, 6, 7]
    assert reasons[4][0] == "period"
    assert reasons[5][0] == "student_id"
    assert "not in the group 1 группа" in reasons[5][1]
    assert reasons[6] == ("date", f"The lesson of {day(6).isoformat()} was cancelled.")
    assert reasons[7] == ("date", f"The lesson of {day(7).isoformat()} was cancelled.")
    rows = await admin_conn.fetch(
        "SELECT lesson_id, student_id FROM attendance WHERE school_id = $1", school.id
    )
    assert {tuple(r) for r in rows} == {
        (lesson_of[first_group], s[0]),
        (lesson_of[second_group], s[1]),
    }


def test_a_name_that_looks_like_a_formula_stays_text_in_the_xlsx_template() -> None:
    from okrug_journal.paper_import.files import template_xlsx
    from okrug_journal.policy.defaults import district_defaults

    made = template_xlsx([["2026-11-20", "1", "", "", str(uuid4()), "=1+1"]], district_defaults())
    cell = load_workbook(io.BytesIO(made)).active.cell(row=2, column=6)
    assert (cell.value, cell.data_type) == ("=1+1", "s")
