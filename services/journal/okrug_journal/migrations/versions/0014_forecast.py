"""the forecast (J12): each student's projected period mark per subject and period, and the
count of students forecast failing per class, subject and period (the district's figure)

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

from okrug_common.tenancy import enable_tenant_rls, grant_reporting_read, grant_service_roles

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "forecast_standings",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("period", sa.Text(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("subject_name", sa.Text(), nullable=False),
        sa.Column("class_grade", sa.SmallInteger(), nullable=True),
        sa.Column("marks_count", sa.Integer(), nullable=False),
        sa.Column("weighted_sum", sa.Numeric(10, 2), nullable=False),
        sa.Column("weight_sum", sa.Numeric(10, 2), nullable=False),
        sa.Column("weighted_average", sa.Numeric(4, 2), nullable=True),
        sa.Column("projected_mark", sa.SmallInteger(), nullable=True),
        sa.Column("failing", sa.Boolean(), nullable=False),
        sa.Column("notifies", sa.Boolean(), nullable=False),
        sa.Column("failing_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(
            "school_id", "student_id", "subject_id", "period", name=op.f("pk_forecast_standings")
        ),
    )
    op.create_index(
        "ix_forecast_standings_class",
        "forecast_standings",
        ["school_id", "class_id", "period", "subject_id"],
    )
    op.create_index(
        "ix_forecast_standings_failing", "forecast_standings", ["school_id", "period", "failing"]
    )
    op.create_table(
        "forecast_failing_counts",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("period", sa.Text(), nullable=False),
        sa.Column("class_grade", sa.SmallInteger(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("finest", sa.Boolean(), nullable=False),
        sa.Column("students", sa.Integer(), nullable=False),
        sa.Column("failing", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "school_id",
            "class_id",
            "subject_id",
            "period",
            name=op.f("pk_forecast_failing_counts"),
        ),
    )
    op.create_index(
        "ix_forecast_failing_counts_period", "forecast_failing_counts", ["school_id", "period"]
    )
    for table in ("forecast_standings", "forecast_failing_counts"):
        enable_tenant_rls(table)
    # The district reads the counts (no student in them), never the standings (X2).
    grant_reporting_read("forecast_failing_counts")
    grant_service_roles()


def downgrade() -> None:
    op.drop_table("forecast_failing_counts")
    op.drop_table("forecast_standings")
