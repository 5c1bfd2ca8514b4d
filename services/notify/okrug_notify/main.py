"""The notify service: inbox messages about marks and absences, direct messages (N1)."""

import asyncio
from uuid import UUID

import httpx
import typer

from okrug.notify.v1 import notify_pb2_grpc
from okrug_common.auth import discover
from okrug_common.db import create_engine, create_sessionmaker, tenant_transaction
from okrug_common.migrations import migrations_dir_of
from okrug_common.rpc import ServiceTokenProvider, create_channel
from okrug_common.runtime import ServiceDefinition
from okrug_common.service import command_line
from okrug_notify.grpc_api import NotifyServicer
from okrug_notify.guardians import service as guardians
from okrug_notify.identity_client import IdentityGuardians
from okrug_notify.inbox.endpoints import router as inbox_router
from okrug_notify.models import outbox, processed_events
from okrug_notify.settings import NotifySettings
from okrug_notify.subscriptions import subscriptions

definition = ServiceDefinition(
    name="notify",
    settings_type=NotifySettings,
    migrations_dir=migrations_dir_of(__file__),
    outbox=outbox,
    processed_events=processed_events,
    routers=[inbox_router],
    grpc_servicers=lambda runtime: [
        (notify_pb2_grpc.add_NotifyServiceServicer_to_server, NotifyServicer(runtime))
    ],
    subscriptions=lambda runtime: subscriptions(IdentityGuardians(runtime.channels["identity"])),
    peers=["identity"],
)


async def rebuild_guardians(school_id: UUID) -> int:
    """Replace one school's guardian projection with identity's current links."""
    settings = NotifySettings()
    engine = create_engine(
        settings.database_url, pool_size=1, max_overflow=0, application_name="okrug-notify-rebuild"
    )
    async with httpx.AsyncClient() as http:
        token_url = settings.oidc_token_url
        if not token_url:
            token_url = str((await discover(http, settings.oidc_issuer))["token_endpoint"])
        tokens = ServiceTokenProvider(
            http, token_url, settings.client_id, settings.client_secret.get_secret_value()
        )
        channel = create_channel(settings.identity_grpc, tokens, settings.grpc_deadline_seconds)
        try:
            async with tenant_transaction(create_sessionmaker(engine), school_id) as session:
                return await guardians.rebuild(session, IdentityGuardians(channel), school_id)
        finally:
            await channel.close()
            await engine.dispose()


def main() -> None:
    cli = command_line(definition)

    @cli.command("rebuild-guardians")
    def rebuild_command(school_id: str = typer.Argument(..., help="School (tenant) UUID")) -> None:
        """Rebuild the school's guardian projection from identity over gRPC."""
        try:
            school = UUID(school_id)
        except ValueError:
            raise typer.BadParameter("school_id must be a UUID") from None
        count = asyncio.run(rebuild_guardians(school))
        typer.echo(f"guardian links: {count}")

    cli()
