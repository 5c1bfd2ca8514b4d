"""A control character (C0 but tab and line breaks) is refused as input naming its field
(422), never passed on to fail later: PostgreSQL stores no NUL in text or jsonb (a 503),
a spreadsheet cannot hold one (a 500 when the audit is exported), Keycloak refuses one in a
name (a 503)."""

from typing import Any

import httpx
import pytest
from fastapi import Depends, FastAPI
from pydantic import BaseModel

from okrug_common.errors import install_problem_handlers
from okrug_common.http import reject_control_characters


class Note(BaseModel):
    text: str
    tags: list[str] = []


def app() -> FastAPI:
    made = FastAPI(dependencies=[Depends(reject_control_characters)])
    install_problem_handlers(made)

    @made.put("/notes/{name}")
    async def put_note(name: str, note: Note, comment: str = "") -> dict[str, Any]:
        return {"name": name, "text": note.text}

    return made


async def put(path: str, content: bytes, **params: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.put(
            path, content=content, params=params, headers={"Content-Type": "application/json"}
        )


@pytest.mark.parametrize(
    ("path", "body", "params", "field"),
    [
        ("/notes/a", b'{"text": "a\\u0000b"}', {}, "body.text"),
        ("/notes/a", b'{"text": "ok", "tags": ["x", "\\u0000"]}', {}, "body.tags.1"),
        ("/notes/a", b'{"text": "ok", "a\\u0000": 1}', {}, "body.a\x00"),
        ("/notes/a", b'{"text": "ok"}', {"comment": "a\x00b"}, "query.comment"),
        ("/notes/a%00b", b'{"text": "ok"}', {}, "path.name"),
        ("/notes/a", b'{"text": "a\\u0007b"}', {}, "body.text"),
        ("/notes/a", b'{"text": "ok", "tags": ["\\u001B[31m"]}', {}, "body.tags.0"),
        ("/notes/a", b'{"text": "back\\bspace"}', {}, "body.text"),
        ("/notes/a", b'{"text": "ok"}', {"comment": "a\x1bb"}, "query.comment"),
        ("/notes/a%07b", b'{"text": "ok"}', {}, "path.name"),
    ],
)
async def test_a_control_character_is_refused_naming_its_field(
    path: str, body: bytes, params: dict[str, str], field: str
) -> None:
    answer = await put(path, body, **params)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in answer.json()["errors"]] == [field]


async def test_text_without_control_characters_and_an_escaped_backslash_pass() -> None:
    # The bytes hold "\\u0000" (an escaped backslash, then "u0000"): no NUL character.
    answer = await put("/notes/a", b'{"text": "a\\\\u0000b"}')
    assert answer.status_code == 200, answer.text
    assert answer.json()["text"] == "a\\u0000b"


async def test_tabs_and_line_breaks_pass() -> None:
    answer = await put("/notes/a", b'{"text": "line\\tone\\r\\nline two"}', comment="a\tb")
    assert answer.status_code == 200, answer.text
    assert answer.json()["text"] == "line\tone\r\nline two"
