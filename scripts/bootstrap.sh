#!/usr/bin/env bash
# Prepare a Debian machine (as root) to work on Okrug: base tools, uv, the workspace's venv.
# Idempotent and quick when everything is there. The infrastructure itself (PostgreSQL,
# NATS, Keycloak) is installed on demand by `okrug-local infra up` / `okrug-local up`.
#
#   scripts/bootstrap.sh            # then: .venv/bin/okrug-local infra up
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE_PACKAGES=(ca-certificates curl unzip)
APT_UPDATED=0

log() { printf 'bootstrap: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

missing_debs() {
  local pkg
  for pkg in "$@"; do
    if [[ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)" != installed ]]; then
      printf '%s\n' "$pkg"
    fi
  done
}

apt_install() {
  local missing
  mapfile -t missing < <(missing_debs "$@")
  ((${#missing[@]})) || return 0
  [[ $EUID -eq 0 ]] || die "missing Debian packages ${missing[*]}; run as root"
  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get (Debian only)"
  export DEBIAN_FRONTEND=noninteractive
  if ((APT_UPDATED == 0)); then
    log "apt-get update"
    apt-get update -qq >&2 || die "apt-get update failed"
    APT_UPDATED=1
  fi
  log "apt-get install ${missing[*]}"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 \
    || die "apt-get install ${missing[*]} failed"
}

# The workspace wants Python 3.11: pyenv's if present, else the system's (Debian 12 ships it).
pick_python() {
  local candidate
  for candidate in "$(command -v python3.11 || true)" "$HOME/.pyenv/shims/python3.11" \
    /usr/bin/python3.11 "$(command -v python3 || true)"; do
    if [[ -n "$candidate" && -x "$candidate" ]] \
      && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

find_uv() {
  local candidate
  if candidate="$(command -v uv)"; then printf '%s\n' "$candidate"; return 0; fi
  for candidate in "$HOME/.local/bin/uv" "$HOME/.cargo/bin/uv" "$HOME"/.pyenv/versions/3.11*/bin/uv; do
    [[ -x "$candidate" ]] && { printf '%s\n' "$candidate"; return 0; }
  done
  return 1
}

ensure_uv() {
  local py scripts
  find_uv && return 0
  py="$(pick_python)" || {
    apt_install python3 python3-venv
    py="$(pick_python)" || die "no Python 3.11 found (the workspace requires >=3.11,<3.12)"
  }
  log "installing uv with $py -m pip"
  if ! "$py" -m pip --version >/dev/null 2>&1; then
    apt_install python3-pip
  fi
  # Debian's own Python is "externally managed" (PEP 668): allow the one tool we add to it.
  "$py" -m pip install --quiet --disable-pip-version-check uv >&2 2>/dev/null \
    || "$py" -m pip install --quiet --disable-pip-version-check --break-system-packages uv >&2 \
    || die "pip install uv failed"
  if command -v pyenv >/dev/null; then pyenv rehash >&2 2>/dev/null || true; fi
  hash -r
  find_uv && return 0
  scripts="$("$py" -c 'import sysconfig; print(sysconfig.get_path("scripts"))')"
  [[ -x "$scripts/uv" ]] && { printf '%s\n' "$scripts/uv"; return 0; }
  die "uv was installed but cannot be found (looked in PATH, ~/.local/bin, $scripts)"
}

# The web app's npm packages, from web/package-lock.json, whenever web/node_modules was not
# installed from this very lock file (the same marker as okrug_local/web.py). npm's cache
# lives with the other downloads. Node.js 20.19+ comes with the machine (Debian 12's own
# nodejs is 18, too old for Vite).
ensure_web_dependencies() {
  local web="$ROOT/web" marker wanted
  marker="$web/node_modules/.okrug-lock.sha256"
  [[ -f "$web/package-lock.json" ]] || return 0
  command -v node >/dev/null && command -v npm >/dev/null \
    || die "Node.js 20.19+ with npm is needed for web/ and was not found"
  node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' \
    || die "Node.js 20.19+ is needed for web/; found $(node --version)"
  wanted="$(sha256sum "$web/package-lock.json" | cut -d' ' -f1)"
  [[ -f "$marker" && "$(cat "$marker")" == "$wanted" ]] && return 0
  log "npm ci (web/)"
  (cd "$web" && npm_config_cache="${OKRUG_CACHE_DIR:-/var/cache/okrug}/npm" \
    npm ci --no-audit --no-fund --loglevel=error >&2) || die "npm ci in web/ failed"
  printf '%s\n' "$wanted" >"$marker"
}

main() {
  command -v dpkg-query >/dev/null || die "this script supports Debian only (no dpkg-query)"
  apt_install "${BASE_PACKAGES[@]}"
  local uv
  uv="$(ensure_uv)"
  cd "$ROOT"
  "$uv" sync --frozen --quiet || die "uv sync --frozen failed (is uv.lock up to date? run uv lock)"
  ensure_web_dependencies
  log "ready: $ROOT/.venv ($("$uv" --version))"
}

main "$@"
