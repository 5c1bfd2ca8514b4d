"""The journal service: lesson records, attendance, marks, the diary (J1-J13)."""

import asyncio
from uuid import UUID

import typer

from okrug.journal.v1 import journal_pb2_grpc
from okrug_common.migrations import migrations_dir_of
from okrug_common.runtime import Runtime, ServiceDefinition
from okrug_common.service import command_line
from okrug_journal.attendance.endpoints import router as attendance_router
from okrug_journal.audit.endpoints import router as audit_router
from okrug_journal.completion.endpoints import router as completion_router
from okrug_journal.diary.endpoints import router as diary_router
from okrug_journal.forecast.endpoints import router as forecast_router
from okrug_journal.forecast.handlers import subscriptions as forecast_subscriptions
from okrug_journal.grid.endpoints import router as grid_router
from okrug_journal.grpc_api import JournalServicer
from okrug_journal.lesson_plans.endpoints import router as lesson_plans_router
from okrug_journal.lesson_records.endpoints import router as lesson_records_router
from okrug_journal.marks.endpoints import router as marks_router
from okrug_journal.models import outbox, processed_events
from okrug_journal.oversight.attendance import handlers as attendance_handlers
from okrug_journal.oversight.compliance.endpoints import router as oversight_index_router
from okrug_journal.oversight.homework_load import handlers as homework_load_handlers
from okrug_journal.oversight.homework_load.endpoints import router as homework_load_router
from okrug_journal.oversight.keeping.endpoints import router as oversight_keeping_router
from okrug_journal.oversight.keeping.handlers import subscriptions as keeping_subscriptions
from okrug_journal.oversight.monitoring.endpoints import router as monitoring_router
from okrug_journal.oversight.objectivity import handlers as objectivity_handlers
from okrug_journal.oversight.objectivity.endpoints import router as objectivity_router
from okrug_journal.oversight.rebuild import read_models_named, rebuild_school
from okrug_journal.oversight.settings.endpoints import router as oversight_settings_router
from okrug_journal.oversight.usage import handlers as usage_handlers
from okrug_journal.oversight.usage.endpoints import router as usage_router
from okrug_journal.paper_import.endpoints import router as paper_import_router
from okrug_journal.period_marks.endpoints import router as period_marks_router
from okrug_journal.policy.endpoints import router as policy_router
from okrug_journal.projections import handlers as projection_handlers
from okrug_journal.reports.endpoints import router as reports_router
from okrug_journal.settings import JournalSettings
from okrug_journal.summaries.endpoints import router as summaries_router
from okrug_journal.teacher_day.endpoints import router as teacher_day_router
from okrug_journal.timeliness import clock
from okrug_journal.timeliness.endpoints import router as timeliness_router

definition = ServiceDefinition(
    name="journal",
    settings_type=JournalSettings,
    migrations_dir=migrations_dir_of(__file__),
    outbox=outbox,
    processed_events=processed_events,
    routers=[
        policy_router,
        lesson_records_router,
        grid_router,
        marks_router,
        attendance_router,
        period_marks_router,
        audit_router,
        timeliness_router,
        lesson_plans_router,
        completion_router,
        diary_router,
        summaries_router,
        reports_router,
        paper_import_router,
        teacher_day_router,
        oversight_settings_router,
        oversight_keeping_router,
        oversight_index_router,
        homework_load_router,
        usage_router,
        objectivity_router,
        forecast_router,
        monitoring_router,
    ],
    grpc_servicers=lambda runtime: [
        (journal_pb2_grpc.add_JournalServiceServicer_to_server, JournalServicer(runtime))
    ],
    subscriptions=lambda runtime: [
        *projection_handlers.subscriptions(runtime),
        *keeping_subscriptions(runtime),
        *homework_load_handlers.subscriptions(runtime),
        *usage_handlers.subscriptions(runtime),
        *objectivity_handlers.subscriptions(runtime),
        *forecast_subscriptions(runtime),
        *attendance_handlers.subscriptions(runtime),
    ],
    peers=["identity", "schedule"],
    on_start=clock.start,
)


async def rebuild_oversight(school_ids: list[UUID], names: list[str]) -> dict[UUID, dict[str, int]]:
    """Rebuild oversight's read models of the schools from the journal's facts."""
    models = read_models_named(names)
    runtime = Runtime(definition, JournalSettings(db_pool_size=1, db_max_overflow=0))
    try:
        return {school: await rebuild_school(runtime, school, models) for school in school_ids}
    finally:
        await runtime.stop()


def main() -> None:
    app = command_line(definition)

    @app.command("rebuild-oversight")
    def rebuild_oversight_command(
        school_ids: list[str] = typer.Argument(..., help="School (tenant) UUIDs"),
        model: list[str] = typer.Option([], help="Only these read models (default: all)"),
    ) -> None:
        """Rebuild oversight's read models of the schools from the journal's facts (O1-O5)."""
        try:
            schools = [UUID(school) for school in school_ids]
        except ValueError:
            raise typer.BadParameter("each school id must be a UUID") from None
        try:
            written = asyncio.run(rebuild_oversight(schools, model))
        except ValueError as error:
            raise typer.BadParameter(str(error)) from None
        for school, counts in written.items():
            for name, rows in counts.items():
                typer.echo(f"{school} {name}: {rows} rows")

    app()
