"""The helpdesk's internal gRPC API."""

from typing import Any

import grpc

from okrug.helpdesk.v1 import helpdesk_pb2, helpdesk_pb2_grpc
from okrug_common.db import tenant_transaction
from okrug_common.rpc import parse_uuid, require_service_caller
from okrug_common.runtime import Runtime
from okrug_helpdesk.requests.service import request_status


class HelpdeskServicer(helpdesk_pb2_grpc.HelpdeskServiceServicer):
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    async def GetRequestStatus(
        self,
        request: helpdesk_pb2.GetRequestStatusRequest,
        context: grpc.aio.ServicerContext[Any, Any],
    ) -> helpdesk_pb2.GetRequestStatusResponse:
        require_service_caller()
        school_id = parse_uuid(request.school_id, "school_id")
        request_id = parse_uuid(request.request_id, "request_id")
        async with tenant_transaction(self._runtime.sessionmaker, school_id) as session:
            status = await request_status(session, request_id)
        return helpdesk_pb2.GetRequestStatusResponse(status=status.value)
