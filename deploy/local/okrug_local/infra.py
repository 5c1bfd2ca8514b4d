"""The infrastructure of one instance: PostgreSQL, NATS (JetStream) and Keycloak."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, TypeVar

from . import apt, nats, postgres, processes
from . import keycloak as kc
from .ports import SERVICES, Instance, get_instance, reserve_ports

T = TypeVar("T")

COMPONENTS: Final[tuple[str, ...]] = ("postgres", "nats", "keycloak")

INFRA_ERRORS: Final = (
    apt.AptError,
    postgres.PostgresError,
    nats.NatsError,
    kc.KeycloakUnavailable,
    kc.KeycloakError,
    processes.ProcessError,
)


@dataclass(slots=True)
class StartResult:
    instance: Instance
    started: list[str] = field(default_factory=list)
    """Components started by this call (the others were already running and were adopted)."""
    already_running: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per step: "apt", "postgres-init" (first run only), "postgres", "databases",
    "nats", "keycloak" (time until ready; for an adopted component, the time to check it)."""
    urls: dict[str, str] = field(default_factory=dict)
    database_urls: dict[str, dict[str, str]] = field(default_factory=dict)
    """{service: {"owner"|"app"|"relay"|"reporting": postgresql+asyncpg URL}}"""


@dataclass(slots=True)
class ComponentStatus:
    name: str
    running: bool
    pid: int | None
    ports: list[int]
    url: str
    rss_bytes: int
    """Summed RSS of the process tree (counts shared memory once per process)."""
    pss_bytes: int
    """Proportional set size of the process tree: the fairer total."""


class Infrastructure:
    """Start and stop PostgreSQL, NATS and Keycloak of one instance ("demo" or "test").

    Attached (default): whatever this object started is stopped when the process exits
    (normally, Ctrl-C, SIGTERM), and is killed by the next start if the process crashed.
    Detached: it keeps running after the process exits, until `stop()` / `infra down`.
    """

    def __init__(self, instance: Instance | str, *, detached: bool = False) -> None:
        self.instance = get_instance(instance)
        self.detached = detached
        self.supervisor = processes.Supervisor(self.instance.name, detached=detached)
        self.timings: dict[str, float] = {}
        self._started: list[str] = []
        self._exit_hook: Callable[[], object] | None = None
        self.notes: list[str] = []
        """Remarks for the operator (e.g. why Keycloak was left out); filled by callers."""

    @staticmethod
    def keycloak_unavailable_errors() -> tuple[type[Exception], ...]:
        """Errors meaning "this machine cannot run Keycloak" (no Java 21+, download failed),
        as opposed to a Keycloak that was tried and failed (KeycloakError)."""
        return (kc.KeycloakUnavailable,)

    # -- start --------------------------------------------------------------------------------

    def start(
        self,
        keycloak: bool = True,
        *,
        fresh_databases: bool = False,
        services: Iterable[str] = SERVICES,
        realm_file: Path | None = None,
    ) -> StartResult:
        """Install missing packages, start what is not running, create the service databases.

        On failure everything this call started is stopped again and the error propagates
        (AptError, PostgresError, NatsError, KeycloakUnavailable, KeycloakError, ...).
        """
        inst = self.instance
        result = StartResult(instance=inst, timings=self.timings)
        started_before = list(self._started)
        try:
            self._timed("apt", apt.ensure_packages)
            reserve_ports(inst)
            processes.cleanup_stale(inst.name)
            java = kc.find_java() if keycloak else None  # fail before starting anything
            if not postgres.data_dir(inst).joinpath("PG_VERSION").exists():
                self._timed("postgres-init", lambda: postgres.ensure_cluster(inst))
            self._record(result, "postgres", self._timed("postgres", lambda: postgres.start(inst)))
            result.database_urls = self._timed(
                "databases",
                lambda: postgres.create_service_databases(inst, services, fresh=fresh_databases),
            )
            self._record(
                result,
                "nats",
                self._timed("nats", lambda: nats.start(inst, supervisor=self.supervisor)),
            )
            if java is not None:
                self._record(
                    result,
                    "keycloak",
                    self._timed(
                        "keycloak",
                        lambda: kc.start(
                            inst,
                            supervisor=self.supervisor,
                            realm_file=realm_file,
                            timings=self.timings,
                            fresh=fresh_databases,
                        ),
                    ),
                )
        except BaseException:
            self._stop(c for c in reversed(self._started) if c not in started_before)
            raise
        if not self.detached and self._exit_hook is None:
            self._exit_hook = lambda: self.stop(started_only=True)
            processes.register_exit_callback(self._exit_hook)
        result.urls = self.urls(keycloak=keycloak)
        return result

    def _timed(self, step: str, fn: Callable[[], T]) -> T:
        t0 = time.monotonic()
        value = fn()
        self.timings[step] = round(time.monotonic() - t0, 3)
        return value

    def _record(self, result: StartResult, component: str, started_now: bool) -> None:
        if started_now:
            result.started.append(component)
            self._started.append(component)
        else:
            result.already_running.append(component)

    # -- stop ---------------------------------------------------------------------------------

    def stop(self, *, started_only: bool = False) -> list[str]:
        """Stop Keycloak, NATS, PostgreSQL (in that order); return what was running.

        `started_only=True` leaves alone what this object found already running (e.g. a test
        instance that a developer keeps up with `okrug-local infra up --instance test`).
        """
        wanted = list(self._started) if started_only else list(COMPONENTS)
        stopped = self._stop(c for c in reversed(COMPONENTS) if c in wanted)
        self._started = [c for c in self._started if c not in wanted]
        if self._exit_hook is not None and not self._started:
            processes.unregister_exit_callback(self._exit_hook)
            self._exit_hook = None
        return stopped

    def _stop(self, components: Iterable[str]) -> list[str]:
        stoppers: dict[str, Callable[[Instance], bool]] = {
            "keycloak": kc.stop,
            "nats": nats.stop,
            "postgres": postgres.stop,
        }
        stopped = []
        for component in components:
            if stoppers[component](self.instance):
                stopped.append(component)
        return stopped

    # -- inspection ---------------------------------------------------------------------------

    def urls(self, *, keycloak: bool = True) -> dict[str, str]:
        inst = self.instance
        urls = {
            "postgres": postgres.admin_url(inst),
            "nats": inst.nats_url,
            "nats_monitor": inst.nats_monitor_url,
        }
        if keycloak:
            urls |= {
                "keycloak": inst.keycloak_url,
                "keycloak_issuer": kc.issuer(inst),
                "keycloak_discovery": kc.discovery_url(inst),
                "keycloak_admin_console": f"{inst.keycloak_url}/admin/",
                "keycloak_health": f"{inst.keycloak_management_url}/health/ready",
            }
        return urls

    def status(self) -> list[ComponentStatus]:
        inst = self.instance
        pids = {
            "postgres": postgres.postmaster_pid(inst) if postgres.is_running(inst) else None,
            "nats": nats.pid(inst),
            "keycloak": kc.pid(inst),
        }
        ports = {
            "postgres": [inst.postgres_port],
            "nats": [inst.nats_port, inst.nats_monitor_port],
            "keycloak": [inst.keycloak_http_port, inst.keycloak_management_port],
        }
        urls = {
            "postgres": f"postgresql://127.0.0.1:{inst.postgres_port}",
            "nats": inst.nats_url,
            "keycloak": inst.keycloak_url,
        }
        return [
            ComponentStatus(
                name=c,
                running=pids[c] is not None,
                pid=pids[c],
                ports=ports[c],
                url=urls[c],
                rss_bytes=processes.rss_bytes(pid) if (pid := pids[c]) else 0,
                pss_bytes=processes.pss_bytes(pid) if pid else 0,
            )
            for c in COMPONENTS
        ]
