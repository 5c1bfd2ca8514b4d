"""Notify's rows of the access matrix (N1, I5). Messages are put in inboxes through notify's
own gRPC API, as the other services do."""

import grpc

from okrug.notify.v1 import notify_pb2, notify_pb2_grpc
from okrug_local import services
from tests.access_matrix.cast import Cast
from tests.access_matrix.groups import DISTRICT, SCHOOL
from tests.access_matrix.matrix import Endpoint, Request, allow


def _send(cast: Cast, school_id: str, recipient_id: str) -> str:
    token = cast.http.post(
        cast.platform.issuer.token_url,
        data={"grant_type": "client_credentials"},
        auth=("okrug-journal", services.client_secret("journal")),
    ).json()["access_token"]
    with grpc.insecure_channel(
        f"127.0.0.1:{cast.platform.instance.grpc_port('notify')}"
    ) as channel:
        response = notify_pb2_grpc.NotifyServiceStub(channel).SendMessage(
            notify_pb2.SendMessageRequest(
                school_id=school_id,
                recipient_id=recipient_id,
                title="Собрание",
                body="Родительское собрание в пятницу.",
            ),
            metadata=[("authorization", f"Bearer {token}")],
            timeout=10,
        )
    return response.message_id


def _message(cast: Cast, persona: str, target: str) -> Request:
    school, recipient = {
        "own": (cast.a.id, cast.account(persona).id),
        "same-school": (cast.a.id, cast.a.other_student.id),
        "other-school": (cast.b.id, cast.b.student.id),
    }[target]
    return Request(f"/inbox/{_send(cast, school, recipient)}/read")


ROWS = [
    Endpoint(
        "notify",
        "GET",
        "/inbox",
        ("-",),
        lambda c, p, t: Request("/inbox"),
        allow((*SCHOOL, *DISTRICT), "-"),
    ),
    Endpoint(
        "notify",
        "GET",
        "/inbox/unread-count",
        ("-",),
        lambda c, p, t: Request("/inbox/unread-count"),
        allow((*SCHOOL, *DISTRICT), "-"),
    ),
    Endpoint(
        "notify",
        "POST",
        "/inbox/{message_id}/read",
        ("own", "same-school", "other-school"),
        _message,
        allow(SCHOOL, "own"),
    ),
]
