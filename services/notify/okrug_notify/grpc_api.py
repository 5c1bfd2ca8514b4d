"""Notify's internal gRPC API: other services tell a person something directly."""

from typing import Any

import grpc

from okrug.notify.v1 import notify_pb2, notify_pb2_grpc
from okrug_common.db import tenant_transaction
from okrug_common.errors import InvalidInput
from okrug_common.rpc import parse_uuid, require_service_caller
from okrug_common.runtime import Runtime
from okrug_notify.inbox.service import send_direct

MAX_TITLE = 200
MAX_BODY = 10_000


def _text(value: str, field: str, limit: int) -> str:
    value = value.strip()
    if not value:
        raise InvalidInput(f"{field} must not be empty.", field=field)
    if len(value) > limit:
        raise InvalidInput(f"{field} is longer than {limit} characters.", field=field)
    return value


class NotifyServicer(notify_pb2_grpc.NotifyServiceServicer):
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    async def SendMessage(
        self, request: notify_pb2.SendMessageRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> notify_pb2.SendMessageResponse:
        require_service_caller()
        school_id = parse_uuid(request.school_id, "school_id")
        recipient_id = parse_uuid(request.recipient_id, "recipient_id")
        title = _text(request.title, "title", MAX_TITLE)
        body = _text(request.body, "body", MAX_BODY)
        async with tenant_transaction(self._runtime.sessionmaker, school_id) as session:
            message_id = await send_direct(session, school_id, recipient_id, title, body)
        return notify_pb2.SendMessageResponse(message_id=str(message_id))
