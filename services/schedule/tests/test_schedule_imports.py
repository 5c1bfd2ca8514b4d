"""CSV imports of classes, students and a timetable: every bad row is reported with its
reason and nothing is half-imported."""

from typing import Any

from schedule_support import Api, Setup

from okrug_common.roles import Role


async def post_csv(api: Api, path: str, text: str, **params: Any) -> Any:
    return await api.service.http.post(
        f"/schedule{path}",
        content=text.encode(),
        params={k: str(v) for k, v in params.items()},
        headers={**api.service.auth(api.principal), "content-type": "text/csv"},
    )


async def test_classes_import_is_all_or_nothing(setup: Setup) -> None:
    admin = setup.school.admin
    teacher = setup.school.teacher()
    bad = (
        "grade;letter;class_teacher_id\n"
        f"5;А;{teacher.id}\n"
        "12;Б;\n"
        "6;;\n"
        f"7;В;{setup.school.student()}\n"
        "5;А;\n"
    )
    refused = await post_csv(admin, "/imports/classes", bad, year_id=setup.year["id"])
    assert refused.status_code == 422
    problem = refused.json()
    assert {(e["row"], e["field"]) for e in problem["errors"]} == {
        (3, "rows.3.grade"),
        (4, "rows.4.letter"),
        (5, "rows.5.class_teacher_id"),
        (6, "rows.6.letter"),
    }
    assert "nothing was imported" in problem["detail"]
    assert await admin.ok("GET", "/classes", year_id=setup.year["id"]) == []

    good = "grade,letter,class_teacher_id\n5,А,\n5,Б,\n11,А,\n"
    created = await post_csv(admin, "/imports/classes", good, year_id=setup.year["id"])
    assert created.status_code == 201, created.text
    assert created.json()["created"] == 3
    names = [c["name"] for c in await admin.ok("GET", "/classes", year_id=setup.year["id"])]
    assert names == ["5А", "5Б", "11А"]


async def test_students_import_reports_each_bad_row(setup: Setup) -> None:
    admin = setup.school.admin
    fifth = await setup.klass(5, "А")
    students = [setup.school.student() for _ in range(3)]
    already = await setup.enrol(fifth["id"])
    text = (
        "student_id;class;since\n"
        f"{students[0]};5А;2026-09-01\n"
        f"{students[1]};5 а;2026-09-01\n"
        f"{students[2]};9Я;2026-09-01\n"
        f"{already};5А;2026-10-01\n"
        "not-an-id;5А;\n"
        f"{setup.school.teacher().id};5А;2026-09-01\n"
    )
    refused = await post_csv(admin, "/imports/students", text, year_id=setup.year["id"])
    assert refused.status_code == 422
    assert sorted(e["row"] for e in refused.json()["errors"]) == [4, 5, 6, 7]
    assert await admin.ok("GET", f"/classes/{fifth['id']}/members", on="2026-10-01") == [
        str(already)
    ]
    ok = "student_id,class,since\n" + "".join(f"{s},5А,2026-09-01\n" for s in students)
    added = await post_csv(admin, "/imports/students", ok, year_id=setup.year["id"])
    assert added.status_code == 201, added.text
    assert added.json() == {"added": 3}
    secretary_can = await post_csv(
        setup.school.as_role(Role.SECRETARY),
        "/imports/students",
        ok,
        year_id=setup.year["id"],
    )
    assert secretary_can.status_code == 422  # allowed in, refused row by row: already members


async def test_timetable_import_makes_drafts_and_names_bad_rows(setup: Setup) -> None:
    admin = setup.school.admin
    fifth, sixth = await setup.klass(5, "А"), await setup.klass(6, "А")
    group = await setup.group(sixth["id"], "Английский язык", "Англ. 1")
    maths, english = setup.school.teacher(), setup.school.teacher()
    header = "class;weekday;period;subject;teacher_id;room;group\n"
    bad = (
        header + f"5А;пн;1;Математика;{maths.id};101;\n"
        f"5А;понедельник;2;Математика;{maths.id};;\n"
        f"6А;вт;1;Английский язык;{english.id};;Англ. 9\n"
        f"6А;вт;9;Английский язык;{english.id};;Англ. 1\n"
        f"6А;ср;1;Химия;{english.id};;\n"
    )
    params = {"valid_from": "2027-01-12", "valid_to": "2027-03-21"}
    refused = await post_csv(admin, "/imports/timetable", bad, **params)
    assert refused.status_code == 422
    assert {(e["row"], e["field"]) for e in refused.json()["errors"]} == {
        (3, "rows.3.weekday"),
        (4, "rows.4.group"),
        (5, "rows.5.period"),
        (6, "rows.6.subject"),
    }
    assert await admin.ok("GET", "/timetables") == []

    good = (
        header + f"5А;пн;1;Математика;{maths.id};101;\n"
        f"5А;3;2;Математика;{maths.id};;\n"
        f"6А;вт;1;Английский язык;{english.id};201;Англ. 1\n"
    )
    created = await post_csv(admin, "/imports/timetable", good, **params)
    assert created.status_code == 201, created.text
    drafts = await admin.ok("GET", "/timetables")
    assert {(d["class_id"], len(d["entries"]), d["status"]) for d in drafts} == {
        (fifth["id"], 2, "draft"),
        (sixth["id"], 1, "draft"),
    }
    sixth_draft = next(d for d in drafts if d["class_id"] == sixth["id"])
    assert sixth_draft["entries"][0]["group_id"] == group["id"]


async def test_a_file_that_is_not_csv_is_refused(setup: Setup) -> None:
    admin = setup.school.admin
    empty = await post_csv(admin, "/imports/classes", "")
    assert empty.status_code == 422
    assert empty.json()["errors"][0]["field"] == "file"
    no_letter = await post_csv(admin, "/imports/classes", "grade\n5\n")
    assert no_letter.status_code == 422
    binary = await admin.service.http.post(
        "/schedule/imports/classes",
        content=b"\xff\xfe\x00",
        headers=admin.service.auth(admin.principal),
    )
    assert binary.status_code == 422
