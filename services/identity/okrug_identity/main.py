"""The identity service: the district's schools, people, roles and guardian links (I1-I7);
in the quick start without Keycloak, also the OpenID issuer."""

import asyncio
from collections.abc import Sequence
from typing import Any

import typer

from okrug.identity.v1 import identity_pb2_grpc
from okrug_common.db import create_engine, create_sessionmaker
from okrug_common.event_catalog import ScheduleEvents
from okrug_common.events import Subscription
from okrug_common.migrations import migrations_dir_of
from okrug_common.read_audit import READ_EVENTS
from okrug_common.roles import DISTRICT_ROLES, Role
from okrug_common.runtime import Runtime, ServiceDefinition
from okrug_common.service import command_line
from okrug_identity.accounts.factory import build_directory
from okrug_identity.activity.endpoints import router as activity_router
from okrug_identity.classes import service as classes
from okrug_identity.classes.endpoints import router as classes_router
from okrug_identity.consents.endpoints import router as consents_router
from okrug_identity.credentials.endpoints import router as credentials_router
from okrug_identity.grpc_api import IdentityServicer
from okrug_identity.guardians.endpoints import router as guardians_router
from okrug_identity.issuer import keys
from okrug_identity.issuer.endpoints import ISSUER_STATE
from okrug_identity.issuer.endpoints import router as issuer_router
from okrug_identity.issuer.tokens import Issuer
from okrug_identity.models import outbox, processed_events
from okrug_identity.movements.endpoints import router as movements_router
from okrug_identity.personal_data.endpoints import router as personal_data_router
from okrug_identity.persons.endpoints import router as persons_router
from okrug_identity.read_audit import service as read_audit
from okrug_identity.read_audit.endpoints import router as read_audit_router
from okrug_identity.roles.endpoints import router as roles_router
from okrug_identity.schools.endpoints import router as schools_router
from okrug_identity.settings import IdentitySettings


async def on_start(runtime: Runtime) -> None:
    settings = runtime.settings
    assert isinstance(settings, IdentitySettings)
    runtime.state["directory"] = build_directory(settings, runtime.sessionmaker)
    if settings.issuer_mode == "local":
        runtime.state[ISSUER_STATE] = Issuer(
            key=keys.load_or_create(settings.local_issuer_key_file),
            url=settings.local_issuer_url,
            audience=settings.oidc_audience,
            lifetime_seconds=settings.local_token_lifetime_seconds,
        )


def subscriptions(runtime: Runtime) -> list[Subscription[Any]]:
    """Schedule's facts about classes, for the class-teacher rules (credential slips, student
    cards); every service's reads for the read audit."""
    found: list[Subscription[Any]] = [
        Subscription(
            durable="identity-class-members",
            event=ScheduleEvents.CLASS_MEMBER_ADDED,
            handler=classes.on_class_member_added,
        )
    ]
    found.append(
        Subscription(
            durable="identity-class-teachers",
            event=ScheduleEvents.CLASS_TEACHER_ASSIGNED,
            handler=classes.on_class_teacher_assigned,
        )
    )
    # Every service's staff reads of persons' data, identity's own included (X2).
    found.extend(
        Subscription(
            durable=f"identity-read-audit-{producer}",
            event=event,
            handler=read_audit.on_personal_data_read,
        )
        for producer, event in READ_EVENTS.items()
    )
    return found


definition = ServiceDefinition(
    name="identity",
    settings_type=IdentitySettings,
    migrations_dir=migrations_dir_of(__file__),
    outbox=outbox,
    processed_events=processed_events,
    routers=[
        schools_router,
        persons_router,
        roles_router,
        guardians_router,
        consents_router,
        personal_data_router,
        credentials_router,
        classes_router,
        movements_router,
        activity_router,
        read_audit_router,
        issuer_router,
    ],
    grpc_servicers=lambda runtime: [
        (identity_pb2_grpc.add_IdentityServiceServicer_to_server, IdentityServicer(runtime))
    ],
    subscriptions=subscriptions,
    on_start=on_start,
)


async def _create_district_staff(
    username: str, password: str, last_name: str, first_name: str, roles: Sequence[Role]
) -> str:
    settings = IdentitySettings()
    engine = create_engine(settings.database_url, pool_size=1, max_overflow=0)
    directory = build_directory(settings, create_sessionmaker(engine))
    try:
        person_id = await directory.create_account(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=None,
            password=password,
            temporary_password=False,
            roles=[r.value for r in roles],
            school_id=None,
        )
    finally:
        await directory.close()
        await engine.dispose()
    return str(person_id)


def main() -> None:
    app = command_line(definition)

    @app.command("create-district-staff")
    def create_district_staff(
        username: str = typer.Option(...),
        password: str = typer.Option(..., prompt=True, hide_input=True),
        last_name: str = typer.Option(...),
        first_name: str = typer.Option(...),
        role: list[Role] = typer.Option([Role.DISTRICT_ADMIN]),
    ) -> None:
        """Create a district account (district admin, working-group member, support agent)."""
        if any(r not in DISTRICT_ROLES for r in role):
            raise typer.BadParameter("only district roles may be given here")
        typer.echo(
            asyncio.run(_create_district_staff(username, password, last_name, first_name, role))
        )

    app()
