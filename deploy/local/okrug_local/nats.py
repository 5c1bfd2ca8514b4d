"""NATS server with JetStream per instance, from Debian's `nats-server` package.

Debian 12 ships nats-server 2.9.10, whose JetStream block does not know `sync_interval`
(added in 2.10; the config parser rejects it as an unknown field). So JetStream here flushes
file-store writes to disk on its default schedule (every 2 minutes) and on shutdown, not on
every write: a power loss can lose the last acknowledged messages. The outbox relay makes
that survivable (anything not confirmed is re-published), and it is only a local setup.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path
from typing import Final

import httpx

from . import paths
from .ports import HOST, Instance, get_instance, port_in_use
from .processes import ProcessError, Supervisor, log_tail, read_record, stop_recorded

PROCESS_NAME: Final = "nats"
MAX_MEMORY_STORE: Final = "256MB"
MAX_FILE_STORE: Final = "8GB"


class NatsError(RuntimeError):
    """nats-server is missing, does not start, or does not become healthy."""


def binary() -> str:
    found = shutil.which("nats-server", path="/usr/sbin:/usr/bin:/usr/local/bin")
    if found is None:
        raise NatsError("nats-server not found (install the Debian package `nats-server`)")
    return found


def store_dir(instance: Instance | str) -> Path:
    return paths.state_dir(get_instance(instance).name) / "nats"


def config_path(instance: Instance | str) -> Path:
    return paths.state_dir(get_instance(instance).name) / "nats.conf"


def log_file(instance: Instance | str) -> Path:
    return paths.logs_dir(get_instance(instance).name) / "nats.log"


def render_config(inst: Instance) -> str:
    return f"""# written by okrug-local on every start; edits are lost
server_name: "okrug-{inst.name}"
listen: "{HOST}:{inst.nats_port}"
http: "{HOST}:{inst.nats_monitor_port}"
max_payload: 1MB
jetstream {{
  store_dir: "{store_dir(inst)}"
  max_memory_store: {MAX_MEMORY_STORE}
  max_file_store: {MAX_FILE_STORE}
}}
"""


def write_config(instance: Instance | str) -> Path:
    inst = get_instance(instance)
    store_dir(inst).mkdir(parents=True, exist_ok=True)
    path = config_path(inst)
    path.write_text(render_config(inst), encoding="utf-8")
    return path


def healthy(instance: Instance | str, *, timeout: float = 1.0) -> bool:
    """GET /healthz?js-enabled-only=true answers {"status": "ok"}."""
    inst = get_instance(instance)
    try:
        response = httpx.get(
            f"{inst.nats_monitor_url}/healthz",
            params={"js-enabled-only": "true"},
            timeout=timeout,
        )
    except httpx.HTTPError:
        return False
    return response.status_code == 200 and response.json().get("status") == "ok"


def is_running(instance: Instance | str) -> bool:
    record = read_record(get_instance(instance).name, PROCESS_NAME)
    return record is not None and record.alive


def pid(instance: Instance | str) -> int | None:
    record = read_record(get_instance(instance).name, PROCESS_NAME)
    return record.pid if record is not None and record.alive else None


def start(
    instance: Instance | str,
    *,
    supervisor: Supervisor | None = None,
    timeout: float = 30.0,
) -> bool:
    """Start nats-server and wait until JetStream is healthy.

    Idempotent: returns False when a healthy server of this instance was already running.
    """
    inst = get_instance(instance)
    if is_running(inst) and healthy(inst):
        return False
    stop_recorded(inst.name, PROCESS_NAME, timeout=5.0)
    for port in (inst.nats_port, inst.nats_monitor_port):
        if port_in_use(port):
            raise NatsError(
                f"port {HOST}:{port} is taken by another program; NATS of instance "
                f"{inst.name!r} cannot start (see `ss -ltnp`)"
            )
    config = write_config(inst)
    sup = supervisor or Supervisor(inst.name)
    check = check_config(config)
    if check:
        raise NatsError(f"nats-server rejects {config}: {check}")
    try:
        sup.start(PROCESS_NAME, [binary(), "-c", str(config)], log_file=log_file(inst))
    except ProcessError as exc:
        raise NatsError(str(exc)) from exc
    _wait_healthy(inst, timeout)
    return True


def check_config(config: Path) -> str:
    """nats-server -t: empty string when the config is accepted, else the complaint."""
    result = subprocess.run(  # noqa: S603
        [binary(), "-c", str(config), "-t"], capture_output=True, text=True, check=False
    )
    return "" if result.returncode == 0 else (result.stdout + result.stderr).strip()


def _wait_healthy(inst: Instance, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not healthy(inst, timeout=0.5):
        if not is_running(inst):
            raise NatsError(
                f"nats-server of instance {inst.name!r} exited during start-up:\n"
                f"{log_tail(log_file(inst))}"
            )
        if time.monotonic() > deadline:
            raise NatsError(
                f"nats-server of instance {inst.name!r} not healthy after {timeout:.0f}s:\n"
                f"{log_tail(log_file(inst))}"
            )
        time.sleep(0.05)


def stop(instance: Instance | str, *, timeout: float = 20.0) -> bool:
    """SIGTERM (JetStream shuts down cleanly), SIGKILL after `timeout`. True if it was running."""
    return stop_recorded(get_instance(instance).name, PROCESS_NAME, timeout=timeout)
