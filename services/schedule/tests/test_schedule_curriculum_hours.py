"""The gRPC question the journal asks to check a lesson plan (J7, S1 4.4.10): the
curriculum's hours of a subject for a class's grade, and the teaching load given for it."""

from uuid import uuid4

import pytest
from schedule_support import GrpcContext, School, Setup, as_service

from okrug.schedule.v1 import schedule_pb2
from okrug_common.errors import InvalidInput, NotFound
from okrug_common.testing import Service
from okrug_schedule.grpc_api import ScheduleServicer


async def test_curriculum_hours_of_a_class_subject_and_its_groups(
    setup: Setup, service: Service
) -> None:
    admin = setup.school.admin
    year_id = setup.year["id"]
    sixth = await setup.klass(6, "Д")
    english = [await setup.group(sixth["id"], "Английский язык", f"Англ. {n}") for n in (1, 2)]
    await admin.ok(
        "PUT",
        f"/years/{year_id}/curriculum",
        {
            "items": [
                {"grade": 6, "subject_id": setup.subjects["Математика"], "hours_per_week": 5},
                {"grade": 6, "subject_id": setup.subjects["Английский язык"], "hours_per_week": 3},
            ]
        },
    )
    teacher = setup.school.teacher()
    for group, hours in ((english[0], 3), (english[1], 2.5)):
        await admin.ok(
            "POST",
            "/teaching-load",
            {
                "year_id": year_id,
                "teacher_id": str(teacher.id),
                "subject_id": setup.subjects["Английский язык"],
                "class_id": sixth["id"],
                "group_id": group["id"],
                "hours_per_week": hours,
            },
            status=201,
        )
    as_service()
    servicer = ScheduleServicer(service.runtime)

    async def ask(subject: str, group_id: str = "") -> schedule_pb2.GetCurriculumHoursResponse:
        return await servicer.GetCurriculumHours(
            schedule_pb2.GetCurriculumHoursRequest(
                school_id=str(setup.school.id),
                class_id=sixth["id"],
                subject_id=setup.subjects[subject],
                group_id=group_id,
            ),
            GrpcContext(),  # type: ignore[arg-type]
        )

    maths = await ask("Математика")
    # 5 hours a week over the 34 weeks of grades 2..11.
    assert (maths.year_id, maths.grade, maths.in_curriculum) == (year_id, 6, True)
    assert (maths.hours_per_week, maths.hours_per_year) == (5.0, 5 * 34)
    assert maths.load_hours_per_week == 0.0
    whole_class = await ask("Английский язык")
    assert whole_class.hours_per_year == 3 * 34
    assert whole_class.load_hours_per_week == 3 + 2.5
    second_group = await ask("Английский язык", english[1]["id"])
    assert second_group.load_hours_per_week == 2.5
    history = await ask("История")
    assert (history.in_curriculum, history.hours_per_year) == (False, 0)
    with pytest.raises(InvalidInput):
        await ask("Математика", english[0]["id"])
    with pytest.raises(NotFound):
        await servicer.GetCurriculumHours(
            schedule_pb2.GetCurriculumHoursRequest(
                school_id=str(setup.school.id),
                class_id=str(uuid4()),
                subject_id=setup.subjects["Математика"],
            ),
            GrpcContext(),  # type: ignore[arg-type]
        )


async def test_a_class_needs_a_year(service: Service, school: School) -> None:
    """Every class belongs to an academic year (S1): a school with no year containing today
    cannot make a class without naming its year, and nothing is written."""
    refused = await school.admin.call("POST", "/classes", {"grade": 7, "letter": "К"})
    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert problem["errors"][0]["field"] == "year_id"
    assert problem["errors"][0]["code"] == "no-academic-year"
    assert await school.admin.ok("GET", "/classes") == []
