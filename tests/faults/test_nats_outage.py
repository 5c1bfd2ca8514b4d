"""Faults: NATS goes away while a teacher records a mark. The mark is saved (the outbox
holds its event), and when NATS is back the parent is told, exactly once."""

import asyncio
import time

import asyncpg
import httpx
import pytest

from okrug_local import nats, postgres
from okrug_local.platform import Platform
from tests.support import World, expect

pytestmark = pytest.mark.platform


def _outbox_rows(platform: Platform) -> int:
    return asyncio.run(_count_outbox(platform))


async def _count_outbox(platform: Platform) -> int:
    connection = await asyncpg.connect(
        postgres.admin_url(platform.instance, database=postgres.database_name("journal"))
    )
    try:
        return int(await connection.fetchval("SELECT count(*) FROM outbox"))
    finally:
        await connection.close()


def _mark_messages(platform: Platform, world: World, value: str) -> list[dict[str, object]]:
    inbox = expect(
        httpx.get(
            f"{platform.url('notify')}/inbox",
            params={"limit": 200},
            headers=world.first.parent.headers,
        ),
        200,
    )
    return [m for m in inbox if m["kind"] == "mark" and f"Отметка {value}" in str(m["body"])]


def test_an_event_written_during_a_nats_outage_is_delivered_once_nats_is_back(
    platform: Platform, world: World
) -> None:
    school = world.first
    teacher = school.teacher.headers
    nats.stop(platform.instance)
    try:
        recorded = httpx.post(
            f"{platform.url('journal')}/lessons/{school.lesson_id}/marks",
            json={"student_id": school.student.id, "value": "1", "work_type": "homework"},
            headers=teacher,
            timeout=30,
        )
        assert recorded.status_code == 201, recorded.text
        assert _outbox_rows(platform) >= 1, "the event waits in the outbox"
        assert _mark_messages(platform, world, "1") == []
    finally:
        nats.start(platform.instance, supervisor=platform.infrastructure.supervisor)

    deadline = time.monotonic() + 60
    while not _mark_messages(platform, world, "1") and time.monotonic() < deadline:
        time.sleep(0.5)
    messages = _mark_messages(platform, world, "1")
    assert len(messages) == 1, messages
    assert _outbox_rows(platform) == 0
