#!/usr/bin/env bash
# Regenerates the Python stubs in libs/okrug-proto/okrug from proto/.
# `scripts/gen-proto.sh --check` fails when the checked-in stubs differ from a fresh generation.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/libs/okrug-proto"
python="$root/.venv/bin/python"
export PATH="$root/.venv/bin:$PATH"

generate() {
  local dest=$1
  rm -rf "$dest/okrug"
  mkdir -p "$dest"
  (cd "$root/proto" && find okrug -name '*.proto' | LC_ALL=C sort | xargs "$python" -m grpc_tools.protoc \
    -I . --python_out="$dest" --grpc_python_out="$dest" --mypy_out="$dest" --mypy_grpc_out="$dest")
  # PEP 561: the .pyi stubs (mypy-protobuf, its grpc plugin too) are what type checkers read.
  touch "$dest/okrug/py.typed"
}

if [[ "${1:-}" == "--check" ]]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  generate "$tmp"
  if ! diff -r -x __pycache__ "$tmp/okrug" "$out/okrug" >/dev/null; then
    echo "proto stubs are stale: run scripts/gen-proto.sh and commit libs/okrug-proto/okrug" >&2
    diff -r -x __pycache__ "$tmp/okrug" "$out/okrug" | head -20 >&2
    exit 1
  fi
  echo "proto stubs are fresh"
else
  generate "$out"
fi
