"""`okrug-local up`, `test` and `bench`: the whole platform, the test suite, the benchmarks."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from . import paths, web
from .platform import Platform, start
from .ports import SERVICES
from .seed import DEMO_PASSWORD, SIZES, seed
from .services import demo_workers

console = Console()

STATIC_CHECKS: tuple[tuple[str, list[str]], ...] = (
    ("ruff check", ["ruff", "check", "."]),
    ("ruff format --check", ["ruff", "format", "--check", "."]),
    ("proto stubs fresh", ["scripts/gen-proto.sh", "--check"]),
    ("buf lint", ["scripts/lint-proto.sh"]),
    # The files are pyproject's [tool.mypy] files: every service, the launcher, the library.
    ("mypy (services, launcher, shared library)", ["mypy"]),
)

# The web app's checks; bootstrap.sh has installed web/node_modules from the lock file.
WEB_CHECKS: tuple[tuple[str, list[str]], ...] = (
    ("web: API types fresh", ["scripts/gen-api-types.sh", "--check"]),
    ("web: type check (tsc)", ["npm", "--prefix", "web", "run", "typecheck"]),
    ("web: lint (ESLint)", ["npm", "--prefix", "web", "run", "lint"]),
    ("web: unit tests (Vitest)", ["npm", "--prefix", "web", "test"]),
    ("web: build, first screen's size", ["okrug-local", "web", "build"]),
)

# How much the background checks yield the CPU to the platform under test (nice(1)).
CHECKS_NICENESS = 10


def up(
    size: Annotated[str, typer.Option(help=f"Demo district size: {', '.join(SIZES)}")] = "small",
    keycloak: Annotated[bool, typer.Option(help="Use Keycloak when it can be had")] = True,
    fresh: Annotated[bool, typer.Option(help="Start from empty databases")] = True,
) -> None:
    """Start the platform with a demo district; Ctrl-C stops everything."""
    if size not in SIZES:
        raise typer.BadParameter(f"size must be one of {', '.join(SIZES)}")
    began = time.monotonic()
    console.print(web.build().summary())
    platform = start(
        "demo", keycloak=None if keycloak else False, fresh=fresh, workers=demo_workers()
    )
    origin = web.start(platform.instance, platform.issuer, platform.supervisor)
    ready = time.monotonic() - began
    for note in platform.infrastructure.notes:
        console.print(f"[yellow]{note}[/]")
    console.print(
        f"Platform ready in {ready:.0f} s; tokens issued by [bold]{platform.issuer.mode}[/]."
    )
    console.print(f"Seeding a {size} demo district ...")
    seeded = time.monotonic()
    logins = seed(platform, size) if fresh else None
    _print_urls(platform, origin)
    if logins is not None:
        console.print(f"Demo district seeded in {time.monotonic() - seeded:.0f} s.")
        table = Table(title=f"Demo logins (password for all: {DEMO_PASSWORD})")
        for column in ("role", "login", "school"):
            table.add_column(column)
        for row in logins.rows:
            table.add_row(*row)
        console.print(table)
    console.print("Press Ctrl-C to stop everything.")
    try:
        while all(platform.supervisor.exit_code(s) is None for s in SERVICES):
            time.sleep(1)
        console.print("[red]a service stopped; see .run/demo/logs[/]")
    except KeyboardInterrupt:
        console.print("Stopping ...")
    finally:
        web.stop(platform.supervisor)
        platform.stop()


def _print_urls(platform: Platform, origin: str) -> None:
    console.print(f"[bold]Okrug: {origin}[/] (the web app, and the five APIs under it)")
    table = Table(title="Okrug on this machine")
    table.add_column("what")
    table.add_column("where")
    table.add_row("web app", origin)
    for service in SERVICES:
        table.add_row(f"{service} API", f"{platform.url(service)}/docs")
    table.add_row("token endpoint", platform.issuer.token_url)
    if platform.issuer.mode == "keycloak":
        table.add_row("Keycloak admin console", f"{platform.instance.keycloak_url}/admin/")
    table.add_row("logs", str(paths.logs_dir(platform.instance.name)))
    console.print(table)


def run_tests(
    pytest_args: Annotated[list[str] | None, typer.Argument(help="Arguments for pytest")] = None,
    checks: Annotated[bool, typer.Option(help="Run ruff, the stub check and mypy as well")] = True,
) -> None:
    """The static checks and the whole test suite against the real platform (instance 'test').

    The checks run one after another in the background while pytest runs (most of pytest's
    time is the platform starting and requests waiting on the services), and their results
    are printed after pytest's: a failed check fails the run as before, without holding the
    tests back by its two minutes. The web build among them shares web.build()'s lock with
    the browser tests' fixture, so the app is built once."""
    root = paths.repo_root()
    bin_dir = root / ".venv" / "bin"
    env = os.environ | {"PATH": f"{bin_dir}:{os.environ.get('PATH', '')}"}
    began = time.monotonic()
    background = StaticChecks(root, env) if checks else None
    code = subprocess.run(  # noqa: S603 - our own venv's pytest
        [str(bin_dir / "python"), "-m", "pytest", *(pytest_args or [])],
        cwd=root,
        env=env,
        check=False,
    ).returncode
    console.print(f"pytest took {time.monotonic() - began:.0f} s")
    checks_failed = background is not None and not background.report()
    console.print(f"test run took {time.monotonic() - began:.0f} s")
    # pytest's 5 means no test ran: for this suite that is a failure, not a pass.
    if checks_failed:
        raise typer.Exit(1)
    raise typer.Exit(1 if code == 5 else code)


@dataclass
class CheckResult:
    name: str
    returncode: int
    seconds: float
    output: str


class StaticChecks:
    """STATIC_CHECKS and WEB_CHECKS in a thread of their own, one at a time and at a lower
    CPU priority (so that they take at most one core from the tests' services, and only what
    those leave), the web build first: the browser tests need it."""

    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self._results: list[CheckResult] = []
        build = [check for check in WEB_CHECKS if check[0].startswith("web: build")]
        rest = [check for check in (*STATIC_CHECKS, *WEB_CHECKS) if check not in build]
        self._thread = threading.Thread(
            target=self._run_all, args=([*build, *rest], root, env), daemon=True
        )
        self._thread.start()

    def _run_all(
        self, checks: list[tuple[str, list[str]]], root: Path, env: dict[str, str]
    ) -> None:
        nice = shutil.which("nice")
        for name, argv in checks:
            began = time.monotonic()
            done = subprocess.run(  # noqa: S603 - the project's own tools
                [nice, "-n", str(CHECKS_NICENESS), *argv] if nice else argv,
                cwd=root,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                check=False,
            )
            self._results.append(
                CheckResult(name, done.returncode, time.monotonic() - began, done.stdout)
            )

    def report(self) -> bool:
        """Wait for the checks, print each one's outcome (and a failed one's output); True
        when every check passed."""
        self._thread.join()
        for result in self._results:
            if result.returncode == 0:
                console.print(f"[bold]check:[/] {result.name}: ok ({result.seconds:.0f} s)")
            else:
                console.print(result.output, highlight=False, markup=False)
                console.print(f"[bold red]failed:[/] {result.name} ({result.seconds:.0f} s)")
        return all(result.returncode == 0 for result in self._results)


def bench(
    args: Annotated[list[str] | None, typer.Argument(help="Arguments for bench/run.py")] = None,
) -> None:
    """Run the benchmarks under bench/ (they print their figures)."""
    root = paths.repo_root()
    code = subprocess.run(  # noqa: S603
        [str(root / ".venv" / "bin" / "python"), str(root / "bench" / "run.py"), *(args or [])],
        cwd=root,
        check=False,
    ).returncode
    raise typer.Exit(code)


web_app = typer.Typer(no_args_is_help=True, help="The web app (web/): install, build, measure.")


@web_app.command("build")
def web_build(
    force: Annotated[bool, typer.Option(help="Build even when nothing changed")] = False,
) -> None:
    """npm ci if the lock file changed, vite build if the sources changed; print the first
    screen's JavaScript size (fails over 500 KB gzipped)."""
    try:
        console.print(web.build(force=force).summary())
    except web.WebError as exc:
        console.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(1) from exc


def register(app: typer.Typer) -> None:
    app.command("up")(up)
    app.command(
        "test", context_settings={"allow_extra_args": True, "ignore_unknown_options": True}
    )(run_tests)
    app.command("bench")(bench)
    app.add_typer(web_app, name="web")
