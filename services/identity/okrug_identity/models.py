"""ORM models of identity: schools (tenants), persons, role grants, guardian links, and the
local issuer's accounts (used only when identity is its own issuer)."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ARRAY,
    Date,
    DateTime,
    Index,
    Integer,
    Text,
    UniqueConstraint,
    Uuid,
    false,
    func,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import JSONB
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
    # The profile card (I1), kept by the school admin.
    address: Mapped[str | None] = mapped_column(Text)
    director_name: Mapped[str | None] = mapped_column(Text)
    licences: Mapped[list[dict[str, Any]]] = mapped_column(
        JSONB, server_default="[]", comment="[{kind, number, issued_on, valid_until, issued_by}]"
    )
    accreditation: Mapped[dict[str, Any] | None] = mapped_column(
        JSONB, comment="{number, issued_on, valid_until, issued_by}"
    )
    profile_updated_by: Mapped[UUID | None]
    profile_updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Parents see the names of the staff who read their child's record, not only their
    # roles (X2): the school admin's choice, off by default.
    reader_names_for_parents: Mapped[bool] = mapped_column(server_default=false())


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
    # The membership was ended (the row stays for the school's records: names in documents).
    left_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    left_by: Mapped[UUID | None]


class RoleGrant(Base):
    """Who holds which role at which school now, granted by whom and when; every grant and
    revocation is also kept in role_changes."""

    __tablename__ = "role_grants"

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    person_id: Mapped[UUID] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(Text, primary_key=True)
    granted_by: Mapped[UUID | None]
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RoleChange(Base):
    """The history of access at a school (I5, X2): a role granted or revoked, a membership
    begun (joined) or ended (left); who did it and when. Never updated or deleted."""

    __tablename__ = "role_changes"
    __table_args__ = (Index("ix_role_changes_person", "school_id", "person_id", "changed_at"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    change_id: Mapped[UUID] = mapped_column(primary_key=True)
    person_id: Mapped[UUID]
    change: Mapped[str] = mapped_column(Text, comment="granted | revoked | joined | left")
    role: Mapped[str | None] = mapped_column(Text, comment="granted and revoked only")
    changed_by: Mapped[UUID | None]
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


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
    first_name: Mapped[str] = mapped_column(Text, server_default="")
    last_name: Mapped[str] = mapped_column(Text, server_default="")
    password_hash: Mapped[str] = mapped_column(Text)
    must_change_password: Mapped[bool]
    roles: Mapped[list[str]] = mapped_column(ARRAY(Text), comment="district (realm) roles")
    groups: Mapped[list[str]] = mapped_column(
        ARRAY(Text), server_default="{}", comment="school roles: /schools/<school id>/<role>"
    )
    school_ids: Mapped[list[UUID]] = mapped_column(ARRAY(Uuid))
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LocalSignIn(Base):
    """The local issuer's sign-in log (Keycloak keeps LOGIN events itself): a row per school
    the token was for; written and read by the issuer (app.issuer = on)."""

    __tablename__ = "local_sign_ins"
    __table_args__ = (Index("ix_local_sign_ins_at", "school_id", "signed_in_at"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    event_id: Mapped[UUID] = mapped_column(primary_key=True)
    person_id: Mapped[UUID]
    signed_in_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    client_id: Mapped[str | None] = mapped_column(Text)


class Consent(Base):
    """A consent to the processing of a person's personal data (I3, 152-FZ): what it covers,
    who gave it (for a minor, a guardian), on which document, who recorded it, and its
    withdrawal."""

    __tablename__ = "consents"
    __table_args__ = (Index("ix_consents_person", "school_id", "person_id"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    consent_id: Mapped[UUID] = mapped_column(primary_key=True)
    person_id: Mapped[UUID]
    categories: Mapped[list[str]] = mapped_column(ARRAY(Text))
    purposes: Mapped[list[str]] = mapped_column(ARRAY(Text))
    given_by: Mapped[str] = mapped_column(Text, comment="self | guardian")
    given_by_person_id: Mapped[UUID | None]
    given_by_name: Mapped[str | None] = mapped_column(Text)
    document_type: Mapped[str] = mapped_column(Text)
    document_number: Mapped[str | None] = mapped_column(Text)
    document_date: Mapped[date] = mapped_column(Date)
    given_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[UUID | None]
    recorded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawn_by: Mapped[UUID | None]
    withdrawal_document: Mapped[str | None] = mapped_column(Text)


class PersonalData(Base):
    """A person's personal data beyond the name: stored only under a recorded consent,
    blocked when the consent is withdrawn (then destroyed by `destroy_by`)."""

    __tablename__ = "personal_data"

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    person_id: Mapped[UUID] = mapped_column(primary_key=True)
    birth_date: Mapped[date | None] = mapped_column(Date)
    address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)
    document_type: Mapped[str | None] = mapped_column(Text)
    document_number: Mapped[str | None] = mapped_column(Text)
    document_issued_on: Mapped[date | None] = mapped_column(Date)
    snils: Mapped[str | None] = mapped_column(Text)
    updated_by: Mapped[UUID | None]
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    blocked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    destroy_by: Mapped[date | None] = mapped_column(Date)


class AccessApplication(Base):
    """A parent's written application for access to their child's records (I2)."""

    __tablename__ = "access_applications"
    __table_args__ = (
        UniqueConstraint("school_id", "applicant_id", "student_id"),
        Index("ix_access_applications_student", "school_id", "student_id"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    application_id: Mapped[UUID] = mapped_column(primary_key=True)
    applicant_id: Mapped[UUID]
    student_id: Mapped[UUID]
    applied_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[UUID | None]
    recorded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class CredentialIssue(Base):
    """One issuing of one-time passwords (a class's slips): who, when, for which class."""

    __tablename__ = "credential_issues"

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    issue_id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID | None]
    issued_by: Mapped[UUID | None]
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class CredentialIssueItem(Base):
    """A person whose one-time password was issued (never the password itself)."""

    __tablename__ = "credential_issue_items"
    __table_args__ = (Index("ix_credential_issue_items_person", "school_id", "person_id"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    issue_id: Mapped[UUID] = mapped_column(primary_key=True)
    person_id: Mapped[UUID] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)


class ClassTeacherProjection(Base):
    """Schedule's class teachers (classes.class_teacher_id), fed by schedule's events."""

    __tablename__ = "class_teacher_projection"
    __table_args__ = (Index("ix_class_teacher_projection_teacher", "school_id", "teacher_id"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID] = mapped_column(primary_key=True)
    teacher_id: Mapped[UUID | None]
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ClassMemberProjection(Base):
    """Schedule's class membership (ScheduleEvents.CLASS_MEMBER_ADDED)."""

    __tablename__ = "class_member_projection"
    __table_args__ = (Index("ix_class_member_projection_student", "school_id", "student_id"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID] = mapped_column(primary_key=True)
    student_id: Mapped[UUID] = mapped_column(primary_key=True)


class StudentMovement(Base):
    """Enrolment, transfer to another school and withdrawal, with effective dates (I4)."""

    __tablename__ = "student_movements"
    __table_args__ = (Index("ix_student_movements_student", "school_id", "student_id"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    movement_id: Mapped[UUID] = mapped_column(primary_key=True)
    student_id: Mapped[UUID]
    kind: Mapped[str] = mapped_column(Text, comment="enrolled | transferred_out | withdrawn")
    effective_on: Mapped[date] = mapped_column(Date)
    order_number: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    other_school_id: Mapped[UUID | None] = mapped_column(
        comment="enrolled: the school the student came from; transferred_out: where to"
    )
    recorded_by: Mapped[UUID | None]
    recorded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class SignIn(Base):
    """The sign-in log (I2, I7): Keycloak's LOGIN events (or the local issuer's sign-ins),
    copied per school of the person."""

    __tablename__ = "sign_ins"
    __table_args__ = (Index("ix_sign_ins_person", "school_id", "person_id", "signed_in_at"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(Text, primary_key=True)
    person_id: Mapped[UUID]
    signed_in_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    client_id: Mapped[str | None] = mapped_column(Text)


class ActivityDay(Base):
    """Active use: a day on which the person used the platform in this school."""

    __tablename__ = "activity_days"

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    person_id: Mapped[UUID] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    requests: Mapped[int] = mapped_column(Integer, default=1)
    last_seen_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class ReadAuditEntry(Base):
    """A read of persons' data by staff (X2), as the answering service reported it
    (okrug.<service>.personal_data.read). Append-only: row-level security lets the app role
    insert and read a school's rows, and district transactions read every school's."""

    __tablename__ = "read_audit"
    __table_args__ = (
        Index("ix_read_audit_read_at", "school_id", "read_at"),
        Index("ix_read_audit_reader", "school_id", "reader_id", "read_at"),
        Index("ix_read_audit_trace", "school_id", "trace_id"),
        # btree_gin: "whose data" searches within a school (persons @> ARRAY[...]).
        Index("ix_read_audit_persons", "school_id", "persons", postgresql_using="gin"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True, comment="the event id")
    read_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reader_id: Mapped[UUID]
    reader_name: Mapped[str | None] = mapped_column(
        Text, comment="as the school knew the reader when they read"
    )
    reader_roles: Mapped[list[str]] = mapped_column(ARRAY(Text))
    service: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    endpoint: Mapped[str] = mapped_column(Text)
    persons: Mapped[list[UUID]] = mapped_column(postgresql.ARRAY(Uuid))
    client_address: Mapped[str | None] = mapped_column(Text)
    trace_id: Mapped[str | None] = mapped_column(Text)
