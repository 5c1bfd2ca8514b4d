"""Oversight's read models rebuilt from the facts the journal keeps (O1-O5, issue 11 point
10): `okrug-journal rebuild-oversight <school id>...`.

Each concept registers its read model in READ_MODELS: a name and a function that, in a
transaction scoped to one school (app role; the runtime for the school's policy), replaces that school's rows of the read model
with what the journal's facts say and returns how many rows it wrote. The event handlers
keep the same rows current; a rebuild is for a new read model, a changed computation or a
repair, and is safe while events keep arriving (the handlers' upserts apply on top of it).
"""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.db import tenant_transaction
from okrug_common.runtime import Runtime
from okrug_journal.forecast import rebuild as forecast
from okrug_journal.oversight.attendance import rebuild as attendance
from okrug_journal.oversight.homework_load import rebuild as homework_load
from okrug_journal.oversight.keeping import rebuild as keeping
from okrug_journal.oversight.objectivity import rebuild as objectivity
from okrug_journal.oversight.usage import rebuild as usage

Rebuild = Callable[[AsyncSession, Runtime, UUID], Awaitable[int]]


@dataclass(frozen=True)
class ReadModel:
    name: str
    rebuild: Rebuild


# Each concept of oversight adds its read model here (its own rebuild.py's function).
READ_MODELS: list[ReadModel] = [
    ReadModel("keeping", keeping.rebuild),
    ReadModel("homework-load", homework_load.rebuild),
    ReadModel("usage", usage.rebuild),
    ReadModel("objectivity", objectivity.rebuild),
    ReadModel("forecast", forecast.rebuild),
    ReadModel("attendance", attendance.rebuild),
]


def read_models_named(names: Sequence[str]) -> list[ReadModel]:
    """The registered read models of `names` (all of them when none is named)."""
    if not names:
        return list(READ_MODELS)
    known = {model.name: model for model in READ_MODELS}
    unknown = sorted(set(names) - set(known))
    if unknown:
        raise ValueError(f"unknown read models: {', '.join(unknown)}; known: {sorted(known)}")
    return [known[name] for name in names]


async def rebuild_school(
    runtime: Runtime, school_id: UUID, models: Sequence[ReadModel]
) -> dict[str, int]:
    """Rebuild each read model of one school, each in its own transaction; the rows each
    wrote, by name."""
    written: dict[str, int] = {}
    for model in models:
        async with tenant_transaction(runtime.sessionmaker, school_id) as session:
            written[model.name] = await model.rebuild(session, runtime, school_id)
    return written
