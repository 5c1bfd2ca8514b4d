"""The request log (H1, issue 12 point 1) on the real platform: a call logged by the support
agent on a caller's behalf; a teacher's request answered by the agent, the answer in the
thread and in the teacher's inbox through NATS and notify; the assignment in the assignee's
inbox, read without a school."""

from typing import Any

import httpx
import pytest

from okrug_local.platform import Platform
from tests.support import District, World, eventually, expect

pytestmark = pytest.mark.platform


def _inbox(platform: Platform, headers: dict[str, str]) -> list[dict[str, Any]]:
    inbox: list[dict[str, Any]] = expect(
        httpx.get(f"{platform.url('notify')}/inbox", headers=headers), 200
    )
    return inbox


def _titled(platform: Platform, headers: dict[str, str], title: str) -> list[dict[str, Any]]:
    return [m for m in _inbox(platform, headers) if m["title"] == title]


def test_the_agent_logs_a_call_on_a_callers_behalf(
    platform: Platform, world: World, district: District
) -> None:
    school = world.first
    helpdesk = platform.url("helpdesk")
    logged = expect(
        httpx.post(
            f"{helpdesk}/requests/logged",
            json={
                "school_id": school.id,
                "channel": "phone",
                "caller_id": school.other_teacher.id,
                "caller_name": "Учитель по телефону",
                "caller_role": "teacher",
                "category": "methodological",
                "kind": "remark",
                "subject": "Шаблон КТП по физике",
                "text": "В шаблоне КТП не хватает столбца «Дата по факту».",
            },
            headers=district.support.headers,
        ),
        201,
    )
    assert (logged["channel"], logged["logged_by"], logged["author_id"]) == (
        "phone",
        district.support.id,
        school.other_teacher.id,
    )
    # The school sees the logged call among its requests; the other school does not.
    mine = expect(httpx.get(f"{helpdesk}/requests", headers=school.teacher.headers), 200)
    assert logged["id"] in {r["id"] for r in mine}
    theirs = expect(httpx.get(f"{helpdesk}/requests", headers=world.second.admin.headers), 200)
    assert logged["id"] not in {r["id"] for r in theirs}
    detail = expect(
        httpx.get(f"{helpdesk}/requests/{logged['id']}", headers=school.other_teacher.headers),
        200,
    )
    assert [(h["change"], h["actor_id"]) for h in detail["history"]] == [
        ("opened", district.support.id)
    ]
    # The caller, known to the directory, gets the desk's answer in their inbox.
    expect(
        httpx.post(
            f"{helpdesk}/requests/{logged['id']}/messages",
            json={"body": "Столбец добавим в шаблон к началу четверти."},
            headers=district.support.headers,
        ),
        201,
    )
    eventually(
        lambda: _titled(
            platform,
            school.other_teacher.headers,
            "Ответ на обращение «Шаблон КТП по физике»",
        ),
        what="the answer to the logged call in the caller's inbox",
    )


def test_a_teacher_opens_the_agent_answers_the_teacher_reads_the_answer(
    platform: Platform, world: World, district: District
) -> None:
    school = world.first
    helpdesk = platform.url("helpdesk")
    opened = expect(
        httpx.post(
            f"{helpdesk}/requests",
            json={
                "category": "technical",
                "kind": "question",
                "subject": "Не сохраняются отметки 7А",
                "text": "При сохранении отметок 7А появляется ошибка.",
            },
            headers=school.teacher.headers,
        ),
        201,
    )
    assert opened["status"] == "new"
    path = f"{helpdesk}/requests/{opened['id']}"
    log = expect(
        httpx.get(
            f"{helpdesk}/requests",
            params={"status": "new", "school_id": school.id},
            headers=district.support.headers,
        ),
        200,
    )
    assert opened["id"] in {r["id"] for r in log}

    assigned = expect(
        httpx.post(
            f"{path}/assign",
            json={"assignee_id": district.support.id},
            headers=district.support.headers,
        ),
        200,
    )
    assert assigned["status"] == "in_progress"
    eventually(
        lambda: _titled(
            platform,
            district.support.headers,
            "Вам назначено обращение «Не сохраняются отметки 7А»",
        ),
        what="the assignment in the agent's inbox",
    )

    answer = "Обновите страницу: исправление выпущено сегодня."
    expect(
        httpx.post(f"{path}/messages", json={"body": answer}, headers=district.support.headers),
        201,
    )
    thread = expect(httpx.get(path, headers=school.teacher.headers), 200)
    assert thread["status"] == "answered"
    assert thread["answered_by"] == district.support.id
    assert [(m["side"], m["body"]) for m in thread["messages"]] == [("district", answer)]
    inbox = eventually(
        lambda: _titled(
            platform, school.teacher.headers, "Ответ на обращение «Не сохраняются отметки 7А»"
        ),
        what="the answer in the teacher's inbox",
    )
    assert [m["body"] for m in inbox] == [answer]
    # Nobody else of the school is told.
    assert not _titled(
        platform, school.other_teacher.headers, "Ответ на обращение «Не сохраняются отметки 7А»"
    )

    closed = expect(httpx.post(f"{path}/close", headers=school.teacher.headers), 200)
    assert closed["status"] == "closed"
    history = expect(httpx.get(path, headers=district.support.headers), 200)["history"]
    assert [(h["change"], h["to_status"]) for h in history] == [
        ("opened", "new"),
        ("assigned", None),
        ("status", "in_progress"),
        ("message", None),
        ("status", "answered"),
        ("status", "closed"),
    ]
