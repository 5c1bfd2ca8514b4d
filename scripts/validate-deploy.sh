#!/usr/bin/env bash
# Validates the deployments offline: no Docker engine, no cluster, no network but the
# package registries (and only on a cold cache).
#
#   scripts/validate-deploy.sh                 install missing tools (cached), validate all
#   scripts/validate-deploy.sh --render DIR    also write what was validated to DIR:
#                                              k8s-base.yaml k8s-dev.yaml k8s-production.yaml
#                                              compose.json
#   scripts/validate-deploy.sh --only k8s,nginx   run some checks only
#                                              (copies k8s compose nginx nats postgres)
#   scripts/validate-deploy.sh --sync          refresh the copies kept for kustomize (realm,
#                                              dev PostgreSQL init script), then validate
#   scripts/validate-deploy.sh --install-only  install the tools and stop
#   scripts/validate-deploy.sh --print-tools   install the tools, print KEY=path lines
#
# Checks:
#   copies    deploy/k8s keeps byte-identical copies of deploy/keycloak/okrug-realm.json and
#             deploy/compose/postgres/init-okrug.sh (kustomize loads no file outside a
#             kustomization's own directory, so `kubectl kustomize deploy/k8s/overlays/<x>`
#             works without flags only with the copies inside deploy/k8s)
#   k8s       `kustomize build` of base, overlays/dev and overlays/production, each piped to
#             `kubeconform -strict -summary` for every Kubernetes version in K8S_VERSIONS
#   compose   `docker compose config` (the Compose plugin, built here; it needs no engine)
#   nginx     `nginx -t` on deploy/nginx/okrug.conf inside a throwaway main configuration
#   nats      `nats-server -t` on every NATS configuration (Compose, k8s base, production)
#   postgres  the init script against a throwaway PostgreSQL: roles, attributes, privileges
#
# Tools and where they come from (all versions pinned below, cached in $OKRUG_TOOLS_CACHE,
# default /var/cache/okrug; a warm run downloads nothing):
#   kustomize, kubeconform, nats-server   `go install` through the Go module proxy
#   docker compose plugin                 module github.com/docker/compose/v5 from the Go
#                                         module proxy, built with `go build`
#   Kubernetes JSON schemas               PyPI package kubernetes-validate (its bundled
#                                         schemas, made loadable from disk for kubeconform)
#   nginx                                 Debian package nginx, unpacked (not installed)
#   PostgreSQL                            Debian package postgresql-15 (on the machine image)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${OKRUG_TOOLS_CACHE:-/var/cache/okrug}

KUSTOMIZE_VERSION=v5.8.2      # sigs.k8s.io/kustomize/kustomize/v5 (go 1.26.0)
KUBECONFORM_VERSION=v0.8.0    # github.com/yannh/kubeconform (go 1.26)
COMPOSE_VERSION=v5.5.1        # github.com/docker/compose/v5 (go 1.26.3)
NATS_SERVER_VERSION=v2.11.11  # github.com/nats-io/nats-server/v2, the 2.11 of nats:2.11-alpine
K8S_SCHEMAS_PACKAGE=kubernetes-validate
PIP_VERSION=25.2
K8S_SCHEMAS_VERSION=1.37.0
K8S_SCHEMAS_SHA256=85136d018a27b50ec7fc049d902bfa5193f5976807e6c0f408e3ab6fe078cad9
K8S_VERSIONS=(1.31.0 1.37.0)  # oldest Kubernetes we support, newest the schemas know

OVERLAYS=(base overlays/dev overlays/production)
SERVICES=(identity schedule journal notify helpdesk)

GO_BIN_DIR=$CACHE/go-bin
SCHEMA_ROOT=$CACHE/k8s-schemas/$K8S_SCHEMAS_PACKAGE-$K8S_SCHEMAS_VERSION
DOCKER_CONFIG_DIR=$CACHE/docker-config
NGINX_ROOT=$CACHE/nginx

render_dir=""
only="copies,k8s,compose,nginx,nats,postgres"
mode=validate
do_sync=0
while (($#)); do
  case $1 in
    --render) render_dir=$2; shift 2 ;;
    --render=*) render_dir=${1#*=}; shift ;;
    --only) only=$2; shift 2 ;;
    --only=*) only=${1#*=}; shift ;;
    --sync) do_sync=1; shift ;;
    --install-only) mode=install; shift ;;
    --print-tools) mode=print; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "validate-deploy: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
wants() { [[ ",$only," == *",$1,"* ]]; }

log() { printf '%s\n' "validate-deploy: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now() { date +%s.%N; }
uv_path() {
  local candidate
  for candidate in "$(command -v uv || true)" "$HOME/.local/bin/uv" "$HOME/.cargo/bin/uv"; do
    [[ -n $candidate && -x $candidate ]] && { printf '%s\n' "$candidate"; return 0; }
  done
  die "no pip and no uv to download $K8S_SCHEMAS_PACKAGE with"
}
step_start=0
step() { step_start=$(now); log "-- $*"; }
step_done() { log "   ok ($(awk -v a="$step_start" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}')s)"; }

total_start=$(now)
failures=()
fail() { failures+=("$1"); log "FAILED: $1"; }

# --------------------------------------------------------------------------- tools
mkdir -p "$CACHE"
exec 9>"$CACHE/.validate-deploy.lock"
# One installer at a time (pytest and a person may run this together).
flock 9

go_env() {
  command -v go >/dev/null || die "Go is needed to build kustomize, kubeconform, nats-server and docker compose (go version)"
  export GOMODCACHE=$CACHE/go/mod GOCACHE=$CACHE/go/build GOPATH=$CACHE/go/path
  export GOFLAGS="-buildvcs=false -trimpath" CGO_ENABLED=0
  mkdir -p "$GO_BIN_DIR" "$GOMODCACHE" "$GOCACHE"
}
built_something=0

# go_install NAME PACKAGE VERSION: $GO_BIN_DIR/NAME-VERSION
go_install() {
  local name=$1 pkg=$2 version=$3 out="$GO_BIN_DIR/$1-$3"
  [[ -x $out ]] && return 0
  go_env
  log "installing $name $version (go install $pkg@$version)"
  local tmp
  tmp=$(mktemp -d)
  if ! GOBIN=$tmp go install "$pkg@$version" 2>"$tmp.log"; then
    tail -n 30 "$tmp.log" >&2
    rm -rf "$tmp" "$tmp.log"
    die "go install $pkg@$version failed"
  fi
  # One binary, named by go after the package (without a /vN suffix).
  mv "$tmp"/* "$out"
  rm -rf "$tmp" "$tmp.log"
  built_something=1
}

# docker compose's go.mod has exclude directives, which `go install pkg@version` refuses:
# download the module through the proxy and build it as the main module.
install_compose() {
  local out="$GO_BIN_DIR/docker-compose-$COMPOSE_VERSION"
  if [[ ! -x $out ]]; then
    go_env
    log "installing docker compose $COMPOSE_VERSION (module github.com/docker/compose/v5, go build)"
    local dir
    dir=$(go mod download -json "github.com/docker/compose/v5@$COMPOSE_VERSION" |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])') ||
      die "go mod download github.com/docker/compose/v5@$COMPOSE_VERSION failed"
    if ! (cd "$dir" && go build \
      -ldflags "-s -w -X github.com/docker/compose/v5/internal.Version=$COMPOSE_VERSION" \
      -o "$out.tmp" ./cmd) 2>"$out.log"; then
      tail -n 30 "$out.log" >&2
      die "building docker compose failed"
    fi
    rm -f "$out.log"
    mv "$out.tmp" "$out"
    built_something=1
  fi
  # `docker compose` finds the plugin in $DOCKER_CONFIG/cli-plugins.
  mkdir -p "$DOCKER_CONFIG_DIR/cli-plugins"
  ln -sfn "$out" "$DOCKER_CONFIG_DIR/cli-plugins/docker-compose"
}

# Kubernetes JSON schemas from the PyPI package kubernetes-validate. Its schemas refer to
# one another by absolute URL (https://kubernetes.io/api/_definitions.json, resolved in
# memory by that package); kubeconform would fetch that URL. Copy them with the `$id`s
# dropped and the references made relative to the file, so kubeconform's file loader
# resolves them on disk. Layout: <version>-standalone[-strict]/<kind>-<group>-<version>.json
install_schemas() {
  local v
  for v in "${K8S_VERSIONS[@]}"; do
    [[ -f $SCHEMA_ROOT/v$v-standalone-strict/.complete && -f $SCHEMA_ROOT/v$v-standalone/.complete ]] && continue
    local wheel_dir=$CACHE/pypi
    local wheel=$wheel_dir/${K8S_SCHEMAS_PACKAGE//-/_}-$K8S_SCHEMAS_VERSION-py3-none-any.whl
    if [[ ! -f $wheel ]] || ! echo "$K8S_SCHEMAS_SHA256  $wheel" | sha256sum -c --quiet 2>/dev/null; then
      log "downloading $K8S_SCHEMAS_PACKAGE==$K8S_SCHEMAS_VERSION from PyPI"
      mkdir -p "$wheel_dir"
      # Debian's python3 has no pip and uv's venvs have none either; uv runs a pinned pip then.
      local pip=(python3 -m pip)
      "${pip[@]}" --version >/dev/null 2>&1 || pip=("$ROOT/.venv/bin/python" -m pip)
      "${pip[@]}" --version >/dev/null 2>&1 || pip=("$(uv_path)" tool run --from "pip==$PIP_VERSION" pip)
      "${pip[@]}" download --quiet --no-deps --only-binary=:all: -d "$wheel_dir" \
        "$K8S_SCHEMAS_PACKAGE==$K8S_SCHEMAS_VERSION" || die "pip download $K8S_SCHEMAS_PACKAGE failed"
      echo "$K8S_SCHEMAS_SHA256  $wheel" | sha256sum -c --quiet || die "$wheel: unexpected sha256"
    fi
    log "preparing Kubernetes $v JSON schemas for kubeconform"
    python3 - "$wheel" "$SCHEMA_ROOT" "$v" <<'PY'
import json, pathlib, re, shutil, sys, zipfile
wheel, out_root, version = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3]
prefix = "kubernetes_validate/kubernetes-json-schema/"
ref = re.compile(r'"/api/_definitions\.json#')
with zipfile.ZipFile(wheel) as z:
    for variant, suffix in (("local", ""), ("local-strict", "-strict")):
        src = f"{prefix}v{version}-{variant}/"
        names = [n for n in z.namelist() if n.startswith(src) and n.endswith(".json")]
        if not names:
            sys.exit(f"{wheel} has no schemas for Kubernetes {version}")
        dest = out_root / f"v{version}-standalone{suffix}"
        tmp = dest.with_name(dest.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        for name in names:
            doc = json.loads(z.read(name))
            doc.pop("$id", None)
            text = ref.sub('"_definitions.json#', json.dumps(doc, separators=(",", ":")))
            (tmp / name[len(src):]).write_text(text)
        (tmp / ".complete").write_text(f"{len(names)} schemas\n")
        shutil.rmtree(dest, ignore_errors=True)
        tmp.rename(dest)
PY
  done
}

# nginx from Debian's package, unpacked into the cache: not installed, so no service starts.
install_nginx() {
  [[ -x $NGINX_ROOT/usr/sbin/nginx ]] && return 0
  command -v apt-get >/dev/null || die "nginx: apt-get is needed to fetch Debian's nginx package"
  log "fetching Debian package nginx (apt-get download, unpacked into $NGINX_ROOT)"
  if ! apt-cache show nginx >/dev/null 2>&1; then
    apt-get update -qq || die "apt-get update failed"
  fi
  local tmp
  tmp=$(mktemp -d)
  chmod 0755 "$tmp"
  (cd "$tmp" && apt-get download -qq nginx 2>/dev/null) || (cd "$tmp" && apt-get download -qq nginx) ||
    { rm -rf "$tmp"; die "apt-get download nginx failed"; }
  rm -rf "$NGINX_ROOT.tmp"
  dpkg-deb -x "$tmp"/nginx_*.deb "$NGINX_ROOT.tmp"
  rm -rf "$tmp" "$NGINX_ROOT"
  mv "$NGINX_ROOT.tmp" "$NGINX_ROOT"
  "$NGINX_ROOT/usr/sbin/nginx" -v 2>/dev/null || die "the unpacked nginx does not run (missing libraries?)"
}

# PostgreSQL server binaries: the machine image has Debian's postgresql-15; install it if not.
pg_bindir() {
  local d
  for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r); do
    [[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]] && { echo "$d"; return 0; }
  done
  return 1
}
install_postgres() {
  pg_bindir >/dev/null && command -v psql >/dev/null && return 0
  log "installing Debian package postgresql-15 (server binaries for the init-script check)"
  apt-cache show postgresql-15 >/dev/null 2>&1 || apt-get update -qq
  # Keep the package's own cluster from being started.
  local created_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    created_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null ||
    { ((created_policy)) && rm -f /usr/sbin/policy-rc.d; die "apt-get install postgresql-15 failed"; }
  ((created_policy)) && rm -f /usr/sbin/policy-rc.d
  pg_bindir >/dev/null || die "postgresql-15 installed, but no server binaries found"
}

install_tools() {
  wants k8s && {
    go_install kustomize sigs.k8s.io/kustomize/kustomize/v5 "$KUSTOMIZE_VERSION"
    go_install kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION"
    install_schemas
  }
  wants compose && install_compose
  wants nats && go_install nats-server github.com/nats-io/nats-server/v2 "$NATS_SERVER_VERSION"
  wants nginx && install_nginx
  wants postgres && install_postgres
  # The binaries are what is cached; the build cache and sources are not needed again.
  if ((built_something)); then
    go clean -cache >/dev/null 2>&1 || true
    go clean -modcache >/dev/null 2>&1 || true
  fi
  return 0
}

KUSTOMIZE=$GO_BIN_DIR/kustomize-$KUSTOMIZE_VERSION
KUBECONFORM=$GO_BIN_DIR/kubeconform-$KUBECONFORM_VERSION
NATS_SERVER=$GO_BIN_DIR/nats-server-$NATS_SERVER_VERSION
NGINX=$NGINX_ROOT/usr/sbin/nginx

step "tools (cache: $CACHE)"
install_tools
step_done
flock -u 9

if [[ $mode == print ]]; then
  echo "KUSTOMIZE=$KUSTOMIZE"
  echo "KUBECONFORM=$KUBECONFORM"
  echo "KUBECONFORM_SCHEMA_LOCATION=$SCHEMA_ROOT/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json"
  echo "K8S_VERSIONS=${K8S_VERSIONS[*]}"
  echo "DOCKER_CONFIG=$DOCKER_CONFIG_DIR"
  echo "DOCKER_COMPOSE=$GO_BIN_DIR/docker-compose-$COMPOSE_VERSION"
  echo "NGINX=$NGINX"
  echo "NATS_SERVER=$NATS_SERVER"
  echo "PG_BINDIR=$(pg_bindir || true)"
  exit 0
fi
[[ $mode == install ]] && exit 0

if [[ -n $render_dir ]]; then
  mkdir -p "$render_dir"
  render_dir=$(cd "$render_dir" && pwd)
fi
work=$(mktemp -d)
pg_stop=()
cleanup() {
  ((${#pg_stop[@]})) && "${pg_stop[@]}" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

# --------------------------------------------------------------------------- copies
# pairs: source (owned elsewhere) -> copy inside deploy/k8s
copies=(
  "deploy/keycloak/okrug-realm.json:deploy/k8s/base/keycloak/okrug-realm.json"
  "deploy/keycloak/password-blacklists/okrug-common-passwords.txt:deploy/k8s/base/keycloak/okrug-common-passwords.txt"
  "deploy/compose/postgres/init-okrug.sh:deploy/k8s/overlays/dev/postgres/init-okrug.sh"
)
if ((do_sync)); then
  for pair in "${copies[@]}"; do
    src=$ROOT/${pair%%:*} dst=$ROOT/${pair#*:}
    [[ -f $src ]] || die "--sync: ${pair%%:*} is missing"
    cmp -s "$src" "$dst" || { cp "$src" "$dst"; log "synced ${pair#*:} from ${pair%%:*}"; }
  done
fi
if wants copies; then
  step "copies kept for kustomize"
  failed_before=${#failures[@]}
  for pair in "${copies[@]}"; do
    src=${pair%%:*} dst=${pair#*:}
    if [[ ! -f $ROOT/$src ]]; then
      fail "$src is missing (the copy $dst has nothing to follow)"
    elif ! cmp -s "$ROOT/$src" "$ROOT/$dst"; then
      fail "$dst differs from $src: run scripts/validate-deploy.sh --sync"
    fi
  done
  ((${#failures[@]} == failed_before)) && step_done
fi

# --------------------------------------------------------------------------- Kubernetes
if wants k8s; then
  schema_location="$SCHEMA_ROOT/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json"
  built=()
  for overlay in "${OVERLAYS[@]}"; do
    name=$(basename "$overlay")
    out=$work/k8s-$name.yaml
    step "kustomize build deploy/k8s/$overlay"
    if ! "$KUSTOMIZE" build "$ROOT/deploy/k8s/$overlay" >"$out" 2>"$work/kustomize.err"; then
      cat "$work/kustomize.err" >&2
      fail "kustomize build deploy/k8s/$overlay"
      continue
    fi
    [[ -n $render_dir ]] && cp "$out" "$render_dir/k8s-$name.yaml"
    built+=("$out")
    step_done
  done
  # One kubeconform per Kubernetes version over every build, one worker: it compiles each
  # kind's schema once (parallel workers compile the same schemas again, for no gain).
  # Invalid resources are reported with their file (k8s-<overlay>.yaml).
  if ((${#built[@]})); then
    for kv in "${K8S_VERSIONS[@]}"; do
      step "kubeconform -strict -summary (Kubernetes $kv) < ${built[*]##*/}"
      if "$KUBECONFORM" -strict -summary -n 1 -kubernetes-version "$kv" \
        -schema-location "$schema_location" "${built[@]}" >&2; then
        step_done
      else
        fail "kubeconform (Kubernetes $kv)"
      fi
    done
  fi
fi

# --------------------------------------------------------------------------- Compose
if wants compose; then
  step "docker compose config (deploy/compose/compose.yaml)"
  compose_file=$ROOT/deploy/compose/compose.yaml
  if command -v docker >/dev/null; then
    compose=(env DOCKER_CONFIG="$DOCKER_CONFIG_DIR" docker compose)
  else
    compose=("$GO_BIN_DIR/docker-compose-$COMPOSE_VERSION")
  fi
  # A clean environment, so a developer's OKRUG_* variables do not change the result.
  if env -u OKRUG_PUBLIC_URL -u OKRUG_IMAGE -u OKRUG_KEYCLOAK_ADMIN_URL \
    "${compose[@]}" --project-directory "$ROOT/deploy/compose" -f "$compose_file" \
    config --format json >"$work/compose.json" 2>"$work/compose.err"; then
    [[ -n $render_dir ]] && cp "$work/compose.json" "$render_dir/compose.json"
    step_done
  else
    cat "$work/compose.err" >&2
    fail "docker compose config"
  fi
fi

# --------------------------------------------------------------------------- nginx
if wants nginx; then
  step "nginx -t (deploy/nginx/okrug.conf, nginx $("$NGINX" -v 2>&1 | sed 's/.*nginx\///'))"
  n=$work/nginx
  mkdir -p "$n/logs"
  # okrug.conf is meant for the http {} block of the official image's nginx.conf; wrap it
  # the same way. Upstreams are variables with a resolver, so nothing is resolved here.
  cat >"$n/nginx.conf" <<EOF
pid $n/nginx.pid;
error_log $n/error.log;
events {}
http {
    access_log off;
    client_body_temp_path $n/client_body;
    proxy_temp_path $n/proxy;
    fastcgi_temp_path $n/fastcgi;
    uwsgi_temp_path $n/uwsgi;
    scgi_temp_path $n/scgi;
    include $ROOT/deploy/nginx/okrug.conf;
}
EOF
  if "$NGINX" -t -q -p "$n" -c "$n/nginx.conf" -e "$n/error.log"; then
    step_done
  else
    fail "nginx -t deploy/nginx/okrug.conf"
  fi
fi

# --------------------------------------------------------------------------- NATS
if wants nats; then
  for conf in deploy/compose/nats/nats.conf deploy/k8s/base/nats/nats.conf \
    deploy/k8s/overlays/production/nats/nats.conf; do
    step "nats-server -t $conf"
    if POD_NAME=nats-0 "$NATS_SERVER" -t -c "$ROOT/$conf" >&2; then
      step_done
    else
      fail "nats-server -t $conf"
    fi
  done
fi

# --------------------------------------------------------------------------- PostgreSQL
if wants postgres; then
  step "deploy/compose/postgres/init-okrug.sh against a throwaway PostgreSQL"
  bindir=$(pg_bindir)
  pgdir=$work/pg
  mkdir -p "$pgdir"
  runas=()
  if [[ $(id -u) == 0 ]]; then
    # initdb refuses to run as root.
    pguser=postgres
    id -u "$pguser" >/dev/null 2>&1 || pguser=nobody
    chown "$pguser" "$pgdir"
    chmod 0755 "$work"
    runas=(runuser -u "$pguser" --)
  fi
  pg_ok=1
  "${runas[@]}" "$bindir/initdb" -D "$pgdir/data" -U postgres -A trust --no-sync >"$pgdir/initdb.log" 2>&1 ||
    { cat "$pgdir/initdb.log" >&2; pg_ok=0; }
  if ((pg_ok)) && "${runas[@]}" "$bindir/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -t 30 \
    -o "-c listen_addresses='' -k $pgdir -c fsync=off -c full_page_writes=off" start >/dev/null; then
    pg_stop=("${runas[@]}" "$bindir/pg_ctl" -D "$pgdir/data" -m immediate stop)
    export PGHOST=$pgdir PGPORT=5432 PGUSER=postgres
    pw_env=(KEYCLOAK_DB_PASSWORD=kc-pw)
    for s in "${SERVICES[@]}"; do
      for k in OWNER APP RELAY REPORTING; do
        pw_env+=("OKRUG_PG_${s^^}_${k}_PASSWORD=pw-$s-${k,,}-'\"quoted")
      done
    done
    # Twice: a restarted init must not fail on what exists.
    if env "${pw_env[@]}" POSTGRES_USER=postgres POSTGRES_DB=postgres \
      bash "$ROOT/deploy/compose/postgres/init-okrug.sh" >&2 &&
      env "${pw_env[@]}" bash "$ROOT/deploy/compose/postgres/init-okrug.sh" >/dev/null; then
      psql_bin=$bindir/psql
      [[ -x $psql_bin ]] || psql_bin=psql
      q() { "$psql_bin" -X -v ON_ERROR_STOP=1 -Atq "$@"; }
      problems=$(q -d postgres <<'SQL'
SELECT 'role ' || r.rolname || ' is superuser, BYPASSRLS, CREATEDB or CREATEROLE'
  FROM pg_roles r
 WHERE (r.rolname ~ '^okrug_[a-z]+_(owner|app|relay|reporting)$' OR r.rolname = 'keycloak')
   AND (r.rolsuper OR r.rolbypassrls OR r.rolcreatedb OR r.rolcreaterole)
UNION ALL
SELECT 'database okrug_' || s || ' missing or not owned by okrug_' || s || '_owner'
  FROM unnest(ARRAY['identity','schedule','journal','notify','helpdesk']) s
 WHERE NOT EXISTS (SELECT 1 FROM pg_database d
                    WHERE d.datname = 'okrug_' || s
                      AND pg_get_userbyid(d.datdba) = 'okrug_' || s || '_owner')
UNION ALL
SELECT 'role okrug_' || s || '_' || k || ' missing or cannot log in'
  FROM unnest(ARRAY['identity','schedule','journal','notify','helpdesk']) s,
       unnest(ARRAY['owner','app','relay','reporting']) k
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = 'okrug_' || s || '_' || k AND r.rolcanlogin)
UNION ALL
SELECT 'database keycloak missing' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'keycloak');
SQL
      ) || problems="the role checks did not run"
      # What a migration creates, the app role may use under row-level security; the relay
      # role gets nothing it was not granted; another service's role cannot connect.
      if ! q -d okrug_journal -U okrug_journal_owner >/dev/null <<'SQL'
CREATE TABLE okrug_validate (school_id int NOT NULL, v text);
ALTER TABLE okrug_validate ENABLE ROW LEVEL SECURITY;
ALTER TABLE okrug_validate FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON okrug_validate
  USING (school_id = current_setting('app.school_id', true)::int);
SQL
      then
        problems+=$'\n''the owner role cannot create a table in its database'
      fi
      q -d okrug_journal -U okrug_journal_app >/dev/null <<<"SELECT set_config('app.school_id','1',false); INSERT INTO okrug_validate VALUES (1,'a');" ||
        problems+=$'\n''the app role cannot write a table the owner created'
      q -d okrug_journal -U okrug_journal_app >/dev/null 2>&1 <<<"INSERT INTO okrug_validate VALUES (2,'b');" &&
        problems+=$'\n''row-level security does not apply to the app role'
      q -d okrug_journal -U okrug_journal_relay >/dev/null 2>&1 <<<"SELECT * FROM okrug_validate;" &&
        problems+=$'\n''the relay role reads a table it was not granted'
      q -d okrug_journal -U okrug_identity_app >/dev/null 2>&1 <<<"SELECT 1;" &&
        problems+=$'\n''okrug_identity_app can connect to okrug_journal'
      problems=$(sed '/^$/d' <<<"$problems")
      if [[ -n $problems ]]; then
        log "$problems"
        fail "PostgreSQL init script: roles and privileges"
      else
        step_done
      fi
    else
      fail "PostgreSQL init script did not run"
    fi
    "${pg_stop[@]}" >/dev/null 2>&1 || true
    pg_stop=()
  else
    [[ -f $pgdir/server.log ]] && cat "$pgdir/server.log" >&2
    fail "could not start a throwaway PostgreSQL from $bindir"
  fi
fi

# --------------------------------------------------------------------------- summary
elapsed=$(awk -v a="$total_start" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}')
if ((${#failures[@]})); then
  log "${#failures[@]} check(s) failed in ${elapsed}s:"
  printf '  - %s\n' "${failures[@]}" >&2
  exit 1
fi
log "all checks passed in ${elapsed}s"
