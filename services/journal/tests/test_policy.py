"""The school journal policy (issue 5 point 1; J3-J6): per school, district defaults the
district may lock, and every rule reading it."""

from decimal import Decimal
from uuid import UUID

from journal_support import School, person

from okrug_common.roles import Role
from okrug_common.testing import Service


async def test_defaults_then_the_schools_own_rules(school: School, service: Service) -> None:
    http = service.http
    read = await http.get("/journal/policy", headers=school.auth(school.teacher))
    assert read.status_code == 200
    body = read.json()
    assert body["scale"] == "five-point"
    assert body["edit_window"] == "2-weeks"
    assert body["grades_without_marks"] == [1]
    assert body["school_overrides"] == []
    assert {w["code"]: w["title_ru"] for w in body["work_types"]}["test"] == "Контрольная работа"

    changed = await school.set_policy(
        edit_window="1-month",
        work_types=[
            {"code": "lab", "title_ru": "Лабораторная работа", "weight": "3", "deadline": "test"},
            {"code": "oral", "title_ru": "Устный ответ", "weight": "1"},
        ],
    )
    assert changed["edit_window"] == "1-month"
    assert changed["school_overrides"] == ["edit_window", "work_types"]
    again = (await http.get("/journal/policy", headers=school.auth(school.admin))).json()
    assert again["edit_window"] == "1-month"
    assert again["deadlines"]["period_marks_working_days"] == 5  # still the district's


async def test_only_the_school_admin_or_director_sets_it(school: School, service: Service) -> None:
    for who in (school.teacher, school.parent, person(school.id, Role.DEPUTY_DIRECTOR)):
        refused = await service.http.put(
            "/journal/policy", json={"edit_window": "1-week"}, headers=school.auth(who)
        )
        assert refused.status_code == 403
    parent_read = await service.http.get("/journal/policy", headers=school.auth(school.parent))
    assert parent_read.status_code == 403
    ok = await service.http.put(
        "/journal/policy", json={"edit_window": "1-week"}, headers=school.auth(school.director)
    )
    assert ok.status_code == 200


async def test_bad_policy_names_the_field(school: School, service: Service) -> None:
    cases = [
        ({"edit_window": "forever"}, "body.edit_window"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"grades_without_marks": [0]}, "grades_without_marks"),
        (
            {"deadlines": {"attendance": {"days": 1, "minutes_after_start": 10}}},
            "body.deadlines.attendance",
        ),
        (
            {"work_types": [{"code": "a", "title_ru": "А", "weight": "0"}]},
            "body.work_types.0.weight",
        ),
        ({"colour": "red"}, "body.colour"),
    ]
    for body, field in cases:
        refused = await service.http.put(
            "/journal/policy", json=body, headers=school.auth(school.admin)
        )
        assert refused.status_code == 422, (body, refused.text)
        assert refused.json()["errors"][0]["field"] == field, refused.text


async def test_a_field_the_district_locked_cannot_be_changed(
    school: School, service: Service
) -> None:
    settings = service.runtime.settings
    settings.district_locked_policy = ["edit_window"]  # type: ignore[attr-defined]
    settings.district_policy = {"edit_window": "3-weeks"}  # type: ignore[attr-defined]
    try:
        refused = await service.http.put(
            "/journal/policy", json={"edit_window": "1-week"}, headers=school.auth(school.admin)
        )
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["field"] == "edit_window"
        read = (await service.http.get("/journal/policy", headers=school.auth(school.admin))).json()
        assert read["edit_window"] == "3-weeks"
        assert read["district_locked"] == ["edit_window"]
    finally:
        settings.district_locked_policy = []  # type: ignore[attr-defined]
        settings.district_policy = {}  # type: ignore[attr-defined]


async def test_marks_follow_the_schools_work_types_and_scale(
    school: School, service: Service
) -> None:
    lesson = await school.lesson()
    student = str(school.students[0])
    await school.set_policy(
        work_types=[{"code": "lab", "title_ru": "Лабораторная работа", "weight": "3"}]
    )
    url = f"/journal/lessons/{lesson}/marks"
    headers = school.auth(school.teacher)
    lab = await service.http.post(
        url, json={"student_id": student, "value": "5", "work_type": "lab"}, headers=headers
    )
    assert lab.status_code == 201, lab.text
    assert Decimal(lab.json()["weight"]) == Decimal(3)
    gone = await service.http.post(
        url, json={"student_id": student, "value": "5", "work_type": "oral"}, headers=headers
    )
    assert gone.status_code == 422
    assert gone.json()["errors"][0]["field"] == "work_type"

    await school.set_policy(
        scale="pass-fail",
        work_types=[{"code": "lab", "title_ru": "Лабораторная работа", "weight": "3"}],
    )
    five = await service.http.post(
        url, json={"student_id": student, "value": "5", "work_type": "lab"}, headers=headers
    )
    assert five.status_code == 422
    assert five.json()["errors"][0]["field"] == "value"
    passed = await service.http.post(
        url, json={"student_id": student, "value": "pass", "work_type": "lab"}, headers=headers
    )
    assert passed.status_code == 201
    assert (passed.json()["scale"], passed.json()["value"]) == ("pass-fail", "pass")


async def test_grade_levels_without_marks_come_from_the_policy(
    school: School, service: Service
) -> None:
    lesson = await school.lesson()
    body = {"student_id": str(school.students[0]), "value": "4", "work_type": "oral"}
    url = f"/journal/lessons/{lesson}/marks"
    await school.set_policy(grades_without_marks=[1, 5])
    refused = await service.http.post(url, json=body, headers=school.auth(school.teacher))
    assert refused.status_code == 422
    assert "Grade 5" in refused.json()["detail"]
    await school.set_policy(grades_without_marks=[1])
    assert (
        await service.http.post(url, json=body, headers=school.auth(school.teacher))
    ).status_code == 201


def _uuid(value: str) -> UUID:
    return UUID(value)
