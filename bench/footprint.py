"""Start-up time of the quick start, with and without Keycloak, and the idle memory of every
process. Baseline in the same run: the infrastructure alone (PostgreSQL and NATS).

    .venv/bin/python bench/footprint.py [--idle-seconds 15] [--seed-size tiny]

Uses the "demo" instance with fresh databases: stop a running demo first."""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass

from okrug_local import keycloak, nats, postgres, processes
from okrug_local.infra import Infrastructure
from okrug_local.platform import Platform, start
from okrug_local.ports import SERVICES
from okrug_local.seed import seed

MIB = 2**20


@dataclass
class Run:
    mode: str
    ready_seconds: float
    seed_seconds: float
    timings: dict[str, float]
    memory: dict[str, tuple[int, int]]  # process -> (RSS, PSS) bytes


def measure_memory(platform: Platform) -> dict[str, tuple[int, int]]:
    pids: dict[str, int | None] = {
        "postgresql (all backends)": postgres.postmaster_pid(platform.instance),
        "nats-server": nats.pid(platform.instance),
    }
    if platform.issuer.mode == "keycloak":
        pids["keycloak (JVM)"] = keycloak.pid(platform.instance)
    for service in SERVICES:
        record = processes.read_record(platform.instance.name, service)
        pids[f"okrug-{service}"] = record.pid if record else None
    return {
        name: (processes.rss_bytes(pid), processes.pss_bytes(pid))
        for name, pid in pids.items()
        if pid is not None
    }


def one_run(with_keycloak: bool, idle_seconds: float, seed_size: str) -> Run:
    began = time.monotonic()
    platform = start("demo", keycloak=with_keycloak, fresh=True)
    ready = time.monotonic() - began
    try:
        seeded = time.monotonic()
        seed(platform, seed_size)
        seed_seconds = time.monotonic() - seeded
        time.sleep(idle_seconds)
        memory = measure_memory(platform)
    finally:
        platform.stop()
    return Run(
        "keycloak" if with_keycloak else "local issuer",
        ready,
        seed_seconds,
        platform.timings,
        memory,
    )


def baseline() -> float:
    """PostgreSQL and NATS alone, already installed: the floor under any start-up."""
    infrastructure = Infrastructure("demo")
    began = time.monotonic()
    infrastructure.start(keycloak=False)
    elapsed = time.monotonic() - began
    infrastructure.stop()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--idle-seconds", type=float, default=15)
    parser.add_argument("--seed-size", default="tiny")
    args = parser.parse_args()

    floor = baseline()
    runs = [
        one_run(True, args.idle_seconds, args.seed_size),
        one_run(False, args.idle_seconds, args.seed_size),
    ]
    print(f"\nbaseline: PostgreSQL + NATS alone ready in {floor:.1f} s")
    for run in runs:
        print(
            f"\nquick start with {run.mode}: platform ready in {run.ready_seconds:.1f} s "
            f"({run.ready_seconds / floor:.0f}x the baseline), demo district ({args.seed_size}) "
            f"seeded in {run.seed_seconds:.1f} s"
        )
        print("  steps: " + ", ".join(f"{k} {v:.1f} s" for k, v in run.timings.items()))
        print(f"  idle memory after {args.idle_seconds:.0f} s:")
        print(f"    {'process':<28}{'RSS MiB':>10}{'PSS MiB':>10}")
        for name, (rss, pss) in run.memory.items():
            print(f"    {name:<28}{rss / MIB:>10.0f}{pss / MIB:>10.0f}")
        total_pss = sum(pss for _, pss in run.memory.values())
        print(f"    {'total (PSS)':<28}{'':>10}{total_pss / MIB:>10.0f}")


if __name__ == "__main__":
    main()
