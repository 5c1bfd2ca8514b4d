"""journal policy lesson records audit period marks timeliness idempotency

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from okrug_common.tenancy import enable_tenant_rls, grant_service_roles

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "class_grades",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("class_name", sa.Text(), nullable=False),
        sa.Column("grade", sa.SmallInteger(), nullable=False),
        sa.PrimaryKeyConstraint("school_id", "class_id", name=op.f("pk_class_grades")),
    )
    op.create_table(
        "entry_timeliness",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("lesson_id", sa.Uuid(), nullable=True),
        sa.Column("teacher_id", sa.Uuid(), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_entry_timeliness")),
    )
    op.create_index(
        "ix_entry_timeliness_lesson", "entry_timeliness", ["school_id", "lesson_id"], unique=False
    )
    op.create_index(
        "ix_entry_timeliness_teacher",
        "entry_timeliness",
        ["school_id", "teacher_id", "entered_at"],
        unique=False,
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("principal", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.Text(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("response", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("school_id", "principal", "key", name=op.f("pk_idempotency_keys")),
    )
    op.create_table(
        "individual_homework",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("lesson_id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("homework", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("set_by", sa.Uuid(), nullable=False),
        sa.Column(
            "set_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.PrimaryKeyConstraint(
            "school_id", "lesson_id", "student_id", name=op.f("pk_individual_homework")
        ),
    )
    op.create_index(
        "ix_individual_homework_student",
        "individual_homework",
        ["school_id", "student_id"],
        unique=False,
    )
    op.create_table(
        "lesson_records",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("lesson_id", sa.Uuid(), nullable=False),
        sa.Column("topic", sa.Text(), nullable=True),
        sa.Column("work_types", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("homework", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("held", sa.Boolean(), nullable=False),
        sa.Column("teacher_id", sa.Uuid(), nullable=False),
        sa.Column("recorded_by", sa.Uuid(), nullable=False),
        sa.Column(
            "recorded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("school_id", "lesson_id", name=op.f("pk_lesson_records")),
    )
    op.create_table(
        "mark_changes",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("mark_id", sa.Uuid(), nullable=False),
        sa.Column("lesson_id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("teacher_id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("old", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("new", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("changed_by", sa.Uuid(), nullable=False),
        sa.Column(
            "changed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_mark_changes")),
    )
    op.create_index(
        "ix_mark_changes_changed_at", "mark_changes", ["school_id", "changed_at"], unique=False
    )
    op.create_index("ix_mark_changes_mark", "mark_changes", ["school_id", "mark_id"], unique=False)
    op.create_table(
        "period_marks",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("period", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("scale", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("average", sa.Numeric(precision=4, scale=2), nullable=True),
        sa.Column("weighted_average", sa.Numeric(precision=4, scale=2), nullable=True),
        sa.Column("recorded_by", sa.Uuid(), nullable=False),
        sa.Column(
            "recorded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_period_marks")),
        sa.UniqueConstraint(
            "school_id",
            "student_id",
            "subject_id",
            "period",
            name=op.f("uq_period_marks_school_id"),
        ),
    )
    op.create_index(
        "ix_period_marks_class",
        "period_marks",
        ["school_id", "class_id", "subject_id", "period"],
        unique=False,
    )
    op.create_table(
        "school_policy",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("overrides", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("school_id", name=op.f("pk_school_policy")),
    )
    for table in (
        "school_policy",
        "class_grades",
        "lesson_records",
        "individual_homework",
        "mark_changes",
        "period_marks",
        "entry_timeliness",
        "idempotency_keys",
    ):
        enable_tenant_rls(table)
    grant_service_roles()
