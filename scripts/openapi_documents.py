"""Writes the OpenAPI document of each of the five services to <dir>/<service>.json, built
from the service's own app factory without running it (no database, NATS or issuer is
reached: the engine and clients are created, never connected). Used by gen-api-types.sh."""

import json
import os
import sys
from importlib import import_module
from pathlib import Path

SERVICES = ("identity", "schedule", "journal", "notify", "helpdesk")


def openapi_document(service: str) -> dict[str, object]:
    from okrug_common.http import create_app
    from okrug_common.runtime import Runtime

    definition = import_module(f"okrug_{service}.main").definition
    runtime = Runtime(definition, definition.settings_type())
    document: dict[str, object] = create_app(runtime).openapi()
    return document


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    # The documents must not depend on whoever runs this: the defaults, not a local setup.
    for name in [n for n in os.environ if n.startswith("OKRUG_")]:
        del os.environ[name]
    for service in SERVICES:
        text = json.dumps(openapi_document(service), ensure_ascii=False, indent=2, sort_keys=True)
        (out / f"{service}.json").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
