"""A service run with several worker processes (OKRUG_<SERVICE>_WORKERS, okrug_common.service;
issue 5, Performance): every worker answers REST on the one port, and the outbox relay and the
event consumers run once, so no event is lost or doubled.

The journal is started as its own process with 2 workers on a scratch database and on a
NATS server of this test's own (the platform's NATS may carry another journal's durable
consumers). It asks nobody at start-up: the issuer's URLs are given, never fetched."""

import asyncio
import json
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import grpc
import httpx
import nats
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from sqlalchemy.engine import make_url

from okrug.common.v1 import common_pb2
from okrug.schedule.v1 import schedule_pb2
from okrug_common.events import ensure_stream
from okrug_common.outbox import EVENT_TYPE_HEADER, SCHOOL_HEADER
from okrug_common.testing import ScratchDatabase, run, scratch_database
from okrug_journal.main import definition
from okrug_local import processes
from okrug_local.paths import repo_root

WORKERS = 2
EVENTS = 60
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def database(postgres_admin_dsn: str) -> Iterator[ScratchDatabase]:
    with scratch_database("journal", definition.migrations_dir, postgres_admin_dsn) as db:
        yield db


def role_url(db: ScratchDatabase, role: str) -> str:
    app = make_url(db.app_url)
    return app.set(username=f"{db.name}_{role}").render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def journal(database: ScratchDatabase, nats_url: str) -> Iterator[dict[str, Any]]:
    """`okrug-journal serve` with 2 workers; its ports and the pids of its workers."""
    http_port, grpc_port = free_port(), free_port()
    env = {
        "DATABASE_URL": database.app_url,
        "RELAY_DATABASE_URL": role_url(database, "relay"),
        "NATS_URL": nats_url,
        "HTTP_HOST": HOST,
        "HTTP_PORT": str(http_port),
        "GRPC_PORT": str(grpc_port),
        "OIDC_ISSUER": f"http://{HOST}:9/issuer",
        "OIDC_JWKS_URL": f"http://{HOST}:9/jwks",
        "OIDC_TOKEN_URL": f"http://{HOST}:9/token",
        "IDENTITY_GRPC": f"{HOST}:9",
        "SCHEDULE_GRPC": f"{HOST}:9",
        "WORKERS": str(WORKERS),
        "OUTBOX_POLL_SECONDS": "0.2",
    }
    log = Path(tempfile.mkdtemp(prefix="okrug-workers-")) / "journal.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(repo_root() / ".venv" / "bin" / "okrug-journal"), "serve"],
            env={"PATH": "/usr/bin:/bin"} | {f"OKRUG_JOURNAL_{k}": v for k, v in env.items()},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://{HOST}:{http_port}/journal"
    try:
        wait_until(lambda: _ready(base), 60, lambda: log.read_text()[-3000:])
        yield {
            "base": base,
            "grpc": f"{HOST}:{grpc_port}",
            "process": process,
            "workers": processes.descendants(process.pid),
        }
    finally:
        process.terminate()
        try:
            code = process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            code = None
        output = log.read_text()
        shutil.rmtree(log.parent, ignore_errors=True)
        assert code == 0, f"SIGTERM did not stop the workers cleanly:\n{output[-4000:]}"


def _ready(base: str) -> bool:
    try:
        return httpx.get(f"{base}/readyz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def wait_until(check: Any, seconds: float, explain: Any = lambda: "") -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not true after {seconds} s\n{explain()}")
        time.sleep(0.2)


def test_both_workers_answer_on_the_one_port(journal: dict[str, Any]) -> None:
    assert len(journal["workers"]) == WORKERS
    seen: set[str] = set()
    for _ in range(60):  # a new connection each time: the kernel spreads them over the workers
        with httpx.Client() as client:
            answer = client.get(f"{journal['base']}/healthz", timeout=5)
        assert answer.status_code == 200
        seen.add(answer.json()["worker"])
    assert seen == {str(i) for i in range(WORKERS)}


def test_grpc_answers_on_the_one_port(journal: dict[str, Any]) -> None:
    """Both workers bound the gRPC port (a second bind without SO_REUSEPORT would have
    stopped the service); fresh channels are answered SERVING."""

    async def check() -> list[int]:
        statuses = []
        for _ in range(10):
            async with grpc.aio.insecure_channel(journal["grpc"]) as channel:
                stub = health_pb2_grpc.HealthStub(channel)
                answer = await stub.Check(health_pb2.HealthCheckRequest(), timeout=5)
                statuses.append(answer.status)
        return statuses

    assert run(check()) == [health_pb2.HealthCheckResponse.SERVING] * 10
    assert all(processes.proc_start_ticks(pid) is not None for pid in journal["workers"])


def test_an_event_consumed_with_two_workers_is_applied_once(
    journal: dict[str, Any], database: ScratchDatabase, nats_url: str
) -> None:
    """60 schedule events while both workers run: 60 members in the projection, 60
    processed events, and the durable consumer delivered each message once."""
    school, klass = uuid4(), uuid4()
    students = [uuid4() for _ in range(EVENTS)]

    async def publish() -> None:
        client = await nats.connect(nats_url)
        js = client.jetstream()
        await ensure_stream(js, "schedule")
        for student in students:
            event_id = str(uuid4())
            message = schedule_pb2.ClassMemberAdded(
                context=common_pb2.EventContext(event_id=event_id, school_id=str(school)),
                class_id=str(klass),
                student_id=str(student),
            )
            await js.publish(
                "okrug.schedule.class.member_added",
                message.SerializeToString(),
                headers={"Nats-Msg-Id": event_id, SCHOOL_HEADER: str(school)},
            )
        await client.close()

    async def counts() -> tuple[int, int]:
        conn = await asyncpg.connect(database.admin_dsn)
        try:
            members = await conn.fetchval(
                "SELECT count(*) FROM class_member_projection WHERE school_id = $1", school
            )
            processed = await conn.fetchval(
                "SELECT count(*) FROM processed_events WHERE school_id = $1", school
            )
            return int(members), int(processed)
        finally:
            await conn.close()

    async def redelivered() -> tuple[int, int, int]:
        client = await nats.connect(nats_url)
        try:
            info = await client.jetstream().consumer_info("OKRUG_SCHEDULE", "journal-class-members")
            return info.num_pending or 0, info.num_ack_pending or 0, info.num_redelivered or 0
        finally:
            await client.close()

    run(publish())
    wait_until(lambda: run(counts())[1] == EVENTS, 30)
    time.sleep(1.0)  # anything applied twice would be by now
    assert run(counts()) == (EVENTS, EVENTS)
    assert run(redelivered()) == (0, 0, 0)


def test_outbox_rows_are_published_once_and_removed(
    journal: dict[str, Any], database: ScratchDatabase, nats_url: str
) -> None:
    """60 outbox rows written in 6 transactions while both workers serve: 60 messages on the
    journal's stream, each event id once, and an empty outbox."""
    school = uuid4()
    written: list[UUID] = []

    async def write() -> None:
        conn = await asyncpg.connect(database.admin_dsn)
        try:
            for batch in range(6):
                rows = [(uuid4(), batch) for _ in range(EVENTS // 6)]
                written.extend(r for r, _ in rows)
                await conn.executemany(
                    "INSERT INTO outbox (id, school_id, subject, payload, headers) "
                    "VALUES ($1, $2, $3, $4, $5)",
                    [
                        (
                            event_id,
                            school,
                            "okrug.journal.test.workers",
                            b"payload",
                            json.dumps({SCHOOL_HEADER: str(school), EVENT_TYPE_HEADER: "test"}),
                        )
                        for event_id, _ in rows
                    ],
                )
                await asyncio.sleep(0.1)
        finally:
            await conn.close()

    run(write())

    async def outbox_left() -> int:
        conn = await asyncpg.connect(database.admin_dsn)
        try:
            return int(await conn.fetchval("SELECT count(*) FROM outbox"))
        finally:
            await conn.close()

    wait_until(lambda: run(outbox_left()) == 0, 30)

    async def published() -> list[str]:
        client = await nats.connect(nats_url)
        js = client.jetstream()
        sub = await js.pull_subscribe("okrug.journal.test.workers", stream="OKRUG_JOURNAL")
        ids: list[str] = []
        try:
            while True:
                batch = await sub.fetch(100, timeout=1.0)
                ids += [(m.headers or {})["Nats-Msg-Id"] for m in batch]
                for m in batch:
                    await m.ack()
        except nats.errors.TimeoutError:
            pass
        await client.close()
        return ids

    ids = run(published())
    assert sorted(ids) == sorted(str(i) for i in written)
