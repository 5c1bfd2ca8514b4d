"""Where accounts live: Keycloak in production, identity's own store for the quick start
without Java. Both are outside the request's transaction: identity writes the directory
first and undoes it if its own transaction fails.

Roles (I5): a district role is a realm role of the account; a school role is membership of
the group `/schools/<school id>/<role>` (okrug_common.roles), so it holds at that school
only. Both directories put the same claims in tokens: `realm_access.roles`, `groups` (full
paths) and `organization`."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

# Roles whose holders must sign in with a TOTP code: the realm role `totp-required` is a
# composite part of the district ones and a role mapping of the school ones' groups (the
# browser flow's condition "user role totp-required" counts both).
TOTP_ROLES = frozenset({"district-admin", "support-agent", "director", "school-admin"})
TOTP_REQUIRED = "totp-required"
CONFIGURE_TOTP = "CONFIGURE_TOTP"
UPDATE_PASSWORD = "UPDATE_PASSWORD"


@dataclass(frozen=True, slots=True)
class AccountInfo:
    user_id: UUID
    username: str
    first_name: str
    last_name: str


@dataclass(frozen=True, slots=True)
class SignInEvent:
    """One successful sign-in (Keycloak LOGIN event). `school_id` is set when the sign-in
    asked for one school (scope organization:<id>)."""

    event_id: str
    user_id: UUID
    at: datetime
    client_id: str | None
    school_id: UUID | None


class AccountDirectory(Protocol):
    async def create_school(self, school_id: UUID, name: str) -> str:
        """The school's Organization and its role groups (idempotent); the Organization id."""
        ...

    async def create_account(
        self,
        *,
        username: str,
        first_name: str,
        last_name: str,
        email: str | None,
        password: str,
        temporary_password: bool,
        roles: Sequence[str],
        school_id: UUID | None,
        required_actions: Sequence[str] = (),
    ) -> UUID:
        """An account of `school_id` holding `roles` there, or (`school_id=None`) a district
        account holding the district roles `roles`."""
        ...

    async def add_to_school(self, user_id: UUID, school_id: UUID) -> None: ...

    async def grant_school_roles(
        self, user_id: UUID, school_id: UUID, roles: Sequence[str]
    ) -> None: ...

    async def revoke_school_roles(
        self, user_id: UUID, school_id: UUID, roles: Sequence[str]
    ) -> None:
        """Roles the account no longer holds at the school (idempotent)."""
        ...

    async def remove_from_school(self, user_id: UUID, school_id: UUID) -> None:
        """End the account's membership of the school: its Organization and every role
        group of the school (idempotent)."""
        ...

    async def school_roles(self, user_id: UUID) -> dict[UUID, frozenset[str]]:
        """The account's school roles, per school."""
        ...

    async def end_sessions(self, user_id: UUID) -> None:
        """Sign the account out everywhere: its refresh tokens stop working (access tokens
        already issued hold until they expire)."""
        ...

    async def delete_account(self, user_id: UUID) -> None: ...

    async def find_account(self, username: str) -> AccountInfo | None: ...

    async def set_one_time_password(self, user_id: UUID, password: str) -> None:
        """Replace the password with one that must be changed at the next sign-in."""
        ...

    async def require_actions(self, user_id: UUID, actions: Sequence[str]) -> None:
        """Add required actions (e.g. CONFIGURE_TOTP) the user must complete at sign-in."""
        ...

    async def sign_in_events(self, since: datetime, until: datetime) -> list[SignInEvent]: ...

    async def awaits_first_sign_in(self, user_id: UUID) -> bool:
        """True while the account still has to replace its one-time password."""
        ...

    async def close(self) -> None: ...
