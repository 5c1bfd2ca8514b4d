"""Where things live: the repository, per-instance state under `.run/`, the download cache."""

from __future__ import annotations

import os
from pathlib import Path

CACHE_DIR_ENV = "OKRUG_CACHE_DIR"
REPO_ROOT_ENV = "OKRUG_REPO_ROOT"
DEFAULT_CACHE_DIR = Path("/var/cache/okrug")


class PathsError(RuntimeError):
    """A directory the launcher needs cannot be found or is not acceptable."""


def _is_repo_root(path: Path) -> bool:
    pyproject = path / "pyproject.toml"
    if not pyproject.is_file():
        return False
    try:
        return "[tool.uv.workspace]" in pyproject.read_text(encoding="utf-8")
    except OSError:
        return False


def repo_root() -> Path:
    """The workspace root: `$OKRUG_REPO_ROOT`, else the nearest parent with the uv workspace."""
    override = os.environ.get(REPO_ROOT_ENV)
    if override:
        root = Path(override).resolve()
        if not _is_repo_root(root):
            raise PathsError(f"{REPO_ROOT_ENV}={override} is not the Okrug workspace root")
        return root
    for start in (Path(__file__).resolve(), Path.cwd().resolve()):
        for candidate in (start, *start.parents):
            if _is_repo_root(candidate):
                return candidate
    raise PathsError(
        "cannot find the Okrug repository root (a pyproject.toml with [tool.uv.workspace]); "
        f"set {REPO_ROOT_ENV}"
    )


def run_dir() -> Path:
    """`<repo>/.run`, the root of all per-instance state (gitignored)."""
    return repo_root() / ".run"


def state_dir(instance: str) -> Path:
    """`<repo>/.run/<instance>/`, created if missing."""
    path = run_dir() / instance
    path.mkdir(parents=True, exist_ok=True)
    return path


def logs_dir(instance: str) -> Path:
    path = state_dir(instance) / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def pids_dir(instance: str) -> Path:
    path = state_dir(instance) / "pids"
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    """Download cache shared by all instances and kept between runs; never inside the repo."""
    path = Path(os.environ.get(CACHE_DIR_ENV) or DEFAULT_CACHE_DIR).resolve()
    try:
        root = repo_root()
    except PathsError:
        root = None
    if root is not None and path.is_relative_to(root):
        raise PathsError(f"the download cache {path} must not be inside the repository {root}")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PathsError(f"cannot create the download cache {path}: {exc}") from exc
    return path
