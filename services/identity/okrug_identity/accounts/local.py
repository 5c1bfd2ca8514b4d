"""Accounts for identity's own issuer (quick start without Keycloak): argon2 password
hashes, the same lock-out rule as the realm (5 failures lock the account for a while), and
the same role model: district roles as realm roles, a school role as the group path
`/schools/<school id>/<role>` (okrug_common.roles). There are no sessions or refresh
tokens to end."""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import delete, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug_common.roles import (
    REALM_ROLES,
    SCHOOL_ROLES,
    roles_by_school,
    school_group_of,
    school_role_group,
)
from okrug_identity.accounts.directory import AccountInfo, SignInEvent
from okrug_identity.accounts.keycloak import AccountExists, AccountNotFound, UnknownRole
from okrug_identity.models import LocalAccount, LocalSignIn

MAX_FAILURES = 5
LOCK_DURATION = timedelta(seconds=60)

_hasher = PasswordHasher()


_SCHOOL_ROLE_NAMES = frozenset(r.value for r in SCHOOL_ROLES)
_REALM_ROLE_NAMES = frozenset(r.value for r in REALM_ROLES)


def _role_groups(school_id: UUID, roles: Sequence[str]) -> list[str]:
    unknown = sorted(set(roles) - _SCHOOL_ROLE_NAMES)
    if unknown:
        raise UnknownRole(", ".join(unknown))
    return [school_role_group(school_id, r) for r in roles]


class SignInRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


async def _issuer_scope(session: AsyncSession) -> None:
    """The only transactions allowed to read credentials (RLS on local_accounts)."""
    await session.execute(text("SELECT set_config('app.issuer', 'on', true)"))


class LocalDirectory:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker

    async def create_school(self, school_id: UUID, name: str) -> str:
        return f"local:{school_id}"

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
        if school_id is None and set(roles) - _REALM_ROLE_NAMES:
            raise UnknownRole(", ".join(sorted(set(roles) - _REALM_ROLE_NAMES)))
        account = LocalAccount(
            username=username,
            person_id=uuid4(),
            first_name=first_name,
            last_name=last_name,
            password_hash=_hasher.hash(password),
            must_change_password=temporary_password,
            roles=[] if school_id else sorted(set(roles)),
            groups=sorted(set(_role_groups(school_id, roles))) if school_id else [],
            school_ids=[school_id] if school_id else [],
            failed_attempts=0,
        )
        try:
            async with self._sessionmaker() as session, session.begin():
                await _issuer_scope(session)
                session.add(account)
        except IntegrityError:
            raise AccountExists(f"username {username} is taken") from None
        return account.person_id

    async def _account(self, session: AsyncSession, user_id: UUID) -> LocalAccount:
        await _issuer_scope(session)
        account = await session.scalar(
            select(LocalAccount).where(LocalAccount.person_id == user_id).with_for_update()
        )
        if account is None:
            raise AccountNotFound(str(user_id))
        return account

    async def add_to_school(self, user_id: UUID, school_id: UUID) -> None:
        async with self._sessionmaker() as session, session.begin():
            account = await self._account(session, user_id)
            if school_id not in account.school_ids:
                account.school_ids = [*account.school_ids, school_id]

    async def grant_school_roles(
        self, user_id: UUID, school_id: UUID, roles: Sequence[str]
    ) -> None:
        groups = _role_groups(school_id, roles)
        async with self._sessionmaker() as session, session.begin():
            account = await self._account(session, user_id)
            account.groups = sorted({*account.groups, *groups})

    async def revoke_school_roles(
        self, user_id: UUID, school_id: UUID, roles: Sequence[str]
    ) -> None:
        groups = set(_role_groups(school_id, roles))
        async with self._sessionmaker() as session, session.begin():
            account = await self._account(session, user_id)
            account.groups = [g for g in account.groups if g not in groups]

    async def remove_from_school(self, user_id: UUID, school_id: UUID) -> None:
        prefix = school_group_of(school_id) + "/"
        async with self._sessionmaker() as session, session.begin():
            account = await self._account(session, user_id)
            account.groups = [g for g in account.groups if not g.startswith(prefix)]
            account.school_ids = [s for s in account.school_ids if s != school_id]

    async def school_roles(self, user_id: UUID) -> dict[UUID, frozenset[str]]:
        async with self._sessionmaker() as session, session.begin():
            account = await self._account(session, user_id)
            by_school = roles_by_school(list(account.groups))
        return {school: frozenset(r.value for r in roles) for school, roles in by_school.items()}

    async def end_sessions(self, user_id: UUID) -> None:
        """The local issuer keeps no sessions and issues no refresh tokens: nothing to end."""
        return None

    async def delete_account(self, user_id: UUID) -> None:
        async with self._sessionmaker() as session, session.begin():
            await _issuer_scope(session)
            await session.execute(delete(LocalAccount).where(LocalAccount.person_id == user_id))

    async def find_account(self, username: str) -> AccountInfo | None:
        async with self._sessionmaker() as session, session.begin():
            await _issuer_scope(session)
            account = await session.get(LocalAccount, username)
            if account is None:
                return None
            return AccountInfo(
                account.person_id, account.username, account.first_name, account.last_name
            )

    async def set_one_time_password(self, user_id: UUID, password: str) -> None:
        async with self._sessionmaker() as session, session.begin():
            await _issuer_scope(session)
            account = await session.scalar(
                select(LocalAccount).where(LocalAccount.person_id == user_id)
            )
            if account is None:
                raise AccountNotFound(str(user_id))
            account.password_hash = _hasher.hash(password)
            account.must_change_password = True

    async def awaits_first_sign_in(self, user_id: UUID) -> bool:
        async with self._sessionmaker() as session, session.begin():
            await _issuer_scope(session)
            account = await session.scalar(
                select(LocalAccount).where(LocalAccount.person_id == user_id)
            )
            if account is None:
                raise AccountNotFound(str(user_id))
            return account.must_change_password

    async def require_actions(self, user_id: UUID, actions: Sequence[str]) -> None:
        """The local issuer has no second factor: nothing to require (quick start only)."""
        return None

    async def sign_in_events(self, since: datetime, until: datetime) -> list[SignInEvent]:
        async with self._sessionmaker() as session, session.begin():
            await _issuer_scope(session)
            rows = await session.scalars(
                select(LocalSignIn).where(
                    LocalSignIn.signed_in_at >= since, LocalSignIn.signed_in_at < until
                )
            )
            return [
                SignInEvent(
                    f"{r.event_id}:{r.school_id}",
                    r.person_id,
                    r.signed_in_at,
                    r.client_id,
                    r.school_id,
                )
                for r in rows
            ]

    async def record_sign_in(
        self, person_id: UUID, client_id: str | None, schools: Sequence[UUID]
    ) -> None:
        """One row per school the token is for (district accounts have none)."""
        if not schools:
            return
        event_id, now = uuid4(), datetime.now(UTC)
        async with self._sessionmaker() as session, session.begin():
            await _issuer_scope(session)
            session.add_all(
                LocalSignIn(
                    school_id=school,
                    event_id=event_id,
                    person_id=person_id,
                    signed_in_at=now,
                    client_id=client_id,
                )
                for school in schools
            )

    async def authenticate(self, username: str, password: str) -> LocalAccount:
        """Check a password; count failures and lock the account after MAX_FAILURES."""
        async with self._sessionmaker() as session, session.begin():
            await _issuer_scope(session)
            account = await session.get(LocalAccount, username, with_for_update=True)
            if account is None:
                raise SignInRefused("Invalid user credentials")
            now = datetime.now(UTC)
            if account.locked_until and account.locked_until > now:
                raise SignInRefused("Account temporarily locked")
            try:
                _hasher.verify(account.password_hash, password)
            except VerificationError:
                account.failed_attempts += 1
                if account.failed_attempts >= MAX_FAILURES:
                    account.locked_until = now + LOCK_DURATION
                    account.failed_attempts = 0
                raise SignInRefused("Invalid user credentials") from None
            if account.must_change_password:
                raise SignInRefused("Account is not fully set up")
            account.failed_attempts = 0
            session.expunge(account)
            return account

    async def close(self) -> None:
        return None
