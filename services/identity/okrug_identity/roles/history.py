"""The history of access at a school (role_changes): every grant and revocation of a role
and every membership begun or ended, with who made the change and when (I5, X2)."""

from collections.abc import Iterable
from uuid import UUID, uuid4

from sqlalchemy import case, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_identity.models import RoleChange

JOINED, LEFT, GRANTED, REVOKED = "joined", "left", "granted", "revoked"
# The changes of one transaction share its timestamp: they happen in this order.
_ORDER = case({JOINED: 0, GRANTED: 1, REVOKED: 2, LEFT: 3}, value=RoleChange.change)


def record(
    session: AsyncSession,
    school_id: UUID,
    person_id: UUID,
    actor_id: UUID | None,
    *,
    joined: bool = False,
    granted: Iterable[str] = (),
    revoked: Iterable[str] = (),
    left: bool = False,
) -> None:
    """Add the changes in the order they happen: joined, granted, revoked, left."""
    changes: list[tuple[str, str | None]] = [(JOINED, None)] if joined else []
    changes += [(GRANTED, role) for role in granted]
    changes += [(REVOKED, role) for role in revoked]
    changes += [(LEFT, None)] if left else []
    session.add_all(
        RoleChange(
            school_id=school_id,
            change_id=uuid4(),
            person_id=person_id,
            change=change,
            role=role,
            changed_by=actor_id,
        )
        for change, role in changes
    )


async def changes_of(session: AsyncSession, person_id: UUID) -> list[RoleChange]:
    rows = await session.scalars(
        select(RoleChange)
        .where(RoleChange.person_id == person_id)
        .order_by(RoleChange.changed_at, _ORDER, RoleChange.role)
    )
    return list(rows)
