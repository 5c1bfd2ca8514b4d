#!/usr/bin/env bash
# Regenerates the web app's API types, web/src/api/generated/<service>.ts, from the five
# services' OpenAPI documents (built from their app factories: nothing needs to run) with
# openapi-typescript from web/node_modules (scripts/web.sh installs it).
# `scripts/gen-api-types.sh --check` fails when the committed types differ from a fresh generation.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/web/src/api/generated"
generator="$root/web/node_modules/.bin/openapi-typescript"
services=(identity schedule journal notify helpdesk)

[[ -x "$generator" ]] || { echo "openapi-typescript missing: run scripts/bootstrap.sh (it installs web/node_modules)" >&2; exit 1; }

generate() {
  local dest=$1 documents
  documents=$(mktemp -d)
  "$root/.venv/bin/python" "$root/scripts/openapi_documents.py" "$documents"
  rm -rf "$dest"
  mkdir -p "$dest"
  local pids=() service pid failed=0
  for service in "${services[@]}"; do
    "$generator" "$documents/$service.json" --output "$dest/$service.ts" --root-types \
      --alphabetize >"$documents/$service.log" 2>&1 &
    pids+=("$!")
  done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  if ((failed)); then cat "$documents"/*.log >&2; exit 1; fi
  rm -rf "$documents"
}

if [[ "${1:-}" == "--check" ]]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  generate "$tmp/generated"
  if ! diff -r "$tmp/generated" "$out" >/dev/null; then
    echo "web API types are stale: run scripts/gen-api-types.sh and commit web/src/api/generated" >&2
    diff -r "$tmp/generated" "$out" | head -20 >&2
    exit 1
  fi
  echo "web API types are fresh"
else
  generate "$out"
fi
