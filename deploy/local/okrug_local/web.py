"""The web app (web/) on one machine: installed from its lock file (`npm ci`), built by Vite
when its sources changed, and served by nginx from Debian's packages at one origin with the
five APIs and Keycloak's OpenID endpoints behind it, as deploy/nginx does in Compose.

Why nginx rather than a proxy inside the launcher: it is what production runs (Compose and
Kubernetes put nginx or an Ingress in front), it serves the built files with compression
and cache headers, and it is one more supervised process like NATS, with no proxy code of
our own to keep.

The origin is http://127.0.0.1:<web port> (demo: 8100). The browser reaches Keycloak's
sign-in page at Keycloak's own address (the realm's issuer), and everything it calls
itself (the APIs, the token endpoint) through this origin: no CORS origin to register.
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import httpx

from . import apt, paths
from .ports import HOST, SERVICES, Instance, get_instance, port_in_use
from .processes import ProcessError, Supervisor, log_tail
from .services import REALM, WEB_CLIENT, Issuer

PROCESS_NAME: Final = "web"
NODE_MIN: Final = (20, 19)
FIRST_SCREEN_BUDGET_BYTES: Final = 500 * 1024
"""Issue 10: the first screen's JavaScript under 500 KB gzipped (a school's old PC)."""
BROWSER: Final = Path("/usr/bin/chromium")
_LOCK_MARKER: Final = ".okrug-lock.sha256"
_BUILD_MARKER: Final = ".okrug-build.sha256"
_NOT_SOURCES: Final = frozenset({"node_modules", "dist", "test"})
_UNIT_TEST: Final = re.compile(r"\.test\.tsx?$")


class WebError(RuntimeError):
    """The web app cannot be installed, built or served."""


def web_dir() -> Path:
    return paths.repo_root() / "web"


def dist_dir() -> Path:
    return web_dir() / "dist"


# --- install ----------------------------------------------------------------------------------


def npm_env() -> dict[str, str]:
    """npm's cache lives with the other downloads, never in the repository or $HOME."""
    return os.environ | {
        "npm_config_cache": str(paths.cache_dir() / "npm"),
        "npm_config_update_notifier": "false",
        "npm_config_fund": "false",
        "npm_config_audit": "false",
    }


def check_node() -> None:
    """Node.js 20.19+ and npm (Debian 12's own nodejs is 18: too old for Vite)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        raise WebError("Node.js 20.19+ with npm is needed to build web/ (none found on PATH)")
    found = subprocess.run(  # noqa: S603
        [node, "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    match = re.match(r"v(\d+)\.(\d+)", found)
    if match is None or (int(match[1]), int(match[2])) < NODE_MIN:
        raise WebError(
            f"Node.js {NODE_MIN[0]}.{NODE_MIN[1]}+ is needed to build web/; found {found}"
        )


def _run(argv: list[str], what: str) -> None:
    result = subprocess.run(  # noqa: S603 - npm and the project's own tools
        argv, cwd=web_dir(), env=npm_env(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-30:])
        raise WebError(f"{what} failed ({result.returncode}):\n{tail}")


def _digest_of(files: list[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def ensure_dependencies() -> bool:
    """`npm ci` from the lock file unless node_modules already matches it; True if it ran."""
    check_node()
    lock = web_dir() / "package-lock.json"
    marker = web_dir() / "node_modules" / _LOCK_MARKER
    wanted = hashlib.sha256(lock.read_bytes()).hexdigest()  # as scripts/bootstrap.sh writes it
    if marker.is_file() and marker.read_text().strip() == wanted:
        return False
    _run(["npm", "ci", "--no-audit", "--no-fund"], "npm ci (web/)")
    marker.write_text(wanted + "\n")
    return True


# --- build ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Build:
    built_now: bool
    seconds: float
    first_screen_js_bytes: int
    first_screen_js_gzip_bytes: int

    def summary(self) -> str:
        how = f"built in {self.seconds:.0f} s" if self.built_now else "up to date"
        return (
            f"web app {how}; the first screen's JavaScript: "
            f"{self.first_screen_js_bytes / 1024:.0f} KB, "
            f"{self.first_screen_js_gzip_bytes / 1024:.0f} KB gzipped "
            f"(budget {FIRST_SCREEN_BUDGET_BYTES / 1024:.0f} KB)"
        )


def _sources() -> list[Path]:
    """What the build is made of: web/ less its packages, its output and the unit tests."""
    root = web_dir()
    found = []
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d not in _NOT_SOURCES)
        found += [Path(directory) / f for f in sorted(files) if not _UNIT_TEST.search(f)]
    return found


def build(*, force: bool = False) -> Build:
    """Install, then `vite build` when the sources changed since the last build; measure the
    first screen's JavaScript and refuse a build over the budget. One build at a time: `okrug
    test` runs its web build check while the browser tests' fixture may ask for the app."""
    run_dir = paths.run_dir()
    run_dir.mkdir(parents=True, exist_ok=True)
    with (run_dir / "web-build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _build(force=force)


def _build(*, force: bool) -> Build:
    began = time.monotonic()
    ensure_dependencies()
    marker = dist_dir() / _BUILD_MARKER
    wanted = _digest_of(_sources(), web_dir())
    built_now = force or not marker.is_file() or marker.read_text().strip() != wanted
    if built_now:
        _run([str(web_dir() / "node_modules" / ".bin" / "vite"), "build"], "vite build (web/)")
        marker.write_text(wanted + "\n")
    raw, gzipped = first_screen_js(dist_dir())
    result = Build(built_now, time.monotonic() - began, raw, gzipped)
    if gzipped > FIRST_SCREEN_BUDGET_BYTES:
        raise WebError(f"over budget: {result.summary()}")
    return result


def first_screen_scripts(dist: Path) -> list[Path]:
    """The JavaScript index.html loads before anything is shown: its module scripts and the
    chunks it preloads (chunks loaded later by a route are not part of it)."""
    html = (dist / "index.html").read_text(encoding="utf-8")
    found = re.findall(r'<script[^>]*\ssrc="/([^"]+\.js)"', html)
    found += re.findall(r'<link[^>]*rel="modulepreload"[^>]*\shref="/([^"]+\.js)"', html)
    if not found:
        raise WebError(f"{dist / 'index.html'} loads no script: not a Vite build")
    return [dist / name for name in dict.fromkeys(found)]


def first_screen_js(dist: Path) -> tuple[int, int]:
    """Bytes of the first screen's JavaScript, as built and gzipped (level 6, as nginx sends it)."""
    raw = gzipped = 0
    for script in first_screen_scripts(dist):
        data = script.read_bytes()
        raw += len(data)
        gzipped += len(gzip.compress(data, compresslevel=6, mtime=0))
    return raw, gzipped


# --- serve ------------------------------------------------------------------------------------


def state_dir(instance: Instance) -> Path:
    path = paths.state_dir(instance.name) / "web"
    path.mkdir(parents=True, exist_ok=True)
    return path


def runtime_config(issuer: Issuer) -> dict[str, object]:
    """web/src/config/runtime.ts reads this as /config.json."""
    if issuer.mode == "keycloak":
        return {
            "issuerMode": "keycloak",
            "authority": f"/realms/{REALM}",
            "clientId": WEB_CLIENT,
            "browserSignIn": True,
        }
    # Identity's own issuer has a token endpoint only (password and client-credentials
    # grants): no authorization endpoint for a browser to sign in through.
    return {
        "issuerMode": "local",
        "authority": "/identity/oidc",
        "clientId": WEB_CLIENT,
        "browserSignIn": False,
    }


def render_nginx_config(instance: Instance, issuer: Issuer, *, root: Path, state: Path) -> str:
    upstreams = {f"/{s}/": f"http://{HOST}:{instance.http_port(s)}" for s in SERVICES}
    if issuer.mode == "keycloak":
        upstreams["/realms/"] = instance.keycloak_url
    proxied = "\n".join(
        f"        location {prefix} {{ proxy_pass {upstream}; }}"
        for prefix, upstream in upstreams.items()
    )
    temp = state / "tmp"
    return f"""# written by okrug-local on every start; edits are lost
daemon off;
worker_processes 1;
pid {state / "nginx.pid"};
error_log stderr warn;

events {{
    worker_connections 512;
}}

http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    # URLs may carry personal ids: nothing is logged per request (the services log routes).
    access_log off;
    server_tokens off;
    sendfile on;
    client_body_temp_path {temp / "client_body"};
    proxy_temp_path {temp / "proxy"};
    fastcgi_temp_path {temp / "fastcgi"};
    uwsgi_temp_path {temp / "uwsgi"};
    scgi_temp_path {temp / "scgi"};

    gzip on;
    gzip_comp_level 6;
    gzip_types application/javascript text/css application/json image/svg+xml;

    server {{
        listen {HOST}:{instance.web_port};
        client_max_body_size 20m;

        proxy_http_version 1.1;
        # The Host the browser used: Keycloak answers with this origin's token endpoint.
        proxy_set_header Host $http_host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_connect_timeout 5s;
        proxy_read_timeout 60s;
        proxy_buffer_size 16k;
        proxy_buffers 8 16k;

{proxied}

        location = /healthz {{
            default_type text/plain;
            return 200 "ok\\n";
        }}
        location = /config.json {{
            alias {state / "config.json"};
            add_header Cache-Control "no-store";
        }}
        # Vite's file names carry their content's hash: cached for good.
        location /assets/ {{
            root {root};
            add_header Cache-Control "public, max-age=31536000, immutable";
            add_header X-Content-Type-Options nosniff;
        }}
        # Every other path is a route of the app.
        location / {{
            root {root};
            try_files $uri /index.html;
            add_header Cache-Control "no-cache";
            add_header X-Content-Type-Options nosniff;
            add_header Referrer-Policy same-origin;
            add_header Content-Security-Policy "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
        }}
    }}
}}
"""


def _nginx() -> str:
    apt.ensure_packages(("nginx",))
    found = shutil.which("nginx", path="/usr/sbin:/usr/bin")
    if found is None:
        raise WebError("nginx not found (install the Debian package nginx)")
    return found


def start(instance: Instance | str, issuer: Issuer, supervisor: Supervisor) -> str:
    """Serve the built app and the APIs at one origin; return that origin once it answers."""
    inst = get_instance(instance)
    if not (dist_dir() / "index.html").is_file():
        raise WebError(f"{dist_dir()} holds no build: run okrug-local web build")
    supervisor.stop(PROCESS_NAME, timeout=5)
    if port_in_use(inst.web_port):
        raise WebError(
            f"port {HOST}:{inst.web_port} is taken by another program; the web app of "
            f"instance {inst.name!r} cannot be served (see `ss -ltnp`)"
        )
    state = state_dir(inst)
    for temp in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (state / "tmp" / temp).mkdir(parents=True, exist_ok=True)
    (state / "config.json").write_text(json.dumps(runtime_config(issuer), indent=2) + "\n")
    config = state / "nginx.conf"
    config.write_text(render_nginx_config(inst, issuer, root=dist_dir(), state=state))
    nginx = _nginx()
    argv = [nginx, "-p", str(state), "-e", "stderr", "-c", str(config)]
    checked = subprocess.run(  # noqa: S603
        [*argv, "-t", "-q"], capture_output=True, text=True, check=False
    )
    if checked.returncode != 0:
        raise WebError(f"nginx refuses {config}: {checked.stderr.strip()}")
    try:
        record = supervisor.start(PROCESS_NAME, argv)
    except ProcessError as exc:
        raise WebError(str(exc)) from exc
    _wait_ready(inst, supervisor, Path(record.log_file))
    return inst.web_url


def _wait_ready(inst: Instance, supervisor: Supervisor, log: Path, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if supervisor.exit_code(PROCESS_NAME) is not None:
            raise WebError(f"nginx of instance {inst.name!r} exited:\n{log_tail(log)}")
        try:
            if httpx.get(f"{inst.web_url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise WebError(f"nginx of instance {inst.name!r} not answering after {timeout:.0f}s")


def stop(supervisor: Supervisor) -> bool:
    return supervisor.stop(PROCESS_NAME, timeout=10)


# --- browser tests ----------------------------------------------------------------------------


def browser_executable() -> Path:
    """Debian's Chromium for the browser tests (Playwright downloads no browser of its own)."""
    apt.ensure_packages(("chromium",))
    if not BROWSER.is_file():
        raise WebError(f"{BROWSER} missing although the Debian package chromium is installed")
    return BROWSER
