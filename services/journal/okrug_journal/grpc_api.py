"""The journal's internal gRPC API."""

from typing import Any

import grpc
from sqlalchemy import select

from okrug.journal.v1 import journal_pb2, journal_pb2_grpc
from okrug_common.db import tenant_transaction
from okrug_common.rpc import parse_uuid, require_service_caller
from okrug_common.runtime import Runtime
from okrug_journal.marks.service import to_proto
from okrug_journal.models import Mark


class JournalServicer(journal_pb2_grpc.JournalServiceServicer):
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    async def ListStudentMarks(
        self,
        request: journal_pb2.ListStudentMarksRequest,
        context: grpc.aio.ServicerContext[Any, Any],
    ) -> journal_pb2.ListStudentMarksResponse:
        require_service_caller()
        school_id = parse_uuid(request.school_id, "school_id")
        student_id = parse_uuid(request.student_id, "student_id")
        async with tenant_transaction(self._runtime.sessionmaker, school_id) as session:
            marks = await session.scalars(select(Mark).where(Mark.student_id == student_id))
            return journal_pb2.ListStudentMarksResponse(marks=[to_proto(m) for m in marks])
