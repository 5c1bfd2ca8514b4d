"""Where accounts live: Keycloak in production, identity's own store for the quick start
without Java. Both are outside the request's transaction: identity writes the directory
first and undoes it if its own transaction fails."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

# Roles whose holders must sign in with a TOTP code (the realm's composite role
# `totp-required` is part of each of them; the browser flow asks for the code).
TOTP_ROLES = frozenset({"district-admin", "support-agent", "director", "school-admin"})
CONFIGURE_TOTP = "CONFIGURE_TOTP"
UPDATE_PASSWORD = "UPDATE_PASSWORD"


@dataclass(frozen=True, slots=True)
class AccountInfo:
    user_id: UUID
    username: str
    first_name: str
    last_name: str


@dataclass(frozen=True, slots=True)
class AccountStanding:
    """The account's realm roles and how many schools it belongs to. Realm roles hold in
    every school of the account, so an account of several schools must not gain a role at
    one school that it does not hold everywhere."""

    roles: frozenset[str]
    school_count: int


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
    async def create_school(self, school_id: UUID, name: str) -> str: ...

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
    ) -> UUID: ...

    async def add_to_school(self, user_id: UUID, school_id: UUID) -> None: ...

    async def assign_roles(self, user_id: UUID, roles: Sequence[str]) -> None: ...

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

    async def standing(self, user_id: UUID) -> "AccountStanding": ...

    async def close(self) -> None: ...
