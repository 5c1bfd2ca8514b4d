"""`okrug-local up`, `test` and `bench`: the whole platform, the test suite, the benchmarks."""

from __future__ import annotations

import os
import subprocess
import time
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
    checks: Annotated[bool, typer.Option(help="Run ruff, the stub check and mypy first")] = True,
) -> None:
    """Static checks, then the whole test suite against the real platform (instance 'test')."""
    root = paths.repo_root()
    bin_dir = root / ".venv" / "bin"
    env = os.environ | {"PATH": f"{bin_dir}:{os.environ.get('PATH', '')}"}
    began = time.monotonic()
    if checks:
        for name, argv in (*STATIC_CHECKS, *WEB_CHECKS):
            console.print(f"[bold]check:[/] {name}")
            if subprocess.run(argv, cwd=root, env=env, check=False).returncode != 0:  # noqa: S603
                console.print(f"[bold red]failed:[/] {name}")
                raise typer.Exit(1)
    code = subprocess.run(  # noqa: S603 - our own venv's pytest
        [str(bin_dir / "python"), "-m", "pytest", *(pytest_args or [])],
        cwd=root,
        env=env,
        check=False,
    ).returncode
    console.print(f"test run took {time.monotonic() - began:.0f} s")
    # pytest's 5 means no test ran: for this suite that is a failure, not a pass.
    raise typer.Exit(1 if code == 5 else code)


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
