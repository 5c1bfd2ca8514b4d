"""Make sure the Debian packages the infrastructure needs are installed."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from typing import Final

REQUIRED_PACKAGES: Final[tuple[str, ...]] = (
    "postgresql",
    "nats-server",
    "unzip",
    "curl",
    # The credential slips (identity) are set in DejaVu Sans: Cyrillic glyphs.
    "fonts-dejavu-core",
    "ca-certificates",
)

_apt_updated = False


class AptError(RuntimeError):
    """Packages are missing and could not be installed."""


def is_installed(package: str) -> bool:
    """True when dpkg knows the package as fully installed."""
    if shutil.which("dpkg-query") is None:
        raise AptError("dpkg-query not found: the one-machine launcher supports Debian only")
    result = subprocess.run(  # noqa: S603
        ["dpkg-query", "-W", "-f=${db:Status-Status}", package],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode == 0 and result.stdout.strip() == "installed"


def missing_packages(packages: Iterable[str] = REQUIRED_PACKAGES) -> list[str]:
    return [p for p in packages if not is_installed(p)]


def _run_apt(args: Sequence[str]) -> None:
    env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    result = subprocess.run(  # noqa: S603
        ["apt-get", *args],  # noqa: S607
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-20:])
        raise AptError(f"`apt-get {' '.join(args)}` failed ({result.returncode}):\n{tail}")


def ensure_packages(packages: Iterable[str] = REQUIRED_PACKAGES) -> list[str]:
    """Install whatever is missing; return the packages that were installed (usually none).

    `apt-get update` runs at most once per process, and only when something is missing.
    """
    global _apt_updated
    missing = missing_packages(packages)
    if not missing:
        return []
    if os.geteuid() != 0:
        raise AptError(
            f"missing Debian packages: {' '.join(missing)}; run as root or install them: "
            f"apt-get install -y --no-install-recommends {' '.join(missing)}"
        )
    if shutil.which("apt-get") is None:
        raise AptError(f"missing Debian packages {' '.join(missing)} and no apt-get found")
    if not _apt_updated:
        _run_apt(["update"])
        _apt_updated = True
    _run_apt(["install", "-y", "--no-install-recommends", *missing])
    still_missing = missing_packages(missing)
    if still_missing:
        raise AptError(f"apt-get reported success but still missing: {' '.join(still_missing)}")
    return missing
