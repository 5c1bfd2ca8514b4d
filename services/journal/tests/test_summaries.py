"""Summary sheets of a student and of a class (issue 5 point 9; J10), on a hand-computed
fixture written out below; JSON and printable PDF; who may read them (I5)."""

import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest
from journal_support import MOSCOW, FakeIdentityChannel, JournalEntries, School, person
from pypdf import PdfReader
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug_common.auth import Principal
from okrug_common.db import tenant_transaction
from okrug_common.roles import Role
from okrug_common.testing import Service
from okrug_journal.models import (
    ClassTeacherProjection,
    GroupMemberProjection,
    GuardianProjection,
)
from okrug_journal.policy import rules
from okrug_journal.policy.defaults import DEFAULT_WORK_TYPES
from okrug_journal.summaries import pdf
from okrug_journal.summaries.figures import totals
from okrug_journal.summaries.schemas import (
    Absences,
    ClassSummary,
    StudentRow,
    SubjectFigures,
    SubjectHeading,
)

WEEK = ("2026-10-05", "2026-10-11")  # Monday to Sunday
WEIGHTS = {w.code: w.weight for w in DEFAULT_WORK_TYPES}


@pytest.fixture
def identity(peer_channels: dict[str, Any]) -> FakeIdentityChannel:
    fake = peer_channels["identity"]
    assert isinstance(fake, FakeIdentityChannel)
    return fake


@dataclass
class Week:
    school: School
    math: UUID
    russian: UUID

    @property
    def petrova(self) -> UUID:
        return self.school.students[0]

    @property
    def andreev(self) -> UUID:
        return self.school.students[1]

    @property
    def yolkina(self) -> UUID:
        return self.school.students[2]


@pytest.fixture
async def week(
    sessions: async_sessionmaker[AsyncSession], service: Service, identity: FakeIdentityChannel
) -> Week:
    """Class 5А, three students, the week of 5-11 October 2026.

    Математика: L1 Mon, L2 Tue, L3 Wed held; L4 Thu without a record; L5 Fri recorded as
    not held; L0 on Sunday 4 October (before the week) held.
    Русский язык: R1 Mon held; R2 and R3 Wed 10:00 held, for groups G1 and G2. A group
    lesson counts for a student in the group on its date (schedule's dated membership) or
    with an entry on it: Андреев is in G1 only from 8 October (after R2) and in G2 since
    1 September; nobody else is in a group.

    Петрова Анна Сергеевна (students[0]):
      math marks 5 classwork (w1) L1, 4 test (w2) L1, 3 quiz (w1.5) L2, 5 oral (w1) L3,
        and 2 oral on L0 (outside the week, left out);
        count 4; average (5+4+3+5)/4 = 17/4 = 4.25;
        weighted (5*1 + 4*2 + 3*1.5 + 5*1)/(1+2+1.5+1) = 22.5/5.5 = 4.0909.. -> 4.09;
        late L2; absent L4 illness, L5 without a reason;
        lessons planned 5 (L1-L5), held 3 (L1-L3); lates 1; absences 2 (illness 1, none 1).
      russian marks 4 essay (w2) R1, 5 classwork (w1) R2 (her group's lesson);
        average 9/2 = 4.50; weighted (8+5)/3 = 4.333.. -> 4.33; absent R1 unexcused;
        lessons planned 2 (R1, R2), held 2.
      totals: held 5, marks 6, lates 1, absences 3 (illness 1, unexcused 1, none 1).
    Андреев Борис (students[1]):
      math 5 classwork (w1) L1, 4 classwork (w1) L1, 4 test (w2) L2, L3 twice 4 test (w2);
        average 21/5 = 4.20; weighted (5+4+8+8+8)/(1+1+2+2+2) = 33/8 = 4.125 -> 4.13
        (half up); late L1.
      russian: R1 and R3 (his group's; R2 is before he joined G1): planned 2, held 2, no
        marks, late R1.
    Ёлкина Вера (students[2]): no marks; late R3: russian planned 2 (R1, R3), held 2.
    Journal order: Андреев, Ёлкина (ё sorts as е), Петрова.
    The class's headings: Математика held 3; Русский язык held 2 (R2 and R3 one slot)."""
    school = await School(sessions, service, size=3).setup()
    identity.name_school(school.id, "МБОУ СОШ № 7")
    for student, last, first, middle in zip(
        school.students,
        ("Петрова", "Андреев", "Ёлкина"),
        ("Анна", "Борис", "Вера"),
        ("Сергеевна", "", ""),
        strict=True,
    ):
        identity.add_person(school.id, student, last, first, middle)
    j = JournalEntries(sessions, school)
    math, russian = school.subject_id, uuid4()
    w = Week(school, math, russian)
    l0 = await j.lesson("2026-10-04", math, "Математика", True)
    l1 = await j.lesson("2026-10-05", math, "Математика", True)
    l2 = await j.lesson("2026-10-06", math, "Математика", True)
    l3 = await j.lesson("2026-10-07", math, "Математика", True)
    l4 = await j.lesson("2026-10-08", math, "Математика", None)
    l5 = await j.lesson("2026-10-09", math, "Математика", False)
    r1 = await j.lesson("2026-10-05", russian, "Русский язык", True, hour=10)
    g1, g2 = uuid4(), uuid4()
    r2 = await j.lesson("2026-10-07", russian, "Русский язык", True, group=g1, hour=10)
    r3 = await j.lesson("2026-10-07", russian, "Русский язык", True, group=g2, hour=10)
    async with tenant_transaction(sessions, school.id) as session:
        for group, since in ((g1, "2026-10-08"), (g2, "2026-09-01")):
            session.add(
                GroupMemberProjection(
                    school_id=school.id,
                    group_id=group,
                    student_id=w.andreev,
                    since=date.fromisoformat(since),
                )
            )
    a, b, c = w.petrova, w.andreev, w.yolkina
    for lesson, value, kind in (
        (l1, "5", "classwork"),
        (l1, "4", "test"),
        (l2, "3", "quiz"),
        (l3, "5", "oral"),
        (l0, "2", "oral"),
        (r1, "4", "essay"),
        (r2, "5", "classwork"),
    ):
        await j.mark(lesson, a, value, kind)
    await j.attendance(l2, a, "late")
    await j.attendance(l4, a, "absent", "illness")
    await j.attendance(l5, a, "absent")
    await j.attendance(r1, a, "absent", "unexcused")
    for lesson, value, kind in (
        (l1, "5", "classwork"),
        (l1, "4", "classwork"),
        (l2, "4", "test"),
        (l3, "4", "test"),
        (l3, "4", "test"),
    ):
        await j.mark(lesson, b, value, kind)
    await j.attendance(l1, b, "late")
    await j.attendance(r1, b, "late")
    await j.attendance(r3, c, "late")
    return w


def _range() -> dict[str, str]:
    return {"date_from": WEEK[0], "date_to": WEEK[1]}


async def test_student_summary_matches_the_hand_computation(week: Week, service: Service) -> None:
    school = week.school
    response = await service.http.get(
        f"/journal/students/{week.petrova}/summary",
        params=_range(),
        headers=school.auth(school.director),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["school_name"], body["student_name"]) == ("МБОУ СОШ № 7", "Петрова Анна Сергеевна")
    assert body["class_names"] == ["5А"]
    assert (body["date_from"], body["date_to"]) == WEEK
    math, russian = body["subjects"]
    assert (math["subject_name"], russian["subject_name"]) == ("Математика", "Русский язык")
    assert [(m["value"], m["work_type"], m["lesson_date"]) for m in math["marks"]] == [
        ("5", "classwork", "2026-10-05"),
        ("4", "test", "2026-10-05"),
        ("3", "quiz", "2026-10-06"),
        ("5", "oral", "2026-10-07"),
    ]
    assert math["marks"][1]["work_type_title"] == "Контрольная работа"
    assert math["marks"][2]["weight"] == "1.50"
    assert (math["marks_count"], math["average"], math["weighted_average"]) == (4, "4.25", "4.09")
    assert (math["lessons_planned"], math["lessons_held"], math["lates"]) == (5, 3, 1)
    assert math["absences"] == {
        "illness": 1,
        "excused": 0,
        "unexcused": 0,
        "no_reason": 1,
        "total": 2,
    }
    assert (russian["marks_count"], russian["average"], russian["weighted_average"]) == (
        2,
        "4.50",
        "4.33",
    )
    assert (russian["lessons_planned"], russian["lessons_held"], russian["lates"]) == (2, 2, 0)
    assert (russian["absences"]["unexcused"], russian["absences"]["total"]) == (1, 1)
    totals = body["totals"]
    assert (totals["lessons_held"], totals["marks_count"], totals["lates"]) == (5, 6, 1)
    assert totals["absences"] == {
        "illness": 1,
        "excused": 0,
        "unexcused": 1,
        "no_reason": 1,
        "total": 3,
    }
    assert "ROUND_HALF_UP" in body["rounding"]


async def test_a_group_lesson_counts_only_for_its_students(week: Week, service: Service) -> None:
    school = week.school
    answers = {}
    for student in (week.andreev, week.yolkina):
        response = await service.http.get(
            f"/journal/students/{student}/summary",
            params=_range(),
            headers=school.auth(school.director),
        )
        assert response.status_code == 200, response.text
        answers[student] = {s["subject_name"]: s for s in response.json()["subjects"]}
    andreev, yolkina = answers[week.andreev], answers[week.yolkina]
    assert (andreev["Математика"]["average"], andreev["Математика"]["weighted_average"]) == (
        "4.20",
        "4.13",
    )
    assert andreev["Русский язык"]["lessons_planned"] == 2
    assert andreev["Русский язык"]["average"] is None
    assert andreev["Русский язык"]["lates"] == 1
    assert (yolkina["Русский язык"]["lessons_planned"], yolkina["Русский язык"]["lates"]) == (2, 1)
    assert yolkina["Математика"]["marks_count"] == 0


async def test_class_summary_rows_in_journal_order(week: Week, service: Service) -> None:
    school = week.school
    response = await service.http.get(
        f"/journal/classes/{school.class_id}/summary",
        params=_range(),
        headers=school.auth(school.director),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["class_name"] == "5А"
    assert [(s["subject_name"], s["lessons_held"]) for s in body["subjects"]] == [
        ("Математика", 3),
        ("Русский язык", 2),
    ]
    assert [r["student_name"] for r in body["students"]] == [
        "Андреев Борис",
        "Ёлкина Вера",
        "Петрова Анна Сергеевна",
    ]
    andreev, yolkina, petrova = body["students"]
    assert [s["weighted_average"] for s in petrova["subjects"]] == ["4.09", "4.33"]
    assert [s["weighted_average"] for s in andreev["subjects"]] == ["4.13", None]
    assert [s["marks_count"] for s in yolkina["subjects"]] == [0, 0]
    assert yolkina["subjects"][1]["lessons_planned"] == 2
    assert petrova["totals"]["absences"]["total"] == 3


async def test_the_default_range_is_this_week_in_the_school_zone(
    sessions: async_sessionmaker[AsyncSession], service: Service, identity: FakeIdentityChannel
) -> None:
    school = await School(sessions, service, size=1).setup()
    j = JournalEntries(sessions, school)
    today = datetime.now(MOSCOW).date()
    monday = today - timedelta(days=today.weekday())
    await j.lesson(str(today), school.subject_id, "Математика", True)
    await j.lesson(str(monday - timedelta(days=1)), school.subject_id, "Математика", True)
    response = await service.http.get(
        f"/journal/students/{school.students[0]}/summary", headers=school.auth(school.director)
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["date_from"], body["date_to"]) == (
        str(monday),
        str(monday + timedelta(days=6)),
    )
    assert body["subjects"][0]["lessons_held"] == 1
    assert body["student_name"] == "—"  # identity does not know this student


async def test_bad_ranges_are_refused_with_the_field(week: Week, service: Service) -> None:
    school = week.school
    path = f"/journal/students/{week.petrova}/summary"
    headers = school.auth(school.director)
    for params, field in (
        ({"date_from": "2026-10-11", "date_to": "2026-10-05"}, "date_to"),
        ({"date_from": "2026-10-05"}, "date_to"),
        ({"date_from": "2025-01-01", "date_to": "2026-10-05"}, "date_to"),
        ({"date_from": "5 октября"}, "query.date_from"),
    ):
        response = await service.http.get(path, params=params, headers=headers)
        assert response.status_code == 422, (params, response.text)
        assert response.json()["errors"][0]["field"] == field


async def test_who_reads_the_summaries(
    week: Week, service: Service, sessions: async_sessionmaker[AsyncSession]
) -> None:
    school = week.school
    class_teacher = person(school.id, Role.TEACHER, Role.CLASS_TEACHER)
    async with tenant_transaction(sessions, school.id) as session:
        session.add(
            ClassTeacherProjection(
                school_id=school.id, class_id=school.class_id, teacher_id=class_teacher.person_id
            )
        )
        session.add(
            GuardianProjection(
                school_id=school.id, guardian_id=school.parent.person_id, student_id=week.petrova
            )
        )
    student_path = f"/journal/students/{week.petrova}/summary"
    class_path = f"/journal/classes/{school.class_id}/summary"
    stranger = person(uuid4(), Role.DIRECTOR)
    me_self = Principal(
        subject=str(week.petrova),
        person_id=week.petrova,
        school_id=school.id,
        roles=frozenset({Role.STUDENT}),
    )
    expected = [
        (student_path, school.parent, 200),
        (student_path, me_self, 200),
        (student_path, class_teacher, 200),
        (student_path, school.teacher, 403),
        (student_path, person(school.id, Role.PARENT), 403),
        (student_path, stranger, 404),
        (class_path, class_teacher, 200),
        (class_path, school.admin, 200),
        (class_path, school.teacher, 403),
        (class_path, school.parent, 403),
        (class_path, stranger, 404),
        (f"/journal/classes/{uuid4()}/summary", school.director, 404),
    ]
    for path, who, status in expected:
        response = await service.http.get(path, params=_range(), headers=school.auth(who))
        assert response.status_code == status, (path, who.roles, response.text)


def _text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


async def test_student_sheet_pdf_prints_the_figures(week: Week, service: Service) -> None:
    school = week.school
    response = await service.http.get(
        f"/journal/students/{week.petrova}/summary.pdf",
        params=_range(),
        headers=school.auth(school.director),
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    reader, text = _text(response.content)
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)  # A4 portrait
    for printed in (
        "МБОУ СОШ № 7",
        "5А",
        "Петрова Анна Сергеевна",
        "05.10.2026 — 11.10.2026",
        "Математика",
        "Русский язык",
        "4,25",
        "4,09",
        "4,33",
        "Контрольная работа",
        f"Стр. 1 из {len(reader.pages)}",
    ):
        assert printed in text, printed


async def test_class_sheet_pdf_prints_every_student(week: Week, service: Service) -> None:
    school = week.school
    response = await service.http.get(
        f"/journal/classes/{school.class_id}/summary.pdf",
        params=_range(),
        headers=school.auth(school.director),
    )
    assert response.status_code == 200, response.text
    _, text = _text(response.content)
    for printed in ("Сводная ведомость класса", "Андреев Борис", "Ёлкина Вера", "4,13", "4,09"):
        assert printed in text, printed


def test_averages_round_half_up_to_two_places() -> None:
    """The rule the sheets use (policy.rules.averages), on the fixture's Андреев: 33/8."""
    marks = [("5", Decimal(1)), ("4", Decimal(1))] + [("4", Decimal(2))] * 3
    assert rules.averages(marks) == (Decimal("4.20"), Decimal("4.13"))


def test_a_wide_class_sheet_turns_landscape() -> None:
    """Up to 4 subjects fit an A4 portrait page; more go landscape, 7 subjects a table."""
    figures_ = SubjectFigures(
        subject_id=uuid4(),
        subject_name="Предмет",
        lessons_planned=1,
        lessons_held=1,
        marks=[],
        marks_count=0,
        average=None,
        weighted_average=None,
        lates=0,
        absences=Absences(),
    )

    def sheet(subjects: int) -> PdfReader:
        headings = [
            SubjectHeading(subject_id=uuid4(), subject_name=f"Предмет {i}", lessons_held=1)
            for i in range(subjects)
        ]
        row = StudentRow(
            student_id=uuid4(),
            student_name="Петрова Анна",
            subjects=[figures_] * subjects,
            totals=totals([figures_] * subjects),
        )
        summary = ClassSummary(
            school_name="МБОУ СОШ № 7",
            class_id=uuid4(),
            class_name="5А",
            date_from=date(2026, 10, 5),
            date_to=date(2026, 10, 11),
            subjects=headings,
            students=[row],
        )
        return PdfReader(io.BytesIO(pdf.class_sheet(summary, date(2026, 10, 12))))

    def size(reader: PdfReader) -> tuple[int, int]:
        box = reader.pages[0].mediabox
        return round(float(box.width)), round(float(box.height))

    assert size(sheet(4)) == (595, 842)
    wide = sheet(15)
    assert size(wide) == (842, 595)
    text = "\n".join(page.extract_text() for page in wide.pages)
    assert all(f"Предмет {i}" in text for i in range(15))
