"""The schedule service: years, study periods, holidays, buildings, rooms, subjects, classes,
groups, curriculum, teaching load, bell schedules, timetables, lessons, substitutions
(S1-S8, I6)."""

from okrug.schedule.v1 import schedule_pb2_grpc
from okrug_common.migrations import migrations_dir_of
from okrug_common.runtime import ServiceDefinition
from okrug_common.service import command_line
from okrug_schedule.bells.endpoints import router as bells_router
from okrug_schedule.calendar.endpoints import router as calendar_router
from okrug_schedule.classes.endpoints import router as classes_router
from okrug_schedule.curriculum.endpoints import router as curriculum_router
from okrug_schedule.deputies.endpoints import router as deputies_router
from okrug_schedule.groups.endpoints import router as groups_router
from okrug_schedule.grpc_api import ScheduleServicer
from okrug_schedule.imports.endpoints import router as imports_router
from okrug_schedule.lessons.endpoints import router as lessons_router
from okrug_schedule.models import outbox, processed_events
from okrug_schedule.rollover.endpoints import router as rollover_router
from okrug_schedule.rooms.endpoints import router as rooms_router
from okrug_schedule.settings import ScheduleSettings
from okrug_schedule.subjects.endpoints import router as subjects_router
from okrug_schedule.substitutions.endpoints import router as substitutions_router
from okrug_schedule.timetables.endpoints import router as timetables_router

definition = ServiceDefinition(
    name="schedule",
    settings_type=ScheduleSettings,
    migrations_dir=migrations_dir_of(__file__),
    outbox=outbox,
    processed_events=processed_events,
    routers=[
        calendar_router,
        rollover_router,
        rooms_router,
        subjects_router,
        classes_router,
        groups_router,
        deputies_router,
        curriculum_router,
        bells_router,
        timetables_router,
        lessons_router,
        substitutions_router,
        imports_router,
    ],
    grpc_servicers=lambda runtime: [
        (schedule_pb2_grpc.add_ScheduleServiceServicer_to_server, ScheduleServicer(runtime))
    ],
    peers=["identity"],
)


def main() -> None:
    command_line(definition)()
