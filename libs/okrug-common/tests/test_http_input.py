"""A NUL character, which PostgreSQL cannot store in text or jsonb, is refused as input
naming its field (422), never passed on to fail in the database as a 503."""

from typing import Any

import httpx
import pytest
from fastapi import Depends, FastAPI
from pydantic import BaseModel

from okrug_common.errors import install_problem_handlers
from okrug_common.http import reject_nul_characters


class Note(BaseModel):
    text: str
    tags: list[str] = []


def app() -> FastAPI:
    made = FastAPI(dependencies=[Depends(reject_nul_characters)])
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
    ],
)
async def test_a_nul_character_is_refused_naming_its_field(
    path: str, body: bytes, params: dict[str, str], field: str
) -> None:
    answer = await put(path, body, **params)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in answer.json()["errors"]] == [field]


async def test_text_without_nul_and_an_escaped_backslash_pass() -> None:
    # The bytes hold "\\u0000" (an escaped backslash, then "u0000"): no NUL character.
    answer = await put("/notes/a", b'{"text": "a\\\\u0000b"}')
    assert answer.status_code == 200, answer.text
    assert answer.json()["text"] == "a\\u0000b"
