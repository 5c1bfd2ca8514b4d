"""The sweep itself can fail: over a small app whose routes each have one of the faults the
sweep looks for, it reports every one of them; over the same app without the faults, it
passes. (The services' sweeps passing means something only if this holds.)"""

from dataclasses import dataclass, field
from typing import Annotated, Any
from uuid import UUID, uuid4

import httpx
import pytest
from fastapi import Depends, FastAPI, Header, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from okrug_common.auth import Principal
from okrug_common.errors import Forbidden, InvalidInput, NotFound, install_problem_handlers
from okrug_common.roles import Role
from okrug_common.testing import FakeVerifier
from tests.bad_input.sweep import Target, World, sweep_routes


class NoteIn(BaseModel):
    text: str = Field(max_length=50)
    copies: int = Field(ge=1)


@dataclass
class Notes:
    """The app's one table, counted like a service's database."""

    rows: dict[UUID, str] = field(default_factory=dict)

    async def counts(self) -> dict[str, int]:
        return {"notes": len(self.rows)}


def notes_app(notes: Notes, verifier: FakeVerifier, faulty: bool) -> FastAPI:
    app = FastAPI(openapi_url="/demo/openapi.json")
    install_problem_handlers(app)

    async def caller(authorization: Annotated[str, Header()] = "") -> Principal:
        return await verifier.verify(authorization.removeprefix("Bearer "))

    @app.post("/demo/notes", status_code=201)
    async def add_note(note: NoteIn, who: Annotated[Principal, Depends(caller)]) -> dict[str, str]:
        note_id = uuid4()
        if faulty:  # writes first, refuses after
            notes.rows[note_id] = note.text
        if note.copies > 100:
            raise InvalidInput("At most 100 copies.", field="copies")
        notes.rows[note_id] = note.text
        return {"id": str(note_id)}

    @app.get("/demo/notes/{note_id}", response_model=None)
    async def get_note(
        note_id: UUID, who: Annotated[Principal, Depends(caller)]
    ) -> dict[str, str] | JSONResponse:
        if note_id not in notes.rows:
            if faulty:  # not a problem document
                return JSONResponse({"detail": "no such note"}, status_code=404)
            raise NotFound("No such note.")
        return {"text": notes.rows[note_id]}

    @app.get("/demo/search")
    async def search(
        who: Annotated[Principal, Depends(caller)],
        limit: Annotated[int, Query(ge=1)] = 10,
    ) -> list[str]:
        if limit > 1000:
            if faulty:  # an unchecked input blows up
                return [str(1 // 0)]
            raise InvalidInput("At most 1000.", field="limit")
        return list(notes.rows.values())[:limit]

    @app.put("/demo/notes/{note_id}")
    async def put_note(
        note_id: UUID, note: NoteIn, who: Annotated[Principal, Depends(caller)]
    ) -> dict[str, str]:
        if note.copies > 100:
            raise InvalidInput("At most 100 copies.", field=None if faulty else "copies")
        notes.rows[note_id] = note.text
        return {"id": str(note_id)}

    @app.get("/demo/archive")
    async def archive(who: Annotated[Principal, Depends(caller)]) -> list[str]:
        if faulty and Role.DIRECTOR not in who.roles:  # the sweep's caller is refused
            raise Forbidden("Directors only.")
        return []

    return app


@dataclass
class Client:
    http: httpx.AsyncClient
    verifier: FakeVerifier

    def auth(self, principal: Principal) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.verifier.token_for(principal)}"}


TARGET = Target(
    "demo",
    {
        "POST /notes": "teacher",
        "GET /notes/{note_id}": "teacher",
        "GET /search": "teacher",
        "PUT /notes/{note_id}": "teacher",
        "GET /archive": "teacher",
    },
)


async def sweep(faulty: bool, target: Target = TARGET) -> None:
    notes, verifier = Notes(), FakeVerifier()
    note_id = uuid4()
    notes.rows[note_id] = "первая"
    transport = httpx.ASGITransport(app=notes_app(notes, verifier, faulty))
    async with httpx.AsyncClient(transport=transport, base_url="http://demo.test") as http:
        teacher_id = uuid4()
        teacher = Principal(
            subject=str(teacher_id),
            person_id=teacher_id,
            school_id=uuid4(),
            roles=frozenset({Role.TEACHER}),
        )
        world = World({"teacher": teacher}, {"note_id": str(note_id), "text": "заметка"})
        await sweep_routes(target, world, Client(http, verifier), notes)


async def test_the_sweep_passes_an_app_without_faults() -> None:
    await sweep(faulty=False)


async def test_the_sweep_reports_every_fault() -> None:
    with pytest.raises(AssertionError) as failed:
        await sweep(faulty=True)
    report: Any = str(failed.value)
    for fault in (
        "POST /notes [body copies: huge number]: 422 refused but wrote",
        "GET /notes/{note_id} [path note_id: unknown id]: 404 not a problem document",
        "GET /search [query limit: huge number]: 500 (ZeroDivisionError",
        "PUT /notes/{note_id} [body copies: huge number]: 422 names no field",
        "GET /archive: the valid request fails (403",
    ):
        assert fault in report, f"{fault!r} not reported in:\n{report}"


async def test_a_route_without_a_caller_fails_the_sweep() -> None:
    callers = {k: v for k, v in TARGET.callers.items() if k != "GET /archive"}
    with pytest.raises(AssertionError, match=r"knows no caller for \['GET /archive'\]"):
        await sweep(faulty=False, target=Target("demo", callers))
