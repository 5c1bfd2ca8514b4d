"""The gRPC question the journal's oversight asks (O1, S6): the grade levels a deputy
director is responsible for, so that a deputy sees oversight's figures of those only."""

from uuid import uuid4

from schedule_support import GrpcContext, Setup, as_service

from okrug.schedule.v1 import schedule_pb2
from okrug_common.roles import Role
from okrug_common.testing import Service
from okrug_schedule.grpc_api import ScheduleServicer


async def test_a_deputys_grade_levels_as_the_director_gave_them(
    setup: Setup, service: Service
) -> None:
    school = setup.school
    deputy = school.staff(Role.DEPUTY_DIRECTOR)
    await school.director.ok("PUT", f"/deputies/{deputy.id}/grades", {"grades": [9, 5]})
    as_service()
    servicer = ScheduleServicer(service.runtime)

    async def grades_of(person: object) -> list[int]:
        answer = await servicer.ListDeputyGrades(
            schedule_pb2.ListDeputyGradesRequest(school_id=str(school.id), deputy_id=str(person)),
            GrpcContext(),  # type: ignore[arg-type]
        )
        return list(answer.grades)

    assert await grades_of(deputy.id) == [5, 9]
    assert await grades_of(uuid4()) == []  # responsible for nothing
    elsewhere = await servicer.ListDeputyGrades(
        schedule_pb2.ListDeputyGradesRequest(school_id=str(uuid4()), deputy_id=str(deputy.id)),
        GrpcContext(),  # type: ignore[arg-type]
    )
    assert list(elsewhere.grades) == []  # another school's transaction sees none of them
