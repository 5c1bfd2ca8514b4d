"""The schedule service: years, classes, subjects, lessons (S1-S8)."""

from okrug.schedule.v1 import schedule_pb2_grpc
from okrug_common.migrations import migrations_dir_of
from okrug_common.runtime import ServiceDefinition
from okrug_common.service import command_line
from okrug_schedule.classes.endpoints import router as classes_router
from okrug_schedule.grpc_api import ScheduleServicer
from okrug_schedule.lessons.endpoints import router as lessons_router
from okrug_schedule.models import outbox, processed_events
from okrug_schedule.settings import ScheduleSettings
from okrug_schedule.subjects.endpoints import router as subjects_router

definition = ServiceDefinition(
    name="schedule",
    settings_type=ScheduleSettings,
    migrations_dir=migrations_dir_of(__file__),
    outbox=outbox,
    processed_events=processed_events,
    routers=[classes_router, subjects_router, lessons_router],
    grpc_servicers=lambda runtime: [
        (schedule_pb2_grpc.add_ScheduleServiceServicer_to_server, ScheduleServicer(runtime))
    ],
    peers=["identity"],
)


def main() -> None:
    command_line(definition)()
