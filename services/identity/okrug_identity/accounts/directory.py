"""Where accounts live: Keycloak in production, identity's own store for the quick start
without Java. Both are outside the request's transaction: identity writes the directory
first and undoes it if its own transaction fails."""

from collections.abc import Sequence
from typing import Protocol
from uuid import UUID


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
    ) -> UUID: ...

    async def add_to_school(self, user_id: UUID, school_id: UUID) -> None: ...

    async def assign_roles(self, user_id: UUID, roles: Sequence[str]) -> None: ...

    async def delete_account(self, user_id: UUID) -> None: ...

    async def close(self) -> None: ...
