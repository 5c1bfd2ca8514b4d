"""oversight's homework load (O3: each homework's minutes on the evening before the lesson
it is due for, and each class's evening against the SanPiN limit) and usage (O4: who did
which kind of work on a day, and the weeks' counts the district reads)

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

from okrug_common.tenancy import enable_tenant_rls, grant_reporting_read, grant_service_roles

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "homework_load_items",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("lesson_id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("subject_name", sa.Text(), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=True),
        sa.Column("group_name", sa.Text(), nullable=True),
        sa.Column("set_on", sa.Date(), nullable=False),
        sa.Column("due_lesson_id", sa.Uuid(), nullable=True),
        sa.Column("evening", sa.Date(), nullable=False),
        sa.Column("minutes", sa.SmallInteger(), nullable=True),
        sa.Column("estimated_by_teacher", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("school_id", "lesson_id", name=op.f("pk_homework_load_items")),
    )
    op.create_index(
        "ix_homework_load_items_day", "homework_load_items", ["school_id", "class_id", "evening"]
    )
    op.create_table(
        "homework_load_days",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("evening", sa.Date(), nullable=False),
        sa.Column("class_name", sa.Text(), nullable=False),
        sa.Column("grade", sa.SmallInteger(), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("homework_count", sa.Integer(), nullable=False),
        sa.Column("unestimated_count", sa.Integer(), nullable=False),
        sa.Column("limit_minutes", sa.SmallInteger(), nullable=True),
        sa.Column("over_limit", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint(
            "school_id", "class_id", "evening", name=op.f("pk_homework_load_days")
        ),
    )
    op.create_index("ix_homework_load_days_evening", "homework_load_days", ["school_id", "evening"])
    op.create_table(
        "usage_actors",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("activity", sa.Text(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint(
            "school_id", "day", "activity", "person_id", name=op.f("pk_usage_actors")
        ),
    )
    op.create_table(
        "usage_weeks",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("activity", sa.Text(), nullable=False),
        sa.Column("persons", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("school_id", "week", "activity", name=op.f("pk_usage_weeks")),
    )
    for table in ("homework_load_items", "homework_load_days", "usage_actors", "usage_weeks"):
        enable_tenant_rls(table)
    grant_service_roles()
    # The district reads the counts; usage_actors names persons and stays with the school.
    for table in ("homework_load_items", "homework_load_days", "usage_weeks"):
        grant_reporting_read(table)


def downgrade() -> None:
    for table in ("usage_weeks", "usage_actors", "homework_load_days", "homework_load_items"):
        op.drop_table(table)
