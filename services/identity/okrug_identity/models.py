"""ORM models of identity: schools (tenants), persons, role grants, guardian links, and the
local issuer's accounts (used only when identity is its own issuer)."""

from datetime import datetime
from uuid import UUID

from sqlalchemy import ARRAY, DateTime, Index, Text, Uuid, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from okrug_common.db import service_metadata
from okrug_common.events import processed_events_table
from okrug_common.outbox import outbox_table


class Base(DeclarativeBase):
    metadata = service_metadata()


outbox = outbox_table(Base.metadata)
processed_events = processed_events_table(Base.metadata)


class School(Base):
    """A tenant. Its row is visible to its own staff and, district-wide, to district roles."""

    __tablename__ = "schools"

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    short_name: Mapped[str] = mapped_column(Text)
    time_zone: Mapped[str] = mapped_column(Text)
    directory_id: Mapped[str | None] = mapped_column(Text, comment="Keycloak Organization id")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Person(Base):
    """A person of a school. person_id is the account's subject (Keycloak user id), so one
    person working at two schools has one id and a row in each school."""

    __tablename__ = "persons"
    __table_args__ = (Index("ix_persons_name", "school_id", "last_name", "first_name"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    person_id: Mapped[UUID] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(Text)
    last_name: Mapped[str] = mapped_column(Text)
    first_name: Mapped[str] = mapped_column(Text)
    middle_name: Mapped[str | None] = mapped_column(Text)
    username: Mapped[str] = mapped_column(Text)
    created_by: Mapped[UUID | None]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RoleGrant(Base):
    """Who holds which role at which school, granted by whom and when (audit of access)."""

    __tablename__ = "role_grants"

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    person_id: Mapped[UUID] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(Text, primary_key=True)
    granted_by: Mapped[UUID | None]
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class GuardianLink(Base):
    __tablename__ = "guardian_links"
    __table_args__ = (Index("ix_guardian_links_student", "school_id", "student_id"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    guardian_id: Mapped[UUID] = mapped_column(primary_key=True)
    student_id: Mapped[UUID] = mapped_column(primary_key=True)
    created_by: Mapped[UUID | None]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class LocalAccount(Base):
    """Credentials for identity's own issuer. Not a tenant table: sign-in happens before a
    school is known; RLS admits only transactions the issuer marks (app.issuer = on)."""

    __tablename__ = "local_accounts"

    username: Mapped[str] = mapped_column(Text, primary_key=True)
    person_id: Mapped[UUID] = mapped_column(unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    must_change_password: Mapped[bool]
    roles: Mapped[list[str]] = mapped_column(ARRAY(Text))
    school_ids: Mapped[list[UUID]] = mapped_column(ARRAY(Uuid))
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
