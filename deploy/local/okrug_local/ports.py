"""Instances ("demo", "test") and their ports, chosen so that a test run never collides with a demo."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Final

SERVICES: Final[tuple[str, ...]] = ("identity", "schedule", "journal", "notify", "helpdesk")
HOST: Final = "127.0.0.1"


@dataclass(frozen=True, slots=True)
class Instance:
    name: str
    postgres_port: int
    nats_port: int
    nats_monitor_port: int
    keycloak_http_port: int
    keycloak_management_port: int
    service_http_base: int
    service_grpc_base: int

    def http_port(self, service: str) -> int:
        return self.service_http_base + _service_index(service)

    def grpc_port(self, service: str) -> int:
        return self.service_grpc_base + _service_index(service)

    @property
    def http_ports(self) -> dict[str, int]:
        return {s: self.http_port(s) for s in SERVICES}

    @property
    def grpc_ports(self) -> dict[str, int]:
        return {s: self.grpc_port(s) for s in SERVICES}

    @property
    def web_port(self) -> int:
        """The web app's one origin (nginx): the port just below the services' HTTP ports."""
        return self.service_http_base - 1

    @property
    def web_url(self) -> str:
        return f"http://{HOST}:{self.web_port}"

    @property
    def nats_url(self) -> str:
        return f"nats://{HOST}:{self.nats_port}"

    @property
    def nats_monitor_url(self) -> str:
        return f"http://{HOST}:{self.nats_monitor_port}"

    @property
    def keycloak_url(self) -> str:
        return f"http://{HOST}:{self.keycloak_http_port}"

    @property
    def keycloak_management_url(self) -> str:
        return f"http://{HOST}:{self.keycloak_management_port}"

    def all_ports(self) -> dict[str, int]:
        ports = {
            "postgres": self.postgres_port,
            "nats": self.nats_port,
            "nats-monitor": self.nats_monitor_port,
            "keycloak-http": self.keycloak_http_port,
            "keycloak-management": self.keycloak_management_port,
            "web": self.web_port,
        }
        ports |= {f"{s}-http": p for s, p in self.http_ports.items()}
        ports |= {f"{s}-grpc": p for s, p in self.grpc_ports.items()}
        return ports


def _service_index(service: str) -> int:
    try:
        return SERVICES.index(service)
    except ValueError:
        raise KeyError(f"unknown service {service!r}; known: {', '.join(SERVICES)}") from None


INSTANCES: Final = MappingProxyType(
    {
        "demo": Instance(
            name="demo",
            postgres_port=55432,
            nats_port=54222,
            nats_monitor_port=58222,
            keycloak_http_port=58080,
            keycloak_management_port=58081,
            service_http_base=8101,
            service_grpc_base=9101,
        ),
        "test": Instance(
            name="test",
            postgres_port=56432,
            # Ends in 42: shifted by 100*N (test-N), no NATS port meets a shifted monitor port.
            nats_port=56242,
            nats_monitor_port=56822,
            keycloak_http_port=56080,
            keycloak_management_port=56081,
            service_http_base=18101,
            service_grpc_base=19101,
        ),
    }
)


def get_instance(instance: Instance | str) -> Instance:
    """Accept an `Instance` or its name: "demo", "test", or "test-N" (N = 1..9), a test
    instance with every port shifted by N*100 so several suites can run side by side."""
    if isinstance(instance, Instance):
        return instance
    if instance in INSTANCES:
        return INSTANCES[instance]
    base, _, number = instance.partition("-")
    if base == "test" and number.isdigit() and 1 <= int(number) <= 9:
        return _shifted(INSTANCES["test"], instance, 100 * int(number))
    raise KeyError(f"unknown instance {instance!r}; known: {', '.join(INSTANCES)}, test-1..test-9")


def _shifted(template: Instance, name: str, offset: int) -> Instance:
    return Instance(
        name=name,
        postgres_port=template.postgres_port + offset,
        nats_port=template.nats_port + offset,
        nats_monitor_port=template.nats_monitor_port + offset,
        keycloak_http_port=template.keycloak_http_port + offset,
        keycloak_management_port=template.keycloak_management_port + offset,
        service_http_base=template.service_http_base + offset,
        service_grpc_base=template.service_grpc_base + offset,
    )


def port_in_use(port: int, host: str = HOST) -> bool:
    """Something accepts TCP connections on host:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


RESERVED_PORTS_FILE: Final = Path("/proc/sys/net/ipv4/ip_local_reserved_ports")


def reserve_ports(instance: Instance) -> bool:
    """Keep the kernel from handing the instance's ports to outgoing connections.

    The PostgreSQL, NATS and Keycloak ports lie inside Linux's ephemeral range
    (32768-60999): a client connection that happens to get one as its local port makes the
    server's start fail with "address in use". Root can reserve them; elsewhere this is a
    no-op and False is returned."""
    try:
        current = RESERVED_PORTS_FILE.read_text().strip()
        wanted = {str(port) for port in instance.all_ports().values()}
        present = {item for item in current.split(",") if item}
        if wanted <= present:
            return True
        RESERVED_PORTS_FILE.write_text(",".join(sorted(present | wanted)))
    except OSError:
        return False
    return True
