"""Retries without doubles (issue 5 point 12): a write sent with an Idempotency-Key is
done once; a retry with the same key gets the first answer and writes nothing.

The key is claimed by an INSERT in the request's own transaction: a concurrent retry waits
on the row until the first commits (and then replays it) or rolls back (and then does the
work itself). A failed request stores nothing, so its retry runs again."""

import hashlib
import json
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Header
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
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


def fingerprint(method: str, path: str, body: Any) -> str:
    raw = json.dumps([method, path, jsonable_encoder(body)], sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


async def once(
    session: AsyncSession,
    principal: Principal,
    key: str | None,
    request_fingerprint: str,
    status_code: int,
    work: Callable[[], Awaitable[Any]],
) -> Response:
    """Run `work` (returning the response body) once per key; replay its answer after."""
    if key is None:
        body = jsonable_encoder(await work())
        return _response(status_code, body)
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
    body = jsonable_encoder(await work())
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


def _response(status_code: int, body: Any) -> Response:
    if status_code == 204:
        return Response(status_code=204)
    return JSONResponse(body, status_code=status_code)
