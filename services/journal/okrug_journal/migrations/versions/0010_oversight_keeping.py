"""district oversight's foundation and journal keeping (O1, DESIGN Tenancy): the district's
settings of oversight (one row of the district, read by every school and the reporting role,
written only in a transaction scoped to the district); the read models of timeliness facts,
their counts, lessons as oversight sees them and their counts, each readable by the
reporting role in a transaction scoped to the district

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from okrug_common.tenancy import (
    CURRENT_SCHOOL,
    DISTRICT_SCOPE,
    enable_tenant_rls,
    grant_reporting_read,
    grant_service_roles,
)

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

DISTRICT_ROW = "00000000-0000-0000-0000-000000000000"


def _district_settings() -> None:
    table = "oversight_settings"
    op.create_table(
        table,
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("settings", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            f"school_id = '{DISTRICT_ROW}'::uuid", name=op.f(f"ck_{table}_district")
        ),
        sa.PrimaryKeyConstraint("school_id", name=op.f(f"pk_{table}")),
    )
    district_row = f"school_id = '{DISTRICT_ROW}'::uuid"
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY district_settings_read ON {table} FOR SELECT "
        f"USING ({district_row} AND ({CURRENT_SCHOOL} IS NOT NULL OR {DISTRICT_SCOPE}))"
    )
    op.execute(
        f"CREATE POLICY district_settings_write ON {table} "
        f"USING ({district_row} AND {DISTRICT_SCOPE}) "
        f"WITH CHECK ({district_row} AND {DISTRICT_SCOPE})"
    )
    grant_reporting_read(table, district_policy=False)


def _uuid(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.Uuid(), nullable=nullable)


def _count(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.Integer(), server_default="0", nullable=False)


def _keeping_read_models() -> None:
    moment = sa.DateTime(timezone=True)
    op.create_table(
        "oversight_entry_facts",
        _uuid("school_id"),
        _uuid("fact_id"),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("timeliness", sa.Text(), nullable=False),
        _uuid("lesson_id", nullable=True),
        _uuid("class_id"),
        _uuid("subject_id"),
        _uuid("teacher_id"),
        sa.Column("grade", sa.SmallInteger(), nullable=True),
        sa.Column("lesson_date", sa.Date(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("period", sa.Text(), nullable=False),
        sa.Column("due_at", moment, nullable=True),
        sa.Column("entered_at", moment, nullable=True),
        _uuid("entered_by", nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "timeliness IN ('on-time', 'late', 'missing')",
            name=op.f("ck_oversight_entry_facts_timeliness"),
        ),
        sa.PrimaryKeyConstraint("school_id", "fact_id", name=op.f("pk_oversight_entry_facts")),
    )
    op.create_index(
        "ix_oversight_entry_facts_lesson", "oversight_entry_facts", ["school_id", "lesson_id"]
    )
    op.create_index("ix_oversight_entry_facts_week", "oversight_entry_facts", ["school_id", "week"])
    op.create_table(
        "oversight_timeliness",
        _uuid("school_id"),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("period", sa.Text(), nullable=False),
        _uuid("teacher_id"),
        _uuid("class_id"),
        _uuid("subject_id"),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("grade", sa.SmallInteger(), nullable=True),
        _count("on_time"),
        _count("late"),
        _count("missing"),
        sa.PrimaryKeyConstraint(
            "school_id",
            "week",
            "period",
            "teacher_id",
            "class_id",
            "subject_id",
            "kind",
            name=op.f("pk_oversight_timeliness"),
        ),
    )
    op.create_table(
        "oversight_lessons",
        _uuid("school_id"),
        _uuid("lesson_id"),
        _uuid("class_id"),
        sa.Column("class_name", sa.Text(), server_default="", nullable=False),
        _uuid("subject_id"),
        sa.Column("subject_name", sa.Text(), server_default="", nullable=False),
        _uuid("teacher_id"),
        _uuid("planned_teacher_id"),
        sa.Column("grade", sa.SmallInteger(), nullable=True),
        sa.Column("lesson_date", sa.Date(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("period", sa.Text(), server_default="", nullable=False),
        sa.Column("starts_at", moment, nullable=True),
        sa.Column("cancelled", sa.Boolean(), server_default="false", nullable=False),
        _count("entries"),
        sa.Column("topic", sa.Text(), nullable=True),
        sa.Column("homework", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("school_id", "lesson_id", name=op.f("pk_oversight_lessons")),
    )
    op.create_index("ix_oversight_lessons_week", "oversight_lessons", ["school_id", "week"])
    op.create_table(
        "oversight_lesson_counts",
        _uuid("school_id"),
        sa.Column("lesson_date", sa.Date(), nullable=False),
        _uuid("class_id"),
        _uuid("subject_id"),
        _uuid("teacher_id"),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("period", sa.Text(), server_default="", nullable=False),
        sa.Column("grade", sa.SmallInteger(), nullable=True),
        _count("planned"),
        _count("held"),
        _count("replaced"),
        _count("cancelled"),
        sa.PrimaryKeyConstraint(
            "school_id",
            "lesson_date",
            "class_id",
            "subject_id",
            "teacher_id",
            name=op.f("pk_oversight_lesson_counts"),
        ),
    )
    op.create_table(
        "oversight_fill",
        _uuid("school_id"),
        sa.Column("period", sa.Text(), nullable=False),
        _uuid("class_id"),
        _uuid("subject_id"),
        sa.Column("class_name", sa.Text(), server_default="", nullable=False),
        sa.Column("subject_name", sa.Text(), server_default="", nullable=False),
        sa.Column("grade", sa.SmallInteger(), nullable=True),
        sa.Column("students", sa.Integer(), nullable=False),
        sa.Column("marks", sa.Integer(), nullable=False),
        sa.Column("weekly_hours", sa.Numeric(4, 1), nullable=True),
        sa.Column("students_by_marks", postgresql.ARRAY(sa.Integer()), nullable=False),
        sa.PrimaryKeyConstraint(
            "school_id", "period", "class_id", "subject_id", name=op.f("pk_oversight_fill")
        ),
    )
    for table in KEEPING_TABLES:
        enable_tenant_rls(table)
        grant_reporting_read(table)


KEEPING_TABLES = (
    "oversight_entry_facts",
    "oversight_timeliness",
    "oversight_lessons",
    "oversight_lesson_counts",
    "oversight_fill",
)


def upgrade() -> None:
    _district_settings()
    _keeping_read_models()
    grant_service_roles()


def downgrade() -> None:
    for table in reversed(KEEPING_TABLES):
        op.drop_table(table)
    op.drop_table("oversight_settings")
