"""Class reports (issue 5 point 9; J11): attendance by month and results for a study
period, on hand-computed fixtures written out below; who may read them (I5)."""

import io
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest
from journal_support import FakeIdentityChannel, JournalEntries, School, pdf_lines, person
from openpyxl import load_workbook  # type: ignore[import-untyped]
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug_common.db import tenant_transaction
from okrug_common.roles import Role
from okrug_common.testing import Service
from okrug_journal.models import ClassTeacherProjection, PeriodMark
from okrug_journal.reports import results

NAMES = ("Петрова", "Андреев", "Ёлкина", "Борисова", "Васильев", "Григорьева")


@pytest.fixture
def identity(peer_channels: dict[str, Any]) -> FakeIdentityChannel:
    fake = peer_channels["identity"]
    assert isinstance(fake, FakeIdentityChannel)
    return fake


async def named_school(
    sessions: async_sessionmaker[AsyncSession],
    service: Service,
    identity: FakeIdentityChannel,
    size: int,
) -> School:
    school = await School(sessions, service, size=size).setup()
    identity.name_school(school.id, "МБОУ СОШ № 7")
    for student, last in zip(school.students, NAMES, strict=False):
        identity.add_person(school.id, student, last, "Тест")
    return school


async def test_attendance_by_month_matches_the_hand_computation(
    sessions: async_sessionmaker[AsyncSession], service: Service, identity: FakeIdentityChannel
) -> None:
    """October 2026, class 5А: Петрова (students[0]), Андреев ([1]), Ёлкина ([2]).

    Lessons: M1 1 Oct, M2 2 Oct held; M3 31 Oct without a record (математика); R1 2 Oct
    held; G1 and G2 5 Oct 10:00 held, for two groups (русский язык); S 30 Sep and N 2 Nov
    held, outside the month.
    Петрова: absent M1 illness, M2 illness, R1 excused; late G1
      -> illness 2, excused 1, unexcused 0, none 0, total 3; lates 1.
    Андреев: absent M1 unexcused, M3 without a reason; late M2, R1
      -> illness 0, excused 0, unexcused 1, none 1, total 2; lates 2.
    Ёлкина: absent S and N (outside) -> all 0.
    Class totals: illness 2, excused 1, unexcused 1, none 1, total 5; lates 3.
    Lessons held: M1, M2 (M3 has no record) + R1, G1/G2 (one slot) = 4."""
    school = await named_school(sessions, service, identity, 3)
    j = JournalEntries(sessions, school)
    math, russian = school.subject_id, uuid4()
    m1 = await j.lesson("2026-10-01", math, "Математика", True)
    m2 = await j.lesson("2026-10-02", math, "Математика", True)
    m3 = await j.lesson("2026-10-31", math, "Математика", None)
    r1 = await j.lesson("2026-10-02", russian, "Русский язык", True, hour=10)
    g1 = await j.lesson("2026-10-05", russian, "Русский язык", True, group=uuid4(), hour=10)
    await j.lesson("2026-10-05", russian, "Русский язык", True, group=uuid4(), hour=10)
    s = await j.lesson("2026-09-30", math, "Математика", True)
    n = await j.lesson("2026-11-02", math, "Математика", True)
    petrova, andreev, yolkina = school.students
    for lesson, student, status, reason in (
        (m1, petrova, "absent", "illness"),
        (m2, petrova, "absent", "illness"),
        (r1, petrova, "absent", "excused"),
        (g1, petrova, "late", None),
        (m1, andreev, "absent", "unexcused"),
        (m3, andreev, "absent", None),
        (m2, andreev, "late", None),
        (r1, andreev, "late", None),
        (s, yolkina, "absent", "illness"),
        (n, yolkina, "absent", "illness"),
    ):
        await j.attendance(lesson, student, status, reason)
    path = f"/journal/classes/{school.class_id}/reports/attendance"
    response = await service.http.get(
        path, params={"month": "2026-10"}, headers=school.auth(school.director)
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["date_from"], body["date_to"], body["lessons_held"]) == (
        "2026-10-01",
        "2026-10-31",
        4,
    )
    rows = [
        (
            r["student_name"],
            r["absences"]["illness"],
            r["absences"]["excused"],
            r["absences"]["unexcused"],
            r["absences"]["no_reason"],
            r["absences"]["total"],
            r["lates"],
        )
        for r in body["students"]
    ]
    assert rows == [
        ("Андреев Тест", 0, 0, 1, 1, 2, 2),
        ("Ёлкина Тест", 0, 0, 0, 0, 0, 0),
        ("Петрова Тест", 2, 1, 0, 0, 3, 1),
    ]
    assert body["totals"] == {
        "absences": {"illness": 2, "excused": 1, "unexcused": 1, "no_reason": 1, "total": 5},
        "lates": 3,
    }
    workbook = await service.http.get(
        f"{path}.xlsx", params={"month": "2026-10"}, headers=school.auth(school.director)
    )
    assert workbook.status_code == 200, workbook.text
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    values = [list(r) for r in sheet.iter_rows(min_row=6, values_only=True)]
    assert values[2] == [3, "Петрова Тест", 2, 1, 0, 0, 3, 1]
    assert values[3] == [None, "Итого по классу", 2, 1, 1, 1, 5, 3]
    printed = await service.http.get(
        f"{path}.pdf", params={"month": "2026-10"}, headers=school.auth(school.director)
    )
    assert printed.status_code == 200, printed.text
    assert printed.headers["content-type"] == "application/pdf"
    assert 'filename="attendance-2026-10.pdf"' in printed.headers["content-disposition"]
    lines = pdf_lines(printed.content)
    assert {"МБОУ СОШ № 7", "5А", "2026-10 (01.10.2026 — 31.10.2026)", "4"} <= set(lines)

    def figures(absences: dict[str, int], lates: int) -> list[str]:
        keys = ("total", "illness", "excused", "unexcused", "no_reason")
        return [*(str(absences[k]) for k in keys), str(lates)]

    for number, row in enumerate(body["students"], start=1):
        at = lines.index(row["student_name"])
        assert lines[at - 1 : at + 7] == [
            str(number),
            row["student_name"],
            *figures(row["absences"], row["lates"]),
        ]
    at = lines.index("Итого по классу")
    assert lines[at + 1 : at + 7] == figures(body["totals"]["absences"], body["totals"]["lates"])
    bad = await service.http.get(
        path, params={"month": "2026-13"}, headers=school.auth(school.director)
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "query.month"


async def add_period_mark(
    sessions: async_sessionmaker[AsyncSession],
    school: School,
    student: UUID,
    subject: UUID,
    value: str,
    period: str = "term-1",
) -> None:
    async with tenant_transaction(sessions, school.id) as session:
        session.add(
            PeriodMark(
                school_id=school.id,
                id=uuid4(),
                class_id=school.class_id,
                subject_id=subject,
                student_id=student,
                period=period,
                kind="term",
                scale="pass-fail" if value in ("pass", "fail") else "five-point",
                value=value,
                recorded_by=school.teacher.person_id,
            )
        )


async def test_results_for_a_term_match_the_hand_computation(
    sessions: async_sessionmaker[AsyncSession], service: Service, identity: FakeIdentityChannel
) -> None:
    """term-1 (1 Sep - 25 Oct 2026), six students, term marks in математика, русский,
    английский (and музыка, pass/fail):

      Андреев   5 5 5 + pass   -> excellent (pass changes nothing)
      Борисова  5 4 5          -> good
      Васильев  4 3 5          -> one_three
      Григорьева 3 3 4         -> threes
      Петрова   2 4 5          -> failing
      Ёлкина    none in term-1 (a term-2 mark is not counted) -> not_assessed
    N = 6; успеваемость = (6 - 1 failing - 1 not assessed) / 6 = 66.66..% -> 66.7;
    качество = (1 excellent + 1 good) / 6 = 33.33..% -> 33.3.
    Борисова's current marks in математика: 5 test (w2), 4 classwork (w1), 4 oral (w1) in
    the term, 2 test on 26 Oct (after it): count 3, average 13/3 = 4.333.. -> 4.33,
    weighted (10 + 4 + 4) / 4 = 4.50."""
    school = await named_school(sessions, service, identity, 6)
    await school.set_calendar(
        [
            {"code": "term-1", "kind": "term", "starts_on": "2026-09-01", "ends_on": "2026-10-25"},
            {"code": "term-2", "kind": "term", "starts_on": "2026-11-03", "ends_on": "2026-12-28"},
            {"code": "year", "kind": "year", "starts_on": "2026-09-01", "ends_on": "2027-05-26"},
        ]
    )
    j = JournalEntries(sessions, school)
    math, russian, english, music = school.subject_id, uuid4(), uuid4(), uuid4()
    first = await j.lesson("2026-09-10", math, "Математика", True)
    second = await j.lesson("2026-10-20", math, "Математика", True)
    after = await j.lesson("2026-10-26", math, "Математика", True)
    await j.lesson("2026-09-11", russian, "Русский язык", True)
    await j.lesson("2026-09-12", english, "Английский язык", True)
    await j.lesson("2026-09-14", music, "Музыка", True)
    petrova, andreev, yolkina, borisova, vasiliev, grigorieva = school.students
    term_marks = {
        andreev: ("5", "5", "5"),
        borisova: ("5", "4", "5"),
        vasiliev: ("4", "3", "5"),
        grigorieva: ("3", "3", "4"),
        petrova: ("2", "4", "5"),
    }
    for student, values in term_marks.items():
        for subject, value in zip((math, russian, english), values, strict=True):
            await add_period_mark(sessions, school, student, subject, value)
    await add_period_mark(sessions, school, andreev, music, "pass")
    await add_period_mark(sessions, school, yolkina, math, "2", period="term-2")
    await j.mark(first, borisova, "5", "test")
    await j.mark(first, borisova, "4", "classwork")
    await j.mark(second, borisova, "4", "oral")
    await j.mark(after, borisova, "2", "test")
    response = await service.http.get(
        f"/journal/classes/{school.class_id}/reports/results",
        params={"period": "term-1"},
        headers=school.auth(school.director),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert [s["subject_name"] for s in body["subjects"]] == [
        "Английский язык",
        "Математика",
        "Музыка",
        "Русский язык",
    ]
    by_name = {r["student_name"].split()[0]: r for r in body["students"]}
    assert [r["student_name"].split()[0] for r in body["students"]] == [
        "Андреев",
        "Борисова",
        "Васильев",
        "Григорьева",
        "Ёлкина",
        "Петрова",
    ]
    assert {k: v["category"] for k, v in by_name.items()} == {
        "Андреев": "excellent",
        "Борисова": "good",
        "Васильев": "one_three",
        "Григорьева": "threes",
        "Ёлкина": "not_assessed",
        "Петрова": "failing",
    }
    borisova_math = by_name["Борисова"]["subjects"][1]
    assert borisova_math == {
        "subject_id": str(math),
        "period_mark": "5",
        "marks_count": 3,
        "average": "4.33",
        "weighted_average": "4.50",
    }
    assert by_name["Андреев"]["subjects"][2]["period_mark"] == "pass"
    assert by_name["Ёлкина"]["subjects"][1]["period_mark"] is None
    assert body["counts"] == {
        "students": 6,
        "excellent": 1,
        "good": 1,
        "one_three": 1,
        "threes": 1,
        "failing": 1,
        "not_assessed": 1,
        "pass_only": 0,
    }
    assert (body["success_rate"], body["quality_rate"]) == ("66.7", "33.3")
    workbook = await service.http.get(
        f"/journal/classes/{school.class_id}/reports/results.xlsx",
        params={"period": "term-1"},
        headers=school.auth(school.director),
    )
    assert workbook.status_code == 200, workbook.text
    assert 'filename="results-term-1.xlsx"' in workbook.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Успеваемость класса 5А за term-1 (01.09.2026 - 25.10.2026)"
    assert rows[3][:6] == [
        "№",
        "Учащийся / Student",
        "Английский язык",
        "Ср. взв. / Weighted",
        "Математика",
        "Ср. взв. / Weighted",
    ]
    # Борисова: 5 in English (no current marks), 5 in maths with the weighted 4.50; хорошист.
    assert rows[5][:6] == [2, "Борисова Тест", "5", None, "5", 4.5]
    assert rows[5][-1] == "хорошист"
    assert (rows[8][-1], rows[9][-1]) == ("не аттестован", "неуспевающий")
    figures = {r[1]: r[2] for r in rows[11:] if r[1]}
    assert figures["Отличники / Only 5s"] == 1
    assert figures["Неуспевающие / Failing"] == 1
    assert figures["Успеваемость, % / Success rate"] == 66.7
    assert figures["Качество знаний, % / Quality rate"] == 33.3
    printed = await service.http.get(
        f"/journal/classes/{school.class_id}/reports/results.pdf",
        params={"period": "term-1"},
        headers=school.auth(school.director),
    )
    assert printed.status_code == 200, printed.text
    assert printed.headers["content-type"] == "application/pdf"
    lines = pdf_lines(printed.content)
    assert "term-1 (01.09.2026 — 25.10.2026)" in lines
    # A long subject name wraps in its column's heading.
    assert all(s["subject_name"] in " ".join(lines) for s in body["subjects"])
    category_text = {"good": "хорошист", "excellent": "отличник", "one_three": "с одной «3»"}
    category_text |= {"threes": "с «3»", "failing": "неуспевающий"}
    category_text |= {"not_assessed": "не аттестован"}
    for number, row in enumerate(body["students"], start=1):
        at = lines.index(row["student_name"])
        cells = [
            f"{c['period_mark'] or '—'} / {(c['weighted_average'] or '—').replace('.', ',')}"
            for c in row["subjects"]
        ]
        assert lines[at - 1 : at + len(cells) + 2] == [
            str(number),
            row["student_name"],
            *cells,
            category_text[row["category"]],
        ]
    assert "5 / 4,50" in lines  # Борисова's maths, as counted by hand above
    for title, value in (
        ("Отличники", body["counts"]["excellent"]),
        ("Неуспевающие", body["counts"]["failing"]),
        ("Не аттестованы", body["counts"]["not_assessed"]),
        ("Успеваемость, %", body["success_rate"].replace(".", ",")),
        ("Качество знаний, %", body["quality_rate"].replace(".", ",")),
    ):
        assert lines[lines.index(title) + 1] == str(value), title
    unknown = await service.http.get(
        f"/journal/classes/{school.class_id}/reports/results",
        params={"period": "term-9"},
        headers=school.auth(school.director),
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "period"


def test_categories_and_percentages_by_hand() -> None:
    assert results.category([]) == "not_assessed"
    assert results.category(["5", "pass"]) == "excellent"
    assert results.category(["pass"]) == "pass_only"
    assert results.category(["5", "fail"]) == "failing"
    assert results.category(["1", "5"]) == "failing"
    assert results.category(["4", "3", "5", "pass"]) == "one_three"
    assert results.percent(2, 3) == Decimal("66.7")  # 66.666..
    assert results.percent(1, 16) == Decimal("6.3")  # 6.25, half up (not to even)
    assert results.percent(1, 3) == Decimal("33.3")
    assert results.percent(0, 0) is None
    counts = results.counts(["excellent", "good", "pass_only", "not_assessed"])
    # success: (4 - 0 failing - 1 not assessed) / 4 = 75 %; quality: 2 / 4 = 50 %
    assert (results.success_rate(counts), results.quality_rate(counts)) == (
        Decimal("75.0"),
        Decimal("50.0"),
    )


async def test_who_reads_the_class_reports(
    sessions: async_sessionmaker[AsyncSession], service: Service, identity: FakeIdentityChannel
) -> None:
    school = await named_school(sessions, service, identity, 2)
    class_teacher = person(school.id, Role.TEACHER, Role.CLASS_TEACHER)
    async with tenant_transaction(sessions, school.id) as session:
        session.add(
            ClassTeacherProjection(
                school_id=school.id, class_id=school.class_id, teacher_id=class_teacher.person_id
            )
        )
    base = f"/journal/classes/{school.class_id}/reports"
    paths: tuple[tuple[str, dict[str, str]], ...] = (
        (f"{base}/attendance", {"month": "2026-10"}),
        (f"{base}/attendance.xlsx", {}),
        (f"{base}/attendance.pdf", {}),
        (f"{base}/results", {"period": "year"}),
        (f"{base}/results.xlsx", {"period": "year"}),
        (f"{base}/results.pdf", {"period": "year"}),
    )
    stranger = person(uuid4(), Role.DIRECTOR)
    other_class_teacher = person(school.id, Role.TEACHER, Role.CLASS_TEACHER)
    for path, params in paths:
        for who, status in (
            (class_teacher, 200),
            (school.director, 200),
            (school.admin, 200),
            (school.teacher, 403),
            (other_class_teacher, 403),
            (school.parent, 403),
            (stranger, 404),
        ):
            response = await service.http.get(path, params=params, headers=school.auth(who))
            assert response.status_code == status, (path, who.roles, response.text)
    missing = await service.http.get(
        f"/journal/classes/{uuid4()}/reports/results",
        params={"period": "year"},
        headers=school.auth(school.director),
    )
    assert missing.status_code == 404
