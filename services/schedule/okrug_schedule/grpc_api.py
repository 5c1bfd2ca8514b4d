"""The schedule's internal gRPC API, for the other services' one-off questions and for
rebuilding their projections."""

from typing import Any

import grpc

from okrug.schedule.v1 import schedule_pb2, schedule_pb2_grpc
from okrug_common.db import tenant_transaction
from okrug_common.rpc import parse_uuid, require_service_caller
from okrug_common.runtime import Runtime
from okrug_schedule.classes.service import get_class, members_on
from okrug_schedule.lessons.service import get_lesson, to_proto
from okrug_schedule.time import school_today, school_zone


class ScheduleServicer(schedule_pb2_grpc.ScheduleServiceServicer):
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    async def GetLesson(
        self, request: schedule_pb2.GetLessonRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> schedule_pb2.GetLessonResponse:
        require_service_caller()
        school_id = parse_uuid(request.school_id, "school_id")
        lesson_id = parse_uuid(request.lesson_id, "lesson_id")
        async with tenant_transaction(self._runtime.sessionmaker, school_id) as session:
            view = await get_lesson(session, lesson_id)
        return schedule_pb2.GetLessonResponse(lesson=to_proto(view, school_zone(self._runtime)))

    async def ListClassMembers(
        self,
        request: schedule_pb2.ListClassMembersRequest,
        context: grpc.aio.ServicerContext[Any, Any],
    ) -> schedule_pb2.ListClassMembersResponse:
        require_service_caller()
        school_id = parse_uuid(request.school_id, "school_id")
        class_id = parse_uuid(request.class_id, "class_id")
        async with tenant_transaction(self._runtime.sessionmaker, school_id) as session:
            await get_class(session, class_id)
            members = await members_on(session, class_id, school_today(self._runtime))
        return schedule_pb2.ListClassMembersResponse(student_ids=[str(m) for m in members])
