#!/usr/bin/env bash
# Lints the protobuf definitions in proto/ with buf (rules from proto/buf.yaml: STANDARD)
# and checks that they are laid out as `buf format` would write them.
#
#   scripts/lint-proto.sh                 install buf if missing (cached), lint, check format
#   scripts/lint-proto.sh --write         rewrite the .proto files as `buf format` wants, then lint
#   scripts/lint-proto.sh --install-only  install buf and stop
#   scripts/lint-proto.sh --print-path    install buf, print the path of its binary
#
# buf comes from the npm registry: @bufbuild/buf ships its binaries in one package per
# platform (@bufbuild/buf-linux-x64, @bufbuild/buf-linux-aarch64). `npm pack` fetches the
# pinned version's tarball (sha512 checked against the pins below), and buf alone is kept in
# $OKRUG_TOOLS_CACHE/buf/<version>/ (default /var/cache/okrug): a warm run downloads nothing.
# Without npm, or on another platform, `go install github.com/bufbuild/buf/cmd/buf@v<version>`
# through the Go module proxy builds the same version (slow: minutes on a cold Go cache).
# buf knows the well-known types (google/protobuf/*.proto) itself: no deps, no buf.build.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${OKRUG_TOOLS_CACHE:-/var/cache/okrug}

BUF_VERSION=1.75.0
# sha512 of the npm tarballs @bufbuild/buf-<platform>@$BUF_VERSION (the registry's integrity).
declare -A BUF_NPM_SHA512=(
  [linux-x64]=606189031d25a4c084eda3168cd38971fa04686fdefa26079d30b8499d0fe5e4b821f7ccaf203d678fdb6f59b5c0d5c0109f004c530464e024ff9c7d544e3b8a
  [linux-aarch64]=797f97ca8933243aac348168f1bd4edc306f6e792c3a8ccf257e1056c367eb526a494b56b29c9335e62ac20f254436a770c2fe6c3a9910314f0018c0b1509019
)

BUF_DIR=$CACHE/buf/$BUF_VERSION
BUF=$BUF_DIR/buf

mode=check
while (($#)); do
  case $1 in
    --write) mode="write"; shift ;;
    --install-only) mode=install; shift ;;
    --print-path) mode=print; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "lint-proto: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

log() { printf '%s\n' "lint-proto: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

platform() {
  local os arch
  os=$(uname -s | tr '[:upper:]' '[:lower:]')
  arch=$(uname -m)
  case $arch in
    x86_64|amd64) arch=x64 ;;
    aarch64|arm64) arch=aarch64 ;;
  esac
  printf '%s-%s\n' "$os" "$arch"
}

# Into $1: buf from the npm package of this platform. Returns 1 when npm cannot be used here.
install_from_npm() {
  local dest=$1 plat sha pkg tmp
  command -v npm >/dev/null || return 1
  plat=$(platform)
  sha=${BUF_NPM_SHA512[$plat]:-}
  [[ -n $sha ]] || { log "no pinned npm package for $plat"; return 1; }
  pkg=@bufbuild/buf-$plat@$BUF_VERSION
  log "installing buf $BUF_VERSION (npm pack $pkg)"
  tmp=$(mktemp -d)
  if ! (cd "$tmp" && npm pack --silent "$pkg" >/dev/null 2>"$tmp/npm.log"); then
    tail -n 20 "$tmp/npm.log" >&2
    rm -rf "$tmp"
    die "npm pack $pkg failed"
  fi
  local tgz=("$tmp"/*.tgz)
  if ! echo "$sha  ${tgz[0]}" | sha512sum -c --quiet >/dev/null 2>&1; then
    rm -rf "$tmp"
    die "$pkg: the tarball's sha512 is not the pinned one"
  fi
  tar -xzf "${tgz[0]}" -C "$tmp" package/bin/buf
  mv "$tmp/package/bin/buf" "$dest"
  rm -rf "$tmp"
}

# Into $1: buf built from source through the Go module proxy.
install_from_go() {
  local dest=$1 tmp
  command -v go >/dev/null || die "buf needs npm (npm pack @bufbuild/buf-<platform>) or Go (go install)"
  log "installing buf $BUF_VERSION (go install github.com/bufbuild/buf/cmd/buf@v$BUF_VERSION; minutes)"
  tmp=$(mktemp -d)
  if ! GOBIN=$tmp GOMODCACHE=$CACHE/go/mod GOCACHE=$CACHE/go/build GOPATH=$CACHE/go/path \
    GOFLAGS="-buildvcs=false -trimpath" CGO_ENABLED=0 \
    go install "github.com/bufbuild/buf/cmd/buf@v$BUF_VERSION" 2>"$tmp.log"; then
    tail -n 30 "$tmp.log" >&2
    rm -rf "$tmp" "$tmp.log"
    die "go install github.com/bufbuild/buf/cmd/buf@v$BUF_VERSION failed"
  fi
  mv "$tmp/buf" "$dest"
  rm -rf "$tmp" "$tmp.log"
}

install_buf() {
  [[ -x $BUF ]] && return 0
  mkdir -p "$BUF_DIR"
  exec 9>"$CACHE/.lint-proto.lock"
  flock 9 # one installer at a time
  if [[ ! -x $BUF ]]; then
    local new=$BUF.tmp.$$
    install_from_npm "$new" || install_from_go "$new"
    chmod 755 "$new"
    local got
    got=$("$new" --version 2>&1) || { rm -f "$new"; die "the installed buf does not run: $got"; }
    [[ $got == "$BUF_VERSION" ]] || { rm -f "$new"; die "expected buf $BUF_VERSION, got $got"; }
    mv "$new" "$BUF"
  fi
  exec 9>&-
}

install_buf
case $mode in
  install) exit 0 ;;
  print) echo "$BUF"; exit 0 ;;
esac

cd "$ROOT/proto"
failed=0
if [[ $mode == write ]]; then
  "$BUF" format -w
elif ! "$BUF" format -d --exit-code; then
  log "proto/ is not formatted as buf wants: scripts/lint-proto.sh --write"
  failed=1
fi
if ! "$BUF" lint; then
  log "buf lint found problems (rules: proto/buf.yaml)"
  failed=1
fi
((failed == 0)) || exit 1
log "buf $BUF_VERSION: lint (STANDARD) and format clean"
