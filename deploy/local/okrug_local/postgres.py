"""Our own PostgreSQL cluster per instance (not Debian's default cluster), its roles and databases.

The cluster runs as the `postgres` OS user (PostgreSQL refuses to run as root) from
`.run/<instance>/pg`, or from `/var/lib/okrug/<instance>/pg` when the `postgres` user cannot
reach the repository (e.g. a checkout under /root). It listens on 127.0.0.1 only; TCP logins
use scram-sha-256 passwords; the launcher itself administers it as the `postgres` superuser
over the unix socket (peer auth) with psql, so nothing here needs an event loop.
"""

from __future__ import annotations

import functools
import os
import pwd
import re
import shutil
import subprocess
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final
from urllib.parse import quote

from . import credentials, paths
from .ports import HOST, SERVICES, Instance, get_instance, port_in_use
from .processes import log_tail

PG_USER: Final = "postgres"
ROLE_KINDS: Final[tuple[str, ...]] = ("owner", "app", "relay", "reporting")
KEYCLOAK_DB: Final = "keycloak"
KEYCLOAK_ROLE: Final = "keycloak"
SUPERUSER_SECRET: Final = "postgres"
FALLBACK_DATA_ROOT: Final = Path("/var/lib/okrug")
_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")


class PostgresError(RuntimeError):
    """The instance's PostgreSQL cluster cannot be created, started or administered."""


# --- locations -------------------------------------------------------------------------------


def bin_dir() -> Path:
    """`/usr/lib/postgresql/<newest>/bin` (Debian's layout)."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if not candidates:
        raise PostgresError(
            "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin "
            "(install the Debian package `postgresql`)"
        )
    return candidates[-1].parent


def _pg_user() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(PG_USER)
    except KeyError:
        raise PostgresError(
            "no `postgres` OS user (install the Debian package `postgresql`)"
        ) from None


def _runuser() -> str:
    found = shutil.which("runuser", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")
    if found is None:
        raise PostgresError("`runuser` not found (Debian package util-linux)")
    return found


@functools.lru_cache(maxsize=16)
def _postgres_can_traverse(path: Path) -> bool:
    result = subprocess.run(  # noqa: S603
        [_runuser(), "-u", PG_USER, "--", "test", "-x", str(path)],
        capture_output=True,
        check=False,
        cwd="/",
    )
    return result.returncode == 0


def data_dir(instance: Instance | str) -> Path:
    """The cluster's data directory (see the module doc for where and why)."""
    inst = get_instance(instance)
    state = paths.state_dir(inst.name)
    if _postgres_can_traverse(state):
        return state / "pg"
    return FALLBACK_DATA_ROOT / inst.name / "pg"


def socket_dir(instance: Instance | str) -> Path:
    inst = get_instance(instance)
    directory = data_dir(inst)
    # sun_path is 108 bytes; the socket is <dir>/.s.PGSQL.<port>
    return directory if len(str(directory)) + 20 < 100 else Path("/tmp")  # noqa: S108


def log_file(instance: Instance | str) -> Path:
    return paths.logs_dir(get_instance(instance).name) / "postgres.log"


# --- running commands as postgres ------------------------------------------------------------


def _run_as_postgres(
    args: Sequence[str], *, input_text: str | None = None, timeout: float = 120.0
) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": f"{bin_dir()}:/usr/sbin:/usr/bin:/sbin:/bin",
        "LC_ALL": "C.UTF-8",
        "PGOPTIONS": "-c client_min_messages=warning",
        "HOME": _pg_user().pw_dir,
    }
    return subprocess.run(  # noqa: S603
        [_runuser(), "-u", PG_USER, "--", *args],
        input=input_text,
        capture_output=True,
        text=True,
        env=env,
        cwd="/",
        timeout=timeout,
        check=False,
        start_new_session=True,  # the postmaster must not get the terminal's Ctrl-C
    )


def _check(result: subprocess.CompletedProcess[str], what: str) -> str:
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()
        raise PostgresError(f"{what} failed ({result.returncode}):\n{output}")
    return result.stdout


def psql(instance: Instance | str, sql: str, *, database: str = "postgres") -> str:
    """Run SQL as the superuser over the unix socket; stops at the first error."""
    inst = get_instance(instance)
    args = [
        str(bin_dir() / "psql"),
        "-X",
        "-q",
        "-At",
        "-v",
        "ON_ERROR_STOP=1",
        "-h",
        str(socket_dir(inst)),
        "-p",
        str(inst.postgres_port),
        "-d",
        database,
        "-f",
        "-",
    ]
    return _check(_run_as_postgres(args, input_text=sql), f"psql on {inst.name}")


# --- cluster ---------------------------------------------------------------------------------


def _config(inst: Instance) -> str:
    return f"""# written by okrug-local on every start; edits are lost
listen_addresses = '{HOST}'
port = {inst.postgres_port}
unix_socket_directories = '{socket_dir(inst)}'
max_connections = 200
# Sized for a 24 GiB machine that runs several instances side by side (a demo and test
# instances): the journal's working set of a morning peak stays in shared buffers.
shared_buffers = 512MB
effective_cache_size = 4GB
work_mem = 8MB
maintenance_work_mem = 128MB
# The morning peak writes lesson saves as fast as it can: checkpoints spaced by time rather
# than forced every GB of WAL, WAL buffered in 16 MB, full-page images compressed.
wal_buffers = 16MB
max_wal_size = 4GB
min_wal_size = 256MB
checkpoint_timeout = 15min
checkpoint_completion_target = 0.9
wal_compression = on
random_page_cost = 1.1
max_worker_processes = 4
max_parallel_workers_per_gather = 1
max_parallel_workers = 2
fsync = on
synchronous_commit = on
full_page_writes = on
password_encryption = 'scram-sha-256'
timezone = 'UTC'
log_timezone = 'UTC'
log_line_prefix = '%m [%p] %q%u@%d '
log_min_duration_statement = 1000
"""


_HBA = """# written by okrug-local
# TYPE  DATABASE  USER      ADDRESS        METHOD
local   all       postgres                 peer
local   all       all                      scram-sha-256
host    all       all       127.0.0.1/32   scram-sha-256
"""


def _write_owned(path: Path, text: str, *, mode: int = 0o600) -> None:
    user = _pg_user()
    path.write_text(text, encoding="utf-8")
    os.chown(path, user.pw_uid, user.pw_gid)
    path.chmod(mode)


def _write_config(inst: Instance, directory: Path) -> None:
    _write_owned(directory / "okrug.conf", _config(inst))
    _write_owned(directory / "pg_hba.conf", _HBA)
    main_conf = directory / "postgresql.conf"
    text = main_conf.read_text(encoding="utf-8")
    if "include_if_exists = 'okrug.conf'" not in text:
        _write_owned(main_conf, text + "\ninclude_if_exists = 'okrug.conf'\n")


def ensure_cluster(instance: Instance | str) -> bool:
    """Create the instance's cluster if it does not exist. True when it was created now."""
    inst = get_instance(instance)
    user = _pg_user()
    directory = data_dir(inst)
    created = False
    if not (directory / "PG_VERSION").exists():
        if directory.exists() and any(directory.iterdir()):
            raise PostgresError(f"{directory} is not empty and not a PostgreSQL data directory")
        directory.mkdir(parents=True, exist_ok=True)
        os.chown(directory, user.pw_uid, user.pw_gid)
        directory.chmod(0o700)
        result = _run_as_postgres(
            [
                str(bin_dir() / "initdb"),
                "-D",
                str(directory),
                "-U",
                PG_USER,
                "--auth-local=peer",
                "--auth-host=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--data-checksums",
            ]
        )
        _check(result, f"initdb {directory}")
        created = True
    _write_config(inst, directory)
    return created


def is_running(instance: Instance | str) -> bool:
    inst = get_instance(instance)
    directory = data_dir(inst)
    if not (directory / "PG_VERSION").exists():
        return False
    result = _run_as_postgres([str(bin_dir() / "pg_ctl"), "status", "-D", str(directory)])
    return result.returncode == 0


def postmaster_pid(instance: Instance | str) -> int | None:
    pid_file = data_dir(instance) / "postmaster.pid"
    try:
        return int(pid_file.read_text().split("\n", 1)[0])
    except (FileNotFoundError, ValueError):
        return None


def start(instance: Instance | str, *, timeout: float = 60.0) -> bool:
    """Start the cluster (creating it first if needed) and wait until it accepts connections.

    Idempotent: returns False when it was already running, True when started now.
    """
    inst = get_instance(instance)
    ensure_cluster(inst)
    if is_running(inst):
        _ensure_superuser_password(inst)
        return False
    if port_in_use(inst.postgres_port):
        raise PostgresError(
            f"port {HOST}:{inst.postgres_port} is taken by another program; "
            f"PostgreSQL of instance {inst.name!r} cannot start (see `ss -ltnp`)"
        )
    user = _pg_user()
    log = log_file(inst)
    log.touch()
    os.chown(log, user.pw_uid, user.pw_gid)
    result = _run_as_postgres(
        [
            str(bin_dir() / "pg_ctl"),
            "start",
            "-D",
            str(data_dir(inst)),
            "-l",
            str(log),
            "-w",
            "-t",
            str(int(timeout)),
        ],
        timeout=timeout + 10,
    )
    if result.returncode != 0:
        raise PostgresError(
            f"PostgreSQL of instance {inst.name!r} did not start:\n"
            f"{(result.stdout + result.stderr).strip()}\n--- {log} ---\n{log_tail(log)}"
        )
    _wait_tcp(inst, timeout)
    _ensure_superuser_password(inst)
    return True


def _wait_tcp(inst: Instance, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    pg_isready = str(bin_dir() / "pg_isready")
    while True:
        result = subprocess.run(  # noqa: S603
            [pg_isready, "-q", "-h", HOST, "-p", str(inst.postgres_port)], check=False
        )
        if result.returncode == 0:
            return
        if time.monotonic() > deadline:
            raise PostgresError(f"PostgreSQL of {inst.name!r} does not accept TCP connections")
        time.sleep(0.1)


def stop(instance: Instance | str, *, timeout: float = 60.0) -> bool:
    """Fast shutdown (disconnects clients). True when it was running."""
    inst = get_instance(instance)
    if not is_running(inst):
        return False
    result = _run_as_postgres(
        [
            str(bin_dir() / "pg_ctl"),
            "stop",
            "-D",
            str(data_dir(inst)),
            "-m",
            "fast",
            "-w",
            "-t",
            str(int(timeout)),
        ],
        timeout=timeout + 10,
    )
    _check(result, f"pg_ctl stop ({inst.name})")
    return True


def destroy_cluster(instance: Instance | str) -> None:
    """Stop the cluster and delete its data directory (secrets.json is kept)."""
    inst = get_instance(instance)
    stop(inst)
    shutil.rmtree(data_dir(inst), ignore_errors=True)


# --- roles and databases ---------------------------------------------------------------------


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _ident(name: str) -> str:
    if not _IDENT.match(name):
        raise ValueError(f"not a plain SQL identifier: {name!r}")
    return name


def role_name(service: str, kind: str) -> str:
    if kind not in ROLE_KINDS:
        raise ValueError(f"unknown role kind {kind!r}; known: {', '.join(ROLE_KINDS)}")
    return _ident(f"okrug_{service}_{kind}")


def database_name(service: str) -> str:
    return _ident(f"okrug_{service}")


_RESTRICTED = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"


def _role_sql(role: str, password: str) -> str:
    # identifiers are checked by _ident, literals quoted by _lit
    return (
        f"SELECT 'CREATE ROLE {role}' WHERE NOT EXISTS "  # noqa: S608
        f"(SELECT 1 FROM pg_roles WHERE rolname = {_lit(role)})\\gexec\n"
        f"ALTER ROLE {role} WITH {_RESTRICTED} PASSWORD {_lit(password)};\n"
    )


def _database_sql(db: str, owner: str, *, fresh: bool) -> str:
    drop = f"DROP DATABASE IF EXISTS {db} WITH (FORCE);\n" if fresh else ""
    create = (
        f"SELECT 'CREATE DATABASE {db} OWNER {owner} TEMPLATE template0 ENCODING ''UTF8''' "  # noqa: S608
        f"WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = {_lit(db)})\\gexec\n"
    )
    return (
        f"{drop}{create}ALTER DATABASE {db} OWNER TO {owner};\n"
        f"REVOKE ALL ON DATABASE {db} FROM PUBLIC;\n"
    )


def _service_sql(service: str, passwords: dict[str, str], *, fresh: bool) -> str:
    db = database_name(service)
    owner, app, relay, reporting = (role_name(service, k) for k in ROLE_KINDS)
    sql = "".join(_role_sql(r, passwords[r]) for r in (owner, app, relay, reporting))
    sql += _database_sql(db, owner, fresh=fresh)
    sql += (
        f"GRANT CONNECT ON DATABASE {db} TO {app}, {relay}, {reporting};\n"
        f"\\connect {db}\n"
        f"ALTER SCHEMA public OWNER TO {owner};\n"
        f"REVOKE ALL ON SCHEMA public FROM PUBLIC;\n"
        f"GRANT USAGE ON SCHEMA public TO {app}, {relay}, {reporting};\n"
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app};\n"
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
        f"GRANT USAGE, SELECT ON SEQUENCES TO {app};\n"
        f"\\connect postgres\n"
    )
    return sql


def _service_roles(service: str) -> list[str]:
    return [role_name(service, k) for k in ROLE_KINDS]


def create_service_databases(
    instance: Instance | str,
    services: Iterable[str] = SERVICES,
    *,
    fresh: bool = False,
) -> dict[str, dict[str, str]]:
    """Create (or bring up to date) each service's database and its four roles.

    `fresh=True` drops and recreates the databases (roles are kept, passwords re-applied).
    Returns {service: database_urls(instance, service)}. The cluster must be running.
    """
    inst = get_instance(instance)
    services = [_ident(s) for s in services]
    roles = [r for s in services for r in _service_roles(s)]
    passwords = credentials.ensure_secrets(inst.name, roles)
    script = "".join(_service_sql(s, passwords, fresh=fresh) for s in services)
    psql(inst, script)
    return {s: database_urls(inst, s) for s in services}


def ensure_keycloak_database(instance: Instance | str, *, fresh: bool = False) -> None:
    """Database `keycloak` owned by role `keycloak` (password in secrets.json)."""
    inst = get_instance(instance)
    password = credentials.get_secret(inst.name, KEYCLOAK_ROLE)
    sql = _role_sql(KEYCLOAK_ROLE, password)
    sql += _database_sql(KEYCLOAK_DB, KEYCLOAK_ROLE, fresh=fresh)
    sql += f"\\connect {KEYCLOAK_DB}\nALTER SCHEMA public OWNER TO {KEYCLOAK_ROLE};\n"
    psql(inst, sql)


def _ensure_superuser_password(inst: Instance) -> None:
    password = credentials.get_secret(inst.name, SUPERUSER_SECRET)
    psql(inst, f"ALTER ROLE {PG_USER} PASSWORD {_lit(password)};\n")


# --- URLs ------------------------------------------------------------------------------------


def _url(driver: str, user: str, password: str, port: int, database: str) -> str:
    return f"{driver}://{quote(user)}:{quote(password, safe='')}@{HOST}:{port}/{database}"


def database_urls(
    instance: Instance | str, service: str, *, driver: str = "postgresql+asyncpg"
) -> dict[str, str]:
    """{"owner"|"app"|"relay"|"reporting": URL} for the service's database.

    The default driver gives SQLAlchemy asyncpg URLs; `driver="postgresql"` gives plain
    libpq/asyncpg DSNs.
    """
    inst = get_instance(instance)
    roles = {kind: role_name(service, kind) for kind in ROLE_KINDS}
    passwords = credentials.ensure_secrets(inst.name, roles.values())
    db = database_name(service)
    return {
        kind: _url(driver, role, passwords[role], inst.postgres_port, db)
        for kind, role in roles.items()
    }


def admin_url(
    instance: Instance | str, *, database: str = "postgres", driver: str = "postgresql"
) -> str:
    """Superuser URL over TCP (for test fixtures that inspect or reset things)."""
    inst = get_instance(instance)
    password = credentials.get_secret(inst.name, SUPERUSER_SECRET)
    return _url(driver, PG_USER, password, inst.postgres_port, database)


def keycloak_jdbc(instance: Instance | str) -> tuple[str, str, str]:
    """(JDBC URL, user, password) of the instance's Keycloak database."""
    inst = get_instance(instance)
    password = credentials.get_secret(inst.name, KEYCLOAK_ROLE)
    return (
        f"jdbc:postgresql://{HOST}:{inst.postgres_port}/{KEYCLOAK_DB}",
        KEYCLOAK_ROLE,
        password,
    )
