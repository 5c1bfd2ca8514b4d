"""The whole platform on one machine: infrastructure, migrations, the five services.

Used by `okrug-local up` (the demo district) and by the test suite (instance "test",
fresh databases, Keycloak required)."""

from __future__ import annotations

import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from . import services
from .accounts import TokenClient
from .infra import Infrastructure
from .ports import HOST, SERVICES, Instance, get_instance
from .processes import Supervisor, register_exit_callback, unregister_exit_callback
from .services import Issuer, IssuerMode


@dataclass
class Platform:
    instance: Instance
    issuer: Issuer
    infrastructure: Infrastructure
    supervisor: Supervisor
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def tokens(self) -> TokenClient:
        return TokenClient(self.issuer.token_url)

    def url(self, service: str) -> str:
        return f"http://{HOST}:{self.instance.http_port(service)}/{service}"

    def stop(self) -> None:
        unregister_exit_callback(self.stop)
        services.stop(self.supervisor)
        self.infrastructure.stop(started_only=True)


def start(
    instance_name: str,
    *,
    keycloak: bool | None = True,
    fresh: bool = False,
    workers: Mapping[str, int] | None = None,
) -> Platform:
    """Start everything. keycloak=True requires Keycloak, False uses identity's own issuer,
    None uses Keycloak when it can be had and falls back otherwise. `workers`: worker
    processes per service (1 for those not named)."""
    instance = get_instance(instance_name)
    began = time.monotonic()
    infrastructure = Infrastructure(instance)
    register_exit_callback(infrastructure.stop)
    mode = _start_infrastructure(infrastructure, keycloak, fresh)
    if fresh:
        shutil.rmtree(services.spans_dir(instance), ignore_errors=True)
    issuer = Issuer.for_instance(instance, mode)
    migrate_began = time.monotonic()
    services.migrate(instance, issuer)
    supervisor = Supervisor(instance.name)
    platform = Platform(instance, issuer, infrastructure, supervisor)
    unregister_exit_callback(infrastructure.stop)
    register_exit_callback(platform.stop)
    platform.timings["migrations"] = time.monotonic() - migrate_began
    service_timings = services.start(supervisor, instance, issuer, SERVICES, workers)
    platform.timings |= {f"service:{k}": v for k, v in service_timings.items()}
    platform.timings["total"] = time.monotonic() - began
    return platform


def _start_infrastructure(
    infrastructure: Infrastructure, keycloak: bool | None, fresh: bool
) -> IssuerMode:
    """Start PostgreSQL (with the service databases), NATS and, as asked, Keycloak; `fresh`
    recreates every database, Keycloak's included."""
    if keycloak is not None:
        infrastructure.start(keycloak=keycloak, fresh_databases=fresh)
        return "keycloak" if keycloak else "local"
    try:
        infrastructure.start(keycloak=True, fresh_databases=fresh)
        return "keycloak"
    except infrastructure.keycloak_unavailable_errors() as exc:
        infrastructure.notes.append(
            f"Keycloak unavailable ({exc}); identity issues the tokens itself"
        )
        infrastructure.start(keycloak=False, fresh_databases=fresh)
        return "local"
