"""oversight's absence rate (O1): per lesson whose attendance was taken its students, absent
and late (the handlers' own), and their sums per school, week, study period and class (what
the district reads)

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

from okrug_common.tenancy import enable_tenant_rls, grant_reporting_read, grant_service_roles

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

TABLES = ("oversight_attendance_lessons", "oversight_attendance_weeks")
# What the district reads (counts, no student).
REPORTED = ("oversight_attendance_weeks",)


def upgrade() -> None:
    op.create_table(
        "oversight_attendance_lessons",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("lesson_id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("grade", sa.SmallInteger(), nullable=True),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("period", sa.Text(), nullable=False),
        sa.Column("counted", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("students", sa.Integer(), nullable=False),
        sa.Column("absent", sa.Integer(), nullable=False),
        sa.Column("late", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "school_id", "lesson_id", name=op.f("pk_oversight_attendance_lessons")
        ),
    )
    op.create_table(
        "oversight_attendance_weeks",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("period", sa.Text(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("grade", sa.SmallInteger(), nullable=True),
        sa.Column("lessons", sa.Integer(), server_default="0", nullable=False),
        sa.Column("students", sa.Integer(), server_default="0", nullable=False),
        sa.Column("absent", sa.Integer(), server_default="0", nullable=False),
        sa.Column("late", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint(
            "school_id", "week", "period", "class_id", name=op.f("pk_oversight_attendance_weeks")
        ),
    )
    for table in TABLES:
        enable_tenant_rls(table)
    for table in REPORTED:
        grant_reporting_read(table)
    grant_service_roles()


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
