"""`okrug-local`: run Okrug on one machine.

`infra up|down|status` manage PostgreSQL, NATS and Keycloak of an instance. The whole-platform
commands (`up`, `test`) hang off `app` as well.
"""

from __future__ import annotations

import signal
import time
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from . import credentials, platform_cli, processes
from .infra import INFRA_ERRORS, Infrastructure, StartResult
from .paths import PathsError
from .ports import INSTANCES, get_instance

app = typer.Typer(
    no_args_is_help=True, help="Run Okrug on one machine (quick start and test suite)."
)
infra_app = typer.Typer(
    no_args_is_help=True, help="Infrastructure only: PostgreSQL, NATS (JetStream), Keycloak."
)
app.add_typer(infra_app, name="infra")

console = Console()
err_console = Console(stderr=True)

InstanceOpt = Annotated[
    str,
    typer.Option("--instance", "-i", help=f"Instance: {', '.join(INSTANCES)}."),
]


def _check_instance(name: str) -> str:
    try:
        get_instance(name)
    except KeyError as exc:
        err_console.print(f"[red]{exc.args[0]}[/]")
        raise typer.Exit(2) from None
    return name


def _fail(exc: BaseException) -> typer.Exit:
    err_console.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False)
    return typer.Exit(1)


def _mib(n: int) -> str:
    return f"{n / 2**20:.0f} MiB" if n else "-"


def _print_start(result: StartResult) -> None:
    table = Table(title=f"instance {result.instance.name}: infrastructure")
    table.add_column("component")
    table.add_column("state")
    table.add_column("ready in", justify="right")
    table.add_column("URL")
    for name in (*result.started, *result.already_running):
        state = "started" if name in result.started else "already running"
        url = {"postgres": f"127.0.0.1:{result.instance.postgres_port}"}.get(
            name, result.urls.get(name, "")
        )
        table.add_row(name, state, f"{result.timings.get(name, 0):.1f} s", url)
    console.print(table)
    extra = {k: v for k, v in result.timings.items() if k not in ("postgres", "nats", "keycloak")}
    if extra:
        console.print("other steps: " + ", ".join(f"{k} {v:.1f} s" for k, v in extra.items()))
    for key in ("nats_monitor", "keycloak_issuer", "keycloak_admin_console"):
        if key in result.urls:
            console.print(f"{key}: {result.urls[key]}")
    console.print(
        f"service databases: okrug_<service> (roles owner/app/relay/reporting); passwords "
        f"in {credentials.secrets_path(result.instance.name)}"
    )


@infra_app.command("up")
def infra_up(
    instance: InstanceOpt = "demo",
    no_keycloak: Annotated[bool, typer.Option("--no-keycloak", help="Skip Keycloak.")] = False,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Drop and recreate the service databases.")
    ] = False,
    foreground: Annotated[
        bool,
        typer.Option("--foreground", help="Stay attached; Ctrl-C stops what was started."),
    ] = False,
) -> None:
    """Install what is missing and start PostgreSQL, NATS and Keycloak (idempotent)."""
    name = _check_instance(instance)
    infra = Infrastructure(name, detached=not foreground)
    try:
        with console.status(f"starting the infrastructure of {name}..."):
            result = infra.start(keycloak=not no_keycloak, fresh_databases=fresh)
    except (*INFRA_ERRORS, PathsError) as exc:
        raise _fail(exc) from exc
    _print_start(result)
    if not foreground:
        console.print(f"stop with: okrug-local infra down --instance {name}")
        return
    console.print("running; Ctrl-C to stop")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        stopped = infra.stop(started_only=True)
        console.print(f"stopped: {', '.join(stopped) or 'nothing'}")


@infra_app.command("down")
def infra_down(instance: InstanceOpt = "demo") -> None:
    """Stop Keycloak, NATS and PostgreSQL of the instance, whoever started them."""
    name = _check_instance(instance)
    try:
        stopped = Infrastructure(name).stop()
    except (*INFRA_ERRORS, PathsError) as exc:
        raise _fail(exc) from exc
    console.print(f"{name}: stopped {', '.join(stopped) or 'nothing (nothing was running)'}")


@infra_app.command("status")
def infra_status(instance: InstanceOpt = "demo") -> None:
    """Show what runs for the instance: pids, ports, memory."""
    name = _check_instance(instance)
    try:
        rows = Infrastructure(name).status()
    except (*INFRA_ERRORS, PathsError) as exc:
        raise _fail(exc) from exc
    table = Table(title=f"instance {name}")
    for column in ("component", "state", "pid", "ports", "RSS", "PSS", "URL"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row.name,
            "[green]running[/]" if row.running else "[dim]stopped[/]",
            str(row.pid or "-"),
            ", ".join(map(str, row.ports)),
            _mib(row.rss_bytes),
            _mib(row.pss_bytes),
            row.url,
        )
    console.print(table)
    leftovers = [n for n in processes.recorded_names(name) if n not in ("nats", "keycloak")]
    if leftovers:
        console.print(f"other recorded processes: {', '.join(leftovers)}")


platform_cli.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
