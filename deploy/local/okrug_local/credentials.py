"""Per-instance passwords, generated once and kept in `.run/<instance>/secrets.json` (mode 600)."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import paths

SECRETS_FILE = "secrets.json"


def secrets_path(instance: str) -> Path:
    return paths.state_dir(instance) / SECRETS_FILE


@contextlib.contextmanager
def _locked(instance: str) -> Iterator[None]:
    lock = paths.state_dir(instance) / ".secrets.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _read(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path} is not a JSON object")
    return {str(k): str(v) for k, v in data.items()}


def _write(path: Path, data: dict[str, str]) -> None:
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2, sort_keys=True)
        fh.write("\n")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def load_secrets(instance: str) -> dict[str, str]:
    """All passwords generated so far for the instance (may be empty)."""
    return _read(secrets_path(instance))


def ensure_secrets(instance: str, keys: Iterable[str]) -> dict[str, str]:
    """Return passwords for `keys`, generating (and saving) the ones not there yet."""
    wanted = list(keys)
    path = secrets_path(instance)
    with _locked(instance):
        data = _read(path)
        missing = [k for k in wanted if k not in data]
        for key in missing:
            data[key] = secrets.token_urlsafe(24)
        if missing or (path.exists() and path.stat().st_mode & 0o077):
            _write(path, data)
    return {k: data[k] for k in wanted}


def get_secret(instance: str, key: str) -> str:
    return ensure_secrets(instance, [key])[key]
