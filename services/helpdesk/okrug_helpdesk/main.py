"""The helpdesk service: the district's request log (H1)."""

from okrug.helpdesk.v1 import helpdesk_pb2_grpc
from okrug_common.migrations import migrations_dir_of
from okrug_common.runtime import ServiceDefinition
from okrug_common.service import command_line
from okrug_helpdesk.grpc_api import HelpdeskServicer
from okrug_helpdesk.models import outbox, processed_events
from okrug_helpdesk.requests.endpoints import router as requests_router
from okrug_helpdesk.settings import HelpdeskSettings

definition = ServiceDefinition(
    name="helpdesk",
    settings_type=HelpdeskSettings,
    migrations_dir=migrations_dir_of(__file__),
    outbox=outbox,
    processed_events=processed_events,
    routers=[requests_router],
    grpc_servicers=lambda runtime: [
        (helpdesk_pb2_grpc.add_HelpdeskServiceServicer_to_server, HelpdeskServicer(runtime))
    ],
    peers=["identity"],
)


def main() -> None:
    command_line(definition)()
