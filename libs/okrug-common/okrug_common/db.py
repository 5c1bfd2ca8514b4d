"""Async SQLAlchemy engines and sessions, with the tenant set per transaction.

Service functions flush, never commit: the request (or the event being consumed) commits
once at the end, so the tenant setting, the change and its outbox row live and die together.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import UUID

from pydantic import SecretStr
from sqlalchemy import MetaData, text
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# The school a session's current transaction is scoped to (set_tenant), for code that must
# write into that school without being told again (okrug_common.read_audit).
TENANT_SCHOOL = "okrug_tenant_school_id"


def service_metadata() -> MetaData:
    return MetaData(naming_convention=NAMING_CONVENTION)


def create_engine(
    url: SecretStr, *, pool_size: int = 10, max_overflow: int = 10, application_name: str = "okrug"
) -> AsyncEngine:
    return create_async_engine(
        url.get_secret_value(),
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_pre_ping=True,
        connect_args={"server_settings": {"application_name": application_name}},
    )


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


async def set_tenant(
    session: AsyncSession, school_id: UUID | None, *, district: bool = False
) -> None:
    """Scope the current transaction to one school (and, for district roles, to district-wide
    policies). `set_config(..., true)` lasts until the transaction ends."""
    session.info[TENANT_SCHOOL] = school_id
    await session.execute(
        text(
            "SELECT set_config('app.school_id', :school, true), set_config('app.district', :district, true)"
        ),
        {"school": str(school_id) if school_id else "", "district": "on" if district else "off"},
    )


@asynccontextmanager
async def tenant_transaction(
    sessionmaker: async_sessionmaker[AsyncSession],
    school_id: UUID | None,
    *,
    district: bool = False,
) -> AsyncIterator[AsyncSession]:
    """One transaction scoped to a school: commits on success, rolls back on error."""
    async with sessionmaker() as session:
        await set_tenant(session, school_id, district=district)
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


async def begin_reporting(session: AsyncSession, school_id: UUID | None) -> None:
    """Make the session's transaction a read-only report: of the district (`school_id`
    None: `app.district=on`, the read models' district policy lets every school's rows
    through) or of one school. Used on the reporting role's connections (DESIGN, Tenancy)."""
    await session.execute(text("SET TRANSACTION READ ONLY"))
    await set_tenant(session, school_id, district=school_id is None)


@asynccontextmanager
async def reporting_transaction(
    sessionmaker: async_sessionmaker[AsyncSession], school_id: UUID | None
) -> AsyncIterator[AsyncSession]:
    """One read-only transaction on the reporting role (begin_reporting); rolled back at the
    end, since it can change nothing anyway."""
    async with sessionmaker() as session:
        await begin_reporting(session, school_id)
        try:
            yield session
        finally:
            await session.rollback()
