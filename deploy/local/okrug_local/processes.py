"""A small supervisor for the child processes of one instance.

Every process is started in its own session (so Ctrl-C in the terminal reaches the launcher,
not the children, and they are stopped in order) with stdout/stderr appended to a log file,
and recorded in `.run/<instance>/pids/<name>.json` with its start time from /proc, so that a
later run can tell it from an unrelated process that reused the pid.

A process is *attached* (the default: the launcher that started it, e.g. a pytest session or a
foreground `up`, stops it on exit) or *detached* (`infra up`: it outlives the launcher until
`infra down`). An attached process whose launcher is gone was left behind by a crash: the next
start kills it so its ports are free.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import FrameType

from . import paths

LOG_HEADER = "=== okrug-local"
DEFAULT_STOP_TIMEOUT = 20.0
KILL_TIMEOUT = 5.0


class ProcessError(RuntimeError):
    """A supervised process could not be started or stopped."""


@dataclass(slots=True)
class ProcessRecord:
    name: str
    pid: int
    start_ticks: int
    argv: list[str]
    log_file: str
    owner_pid: int
    owner_start_ticks: int
    detached: bool
    stop_signal: int = int(signal.SIGTERM)
    started_at: float = field(default_factory=time.time)

    @property
    def alive(self) -> bool:
        return proc_start_ticks(self.pid) == self.start_ticks

    @property
    def orphaned(self) -> bool:
        """Attached, and the launcher that started it is gone (it crashed or was killed)."""
        return not self.detached and proc_start_ticks(self.owner_pid) != self.owner_start_ticks


# --- /proc helpers -------------------------------------------------------------------------


def _proc_stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    # comm (field 2) may contain spaces and parentheses: split after the last ')'.
    rest = raw[raw.rfind(")") + 2 :].split()
    return rest  # rest[0] is field 3 (state)


def proc_start_ticks(pid: int) -> int | None:
    """Start time of a live (non-zombie) process in clock ticks since boot, or None."""
    stat = _proc_stat(pid)
    if stat is None or stat[0] in ("Z", "X"):
        return None
    return int(stat[19])  # field 22


def _iter_pids() -> Iterator[int]:
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            yield int(entry.name)


def group_members(pgid: int) -> list[int]:
    """Live processes of a process group."""
    members = []
    for pid in _iter_pids():
        stat = _proc_stat(pid)
        if stat is not None and stat[0] not in ("Z", "X") and int(stat[2]) == pgid:
            members.append(pid)
    return members


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for p in _iter_pids():
        stat = _proc_stat(p)
        if stat is not None:
            children.setdefault(int(stat[1]), []).append(p)
    out: list[int] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def rss_bytes(pid: int, *, include_descendants: bool = True) -> int:
    """Resident set size of a process (and its descendants), in bytes."""
    total = 0
    for p in [pid, *(descendants(pid) if include_descendants else [])]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
                    break
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def pss_bytes(pid: int, *, include_descendants: bool = True) -> int:
    """Proportional set size (shared pages split among their users), in bytes.

    Unlike summed RSS this does not count PostgreSQL's shared buffers once per backend.
    Falls back to RSS where smaps_rollup cannot be read.
    """
    total = 0
    for p in [pid, *(descendants(pid) if include_descendants else [])]:
        try:
            text = Path(f"/proc/{p}/smaps_rollup").read_text()
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            total += rss_bytes(p, include_descendants=False)
            continue
        for line in text.splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1]) * 1024
                break
    return total


def log_tail(path: Path | str, lines: int = 40) -> str:
    try:
        with open(path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            fh.seek(max(0, fh.tell() - 64 * 1024))
            text = fh.read().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return f"(no log at {path})"
    # only the latest run: the supervisor starts each with a "=== okrug-local" line
    latest = text.rfind(f"\n{LOG_HEADER}")
    if latest >= 0:
        text = text[latest + 1 :]
    return "\n".join(text.splitlines()[-lines:])


# --- pid records ---------------------------------------------------------------------------


def _record_path(instance: str, name: str) -> Path:
    return paths.pids_dir(instance) / f"{name}.json"


def _write_record(instance: str, record: ProcessRecord) -> None:
    path = _record_path(instance, record.name)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(record), indent=2))
    os.replace(tmp, path)


def read_record(instance: str, name: str) -> ProcessRecord | None:
    """The recorded process, or None; a record of a process that is gone is removed."""
    path = _record_path(instance, name)
    try:
        record = ProcessRecord(**json.loads(path.read_text()))
    except FileNotFoundError:
        return None
    except (ValueError, TypeError):
        path.unlink(missing_ok=True)
        return None
    if not record.alive and not group_members(record.pid):
        path.unlink(missing_ok=True)
        return None
    return record


def recorded_names(instance: str) -> list[str]:
    return sorted(p.stem for p in paths.pids_dir(instance).glob("*.json"))


def _wait_gone(pgid: int, timeout: float, child: subprocess.Popen[bytes] | None) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        if child is not None:
            child.poll()
        if not group_members(pgid):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def _signal_group(pgid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, sig)


def terminate(
    record: ProcessRecord,
    *,
    timeout: float = DEFAULT_STOP_TIMEOUT,
    child: subprocess.Popen[bytes] | None = None,
) -> bool:
    """Stop the process group: its stop signal, then SIGKILL after `timeout`.

    Returns True when it went with the stop signal, False when it had to be killed.
    """
    pgid = record.pid  # started with start_new_session: the leader's pid is the group id
    if not group_members(pgid):
        return True
    _signal_group(pgid, record.stop_signal)
    if _wait_gone(pgid, timeout, child):
        return True
    _signal_group(pgid, signal.SIGKILL)
    if not _wait_gone(pgid, KILL_TIMEOUT, child):
        raise ProcessError(f"{record.name} (pid {record.pid}) survived SIGKILL")
    return False


def stop_recorded(instance: str, name: str, *, timeout: float = DEFAULT_STOP_TIMEOUT) -> bool:
    """Stop a recorded process of the instance, whoever started it. True if one was running."""
    record = read_record(instance, name)
    if record is None:
        return False
    terminate(record, timeout=timeout)
    _record_path(instance, name).unlink(missing_ok=True)
    return True


def cleanup_stale(instance: str) -> list[str]:
    """Remove records of dead processes; kill processes left behind by a crashed launcher."""
    killed = []
    for name in recorded_names(instance):
        record = read_record(instance, name)
        if record is not None and record.orphaned:
            terminate(record, timeout=5.0)
            _record_path(instance, name).unlink(missing_ok=True)
            killed.append(name)
    return killed


# --- the supervisor --------------------------------------------------------------------------


class Supervisor:
    """Starts and stops the child processes of one instance."""

    def __init__(self, instance: str, *, detached: bool = False) -> None:
        self.instance = instance
        self.detached = detached
        self._children: dict[str, subprocess.Popen[bytes]] = {}

    def start(
        self,
        name: str,
        argv: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        cwd: Path | str | None = None,
        log_file: Path | None = None,
        stop_signal: int = signal.SIGTERM,
    ) -> ProcessRecord:
        """Start `argv` as `name`; a previous process of that name is stopped first."""
        stop_recorded(self.instance, name, timeout=5.0)
        log_path = log_file or paths.logs_dir(self.instance) / f"{name}.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(log_path, "ab") as log:
            stamp = time.strftime("%Y-%m-%d %H:%M:%S")
            log.write(f"\n{LOG_HEADER} {stamp}: {' '.join(argv)}\n".encode())
            log.flush()
            try:
                child = subprocess.Popen(  # noqa: S603 - argv built by the launcher
                    list(argv),
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=dict(env) if env is not None else None,
                    cwd=cwd,
                    start_new_session=True,
                    close_fds=True,
                )
            except OSError as exc:
                raise ProcessError(f"cannot start {name} ({argv[0]}): {exc}") from exc
        me = os.getpid()
        record = ProcessRecord(
            name=name,
            pid=child.pid,
            start_ticks=proc_start_ticks(child.pid) or 0,
            argv=list(argv),
            log_file=str(log_path),
            owner_pid=me,
            owner_start_ticks=proc_start_ticks(me) or 0,
            detached=self.detached,
            stop_signal=int(stop_signal),
        )
        _write_record(self.instance, record)
        self._children[name] = child
        return record

    def exit_code(self, name: str) -> int | None:
        """Exit code if our child `name` has exited, else None."""
        child = self._children.get(name)
        return None if child is None else child.poll()

    def stop(self, name: str, *, timeout: float = DEFAULT_STOP_TIMEOUT) -> bool:
        record = read_record(self.instance, name)
        child = self._children.pop(name, None)
        if record is None:
            if child is not None:
                child.poll()
            return False
        terminate(record, timeout=timeout, child=child)
        _record_path(self.instance, name).unlink(missing_ok=True)
        return True


# --- exit handling ---------------------------------------------------------------------------

_exit_callbacks: list[Callable[[], object]] = []
_exit_lock = threading.Lock()
_handlers_installed = False


def _run_exit_callbacks() -> None:
    with _exit_lock:
        callbacks = list(reversed(_exit_callbacks))
        _exit_callbacks.clear()
    for callback in callbacks:
        with contextlib.suppress(Exception):
            callback()


def _on_signal(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def register_exit_callback(callback: Callable[[], object]) -> None:
    """Run `callback` when the launcher exits: normally, on Ctrl-C, SIGTERM or SIGHUP."""
    global _handlers_installed
    with _exit_lock:
        _exit_callbacks.append(callback)
        if _handlers_installed:
            return
        _handlers_installed = True
    atexit.register(_run_exit_callbacks)
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGHUP):
            if signal.getsignal(sig) in (signal.SIG_DFL, None):
                signal.signal(sig, _on_signal)


def unregister_exit_callback(callback: Callable[[], object]) -> None:
    with _exit_lock, contextlib.suppress(ValueError):
        _exit_callbacks.remove(callback)
