"""lesson plans (КТП) with their topics, the plan topic of a lesson record, cancelled lessons

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from okrug_common.tenancy import enable_tenant_rls, grant_service_roles

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lesson_plans",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=True),
        sa.Column("year_id", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_lesson_plans")),
        sa.UniqueConstraint(
            "school_id",
            "class_id",
            "subject_id",
            "group_id",
            name=op.f("uq_lesson_plans_school_id"),
            postgresql_nulls_not_distinct=True,
        ),
    )
    op.create_table(
        "lesson_plan_topics",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("section", sa.Text(), nullable=True),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.CheckConstraint("hours >= 1", name=op.f("ck_lesson_plan_topics_hours_positive")),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_lesson_plan_topics")),
        sa.UniqueConstraint(
            "school_id", "plan_id", "position", name=op.f("uq_lesson_plan_topics_school_id")
        ),
    )
    op.create_table(
        "lesson_cancellations",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("lesson_id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("subject_name", sa.Text(), server_default="", nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=True),
        sa.Column("teacher_id", sa.Uuid(), nullable=False),
        sa.Column("planned_teacher_id", sa.Uuid(), nullable=True),
        sa.Column("lesson_date", sa.Date(), nullable=False),
        sa.Column(
            "cancelled_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("school_id", "lesson_id", name=op.f("pk_lesson_cancellations")),
    )
    op.create_index(
        "ix_lesson_cancellations_class",
        "lesson_cancellations",
        ["school_id", "class_id", "lesson_date"],
        unique=False,
    )
    op.add_column("lesson_records", sa.Column("plan_topic_id", sa.Uuid(), nullable=True))
    for table in ("lesson_plans", "lesson_plan_topics", "lesson_cancellations"):
        enable_tenant_rls(table)
    grant_service_roles()


def downgrade() -> None:
    op.drop_column("lesson_records", "plan_topic_id")
    op.drop_table("lesson_cancellations")
    op.drop_table("lesson_plan_topics")
    op.drop_table("lesson_plans")
