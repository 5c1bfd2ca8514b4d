"""initial schema

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from okrug_common.tenancy import enable_plumbing_rls, enable_tenant_rls, grant_service_roles

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "classes",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("grade", sa.SmallInteger(), nullable=False),
        sa.Column("letter", sa.Text(), nullable=False),
        sa.Column("class_teacher_id", sa.Uuid(), nullable=True),
        sa.CheckConstraint("grade BETWEEN 1 AND 11", name=op.f("ck_classes_grade_range")),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_classes")),
        sa.UniqueConstraint("school_id", "grade", "letter", name=op.f("uq_classes_school_id")),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("headers", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    op.create_table(
        "processed_events",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("consumer", sa.Text(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column(
            "processed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint(
            "school_id", "consumer", "event_id", name=op.f("pk_processed_events")
        ),
    )
    op.create_table(
        "subjects",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_subjects")),
        sa.UniqueConstraint("school_id", "name", name=op.f("uq_subjects_school_id")),
    )
    op.create_table(
        "class_members",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["school_id", "class_id"],
            ["classes.school_id", "classes.id"],
            name=op.f("fk_class_members_school_id_classes"),
        ),
        sa.PrimaryKeyConstraint(
            "school_id", "class_id", "student_id", "since", name=op.f("pk_class_members")
        ),
    )
    op.create_index(
        "ix_class_members_student", "class_members", ["school_id", "student_id"], unique=False
    )
    op.create_table(
        "lessons",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("teacher_id", sa.Uuid(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_lessons_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["school_id", "class_id"],
            ["classes.school_id", "classes.id"],
            name=op.f("fk_lessons_school_id_classes"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id", "subject_id"],
            ["subjects.school_id", "subjects.id"],
            name=op.f("fk_lessons_school_id_subjects"),
        ),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_lessons")),
    )
    op.create_index(
        "ix_lessons_class_time", "lessons", ["school_id", "class_id", "starts_at"], unique=False
    )
    op.create_index(
        "ix_lessons_teacher_time", "lessons", ["school_id", "teacher_id", "starts_at"], unique=False
    )
    for table in ("classes", "class_members", "subjects", "lessons"):
        enable_tenant_rls(table)
    enable_plumbing_rls()
    grant_service_roles()
