"""Retries without doubles (issue 5 point 12): a write sent with an Idempotency-Key is
done once; a retry with the same key gets the first answer and writes nothing.

The key is claimed by an INSERT in the request's own transaction: a concurrent retry waits
on the row until the first commits (and then replays it) or rolls back (and then does the
work itself). A failed request stores nothing, so its retry runs again."""

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Header
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_journal.models import IdempotencyKey
from okrug_journal.problems import IdempotencyKeyReused

IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        description="Send the same key when retrying the same write: it is done once.",
    ),
]
REPLAYED_HEADER = "Idempotent-Replayed"


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What makes two requests the same one: computed only when a key was sent."""

    method: str
    path: str
    body: Any

    @property
    def digest(self) -> str:
        raw = json.dumps(
            [self.method, self.path, jsonable_encoder(self.body)], sort_keys=True, default=str
        )
        return hashlib.sha256(raw.encode()).hexdigest()


def fingerprint(method: str, path: str, body: Any) -> Fingerprint:
    return Fingerprint(method, path, body)


async def once(
    session: AsyncSession,
    principal: Principal,
    key: str | None,
    request: Fingerprint,
    status_code: int,
    work: Callable[[], Awaitable[Any]],
) -> Response:
    """Run `work` (returning the response body) once per key; replay its answer after."""
    if key is None:
        return _encoded_response(status_code, await work())
    request_fingerprint = request.digest
    school_id = principal.require_school()
    claimed = await session.execute(
        insert(IdempotencyKey)
        .values(
            school_id=school_id,
            principal=principal.subject,
            key=key,
            fingerprint=request_fingerprint,
        )
        .on_conflict_do_nothing()
        .returning(IdempotencyKey.key)
    )
    if claimed.first() is None:
        stored = (
            await session.execute(
                select(IdempotencyKey).where(
                    IdempotencyKey.school_id == school_id,
                    IdempotencyKey.principal == principal.subject,
                    IdempotencyKey.key == key,
                )
            )
        ).scalar_one()
        if stored.fingerprint != request_fingerprint:
            raise IdempotencyKeyReused(
                "This Idempotency-Key was used for another request.", field="Idempotency-Key"
            )
        response = _response(stored.status_code or status_code, stored.response)
        response.headers[REPLAYED_HEADER] = "true"
        return response
    body = _json_value(await work())
    await session.execute(
        update(IdempotencyKey)
        .where(
            IdempotencyKey.school_id == school_id,
            IdempotencyKey.principal == principal.subject,
            IdempotencyKey.key == key,
        )
        .values(status_code=status_code, response=body)
    )
    return _response(status_code, body)


def _json_value(body: Any) -> Any:
    """The body as JSON values, as jsonable_encoder makes them; a pydantic model is dumped
    by pydantic itself (jsonable_encoder would walk the dump once more in Python)."""
    if isinstance(body, BaseModel):
        return body.model_dump(mode="json", by_alias=True)
    return jsonable_encoder(body)


def _encoded_response(status_code: int, body: Any) -> Response:
    """The answer without a key: a pydantic model is serialized once, straight to bytes."""
    if status_code == 204:
        return Response(status_code=204)
    if isinstance(body, BaseModel):
        return Response(
            body.model_dump_json(by_alias=True),
            status_code=status_code,
            media_type="application/json",
        )
    return JSONResponse(jsonable_encoder(body), status_code=status_code)


def _response(status_code: int, body: Any) -> Response:
    if status_code == 204:
        return Response(status_code=204)
    return JSONResponse(body, status_code=status_code)
