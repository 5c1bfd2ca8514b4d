"""The five services on one machine: their environment, migrations, processes, readiness."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import httpx

from . import paths, postgres
from .ports import HOST, SERVICES, Instance, get_instance
from .processes import Supervisor, log_tail

IssuerMode = Literal["keycloak", "local"]
REALM = "okrug"
WEB_CLIENT = "okrug-web"
PEERS: Mapping[str, tuple[str, ...]] = {
    "identity": (),
    "schedule": ("identity",),
    "journal": ("identity", "schedule"),
    "notify": ("identity",),
    "helpdesk": ("identity",),
}


class ServiceError(RuntimeError):
    """A service failed to migrate or to become ready."""


def client_secret(service: str) -> str:
    """The service account's secret: the realm's dev default unless overridden."""
    return os.environ.get(f"OKRUG_KC_SECRET_{service.upper()}", f"dev-secret-{service}")


def executable(service: str) -> str:
    return str(paths.repo_root() / ".venv" / "bin" / f"okrug-{service}")


@dataclass(frozen=True)
class Issuer:
    mode: IssuerMode
    url: str
    token_url: str

    @classmethod
    def for_instance(cls, instance: Instance, mode: IssuerMode) -> Issuer:
        if mode == "keycloak":
            url = f"{instance.keycloak_url}/realms/{REALM}"
            return cls(mode, url, f"{url}/protocol/openid-connect/token")
        url = f"http://{HOST}:{instance.http_port('identity')}/identity/oidc"
        return cls(mode, url, f"{url}/token")


def demo_workers() -> dict[str, int]:
    """Worker processes for `up`: the journal takes the morning peak of lesson saves and
    diary reads (issue 5), so it gets one worker per core, up to two; the rest one."""
    return {"journal": max(1, min(2, os.cpu_count() or 1))}


def workers_of(service: str, workers: Mapping[str, int] | None) -> int:
    """`OKRUG_<SERVICE>_WORKERS` in the launcher's environment wins over what was asked."""
    override = os.environ.get(f"OKRUG_{service.upper()}_WORKERS", "")
    if override.isdigit() and int(override) >= 1:
        return int(override)
    return (workers or {}).get(service, 1)


# Services that read for the district through their database's reporting role (DESIGN,
# Tenancy): the journal owns oversight's read models.
REPORTING_SERVICES = frozenset({"journal"})


def service_env(
    instance: Instance, service: str, issuer: Issuer, workers: int = 1
) -> dict[str, str]:
    prefix = f"OKRUG_{service.upper()}_"
    urls = postgres.database_urls(instance, service)
    spans = paths.state_dir(instance.name) / "spans" / f"{service}.jsonl"
    env = {
        "DATABASE_URL": urls["app"],
        "OWNER_DATABASE_URL": urls["owner"],
        "RELAY_DATABASE_URL": urls["relay"],
        "NATS_URL": instance.nats_url,
        "HTTP_HOST": HOST,
        "HTTP_PORT": str(instance.http_port(service)),
        "GRPC_PORT": str(instance.grpc_port(service)),
        "OIDC_ISSUER": issuer.url,
        "OIDC_AUDIENCE": "okrug-api",
        "CLIENT_ID": f"okrug-{service}",
        "CLIENT_SECRET": client_secret(service),
        "OTEL_SPANS_FILE": str(spans),
        "WORKERS": str(workers),
    }
    for peer in PEERS[service]:
        env[f"{peer.upper()}_GRPC"] = f"{HOST}:{instance.grpc_port(peer)}"
    if service in REPORTING_SERVICES:
        env["REPORTING_DATABASE_URL"] = urls["reporting"]
    if service == "identity":
        env |= _identity_env(instance, issuer)
    if service == "journal":
        # The deadline clock (J4) looks every few seconds here, so a test sees an entry
        # missing within seconds of its deadline; deployments keep the minute of the default.
        env["DEADLINE_CLOCK_SECONDS"] = "2"
    return {prefix + key: value for key, value in env.items()}


def _identity_env(instance: Instance, issuer: Issuer) -> dict[str, str]:
    env = {
        "ISSUER_MODE": issuer.mode,
        "KEYCLOAK_URL": instance.keycloak_url,
        "KEYCLOAK_REALM": REALM,
    }
    if issuer.mode == "local":
        env["LOCAL_ISSUER_URL"] = issuer.url
        env["LOCAL_ISSUER_KEY_FILE"] = str(paths.state_dir(instance.name) / "issuer-key.pem")
        env["LOCAL_CLIENTS"] = json.dumps({f"okrug-{s}": client_secret(s) for s in SERVICES})
    return env


def process_env(
    instance: Instance, service: str, issuer: Issuer, workers: int = 1
) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("OKRUG_")}
    return base | service_env(instance, service, issuer, workers)


def migrate(instance: Instance | str, issuer: Issuer, services: tuple[str, ...] = SERVICES) -> None:
    """Migrate every service's database, all at once: they are independent."""
    inst = get_instance(instance)
    running = {
        service: subprocess.Popen(  # noqa: S603 - our own entry point
            [executable(service), "migrate"],
            env=process_env(inst, service, issuer),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for service in services
    }
    failures = []
    for service, process in running.items():
        _, stderr = process.communicate()
        if process.returncode != 0:
            failures.append(f"migrations of {service} failed:\n{stderr[-3000:]}")
    if failures:
        raise ServiceError("\n".join(failures))


def start(
    supervisor: Supervisor,
    instance: Instance | str,
    issuer: Issuer,
    services: tuple[str, ...] = SERVICES,
    workers: Mapping[str, int] | None = None,
) -> dict[str, float]:
    """Start the services in dependency order (identity first: it may be the issuer), each
    with its number of worker processes (1 unless `workers` or the environment say more);
    returns seconds to ready per service."""
    inst = get_instance(instance)
    timings: dict[str, float] = {}
    ordered = (
        ("identity", *(s for s in services if s != "identity"))
        if "identity" in services
        else services
    )
    for service in ordered:
        began = time.monotonic()
        supervisor.start(
            service,
            [executable(service), "serve"],
            env=process_env(inst, service, issuer, workers_of(service, workers)),
            cwd=paths.repo_root(),
        )
        if service == "identity":
            wait_ready(supervisor, inst, service)
        timings[service] = time.monotonic() - began
    for service in ordered:
        began = time.monotonic()
        wait_ready(supervisor, inst, service)
        timings[service] += time.monotonic() - began
    return timings


def readiness_url(instance: Instance, service: str) -> str:
    return f"http://{HOST}:{instance.http_port(service)}/{service}/readyz"


def wait_ready(
    supervisor: Supervisor, instance: Instance, service: str, timeout: float = 90.0
) -> None:
    deadline = time.monotonic() + timeout
    url = readiness_url(instance, service)
    while time.monotonic() < deadline:
        code = supervisor.exit_code(service)
        if code is not None:
            raise ServiceError(f"{service} exited with code {code}:\n{_tail(instance, service)}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise ServiceError(f"{service} not ready after {timeout:.0f}s:\n{_tail(instance, service)}")


def _tail(instance: Instance, service: str) -> str:
    return log_tail(paths.logs_dir(instance.name) / f"{service}.log")


def stop(supervisor: Supervisor, services: tuple[str, ...] = SERVICES) -> None:
    for service in reversed(services):
        supervisor.stop(service, timeout=15)


def spans_dir(instance: Instance | str) -> Path:
    return paths.state_dir(get_instance(instance).name) / "spans"
