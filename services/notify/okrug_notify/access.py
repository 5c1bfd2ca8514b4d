"""Who may do what in notify. Every endpoint calls one of these."""

from dataclasses import dataclass
from uuid import UUID

from okrug_common.auth import Principal


@dataclass(frozen=True, slots=True)
class InboxOwner:
    school_id: UUID
    person_id: UUID


def require_inbox_owner(principal: Principal) -> InboxOwner:
    """Any person signed in to a school reads and marks their own inbox, and nobody else's:
    the inbox is always the caller's own, whatever their roles."""
    school_id = principal.require_school()
    person_id = principal.require_person()
    return InboxOwner(school_id=school_id, person_id=person_id)
