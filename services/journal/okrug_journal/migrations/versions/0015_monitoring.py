"""oversight's monitoring (O5): each school's monitoring reports of a study period (and the
district's summary, school_id the nil UUID) as snapshots of the read models' figures, and
the breaches of the district's thresholds

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from okrug_common.tenancy import (
    DISTRICT_SCOPE,
    enable_tenant_rls,
    grant_reporting_read,
    grant_service_roles,
)

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "monitoring_reports",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("period", sa.Text(), nullable=False),
        sa.Column("period_name", sa.Text(), nullable=False),
        sa.Column("date_from", sa.Date(), nullable=False),
        sa.Column("date_to", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("made_by", sa.Uuid(), nullable=True),
        sa.Column("figures", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("recipients", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.CheckConstraint(
            "reason IN ('period-end', 'on-demand')",
            name=op.f("ck_monitoring_reports_reason_known"),
        ),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_monitoring_reports")),
    )
    op.create_index("ix_monitoring_reports_made", "monitoring_reports", ["school_id", "made_at"])
    op.create_index(
        "ux_monitoring_reports_period_end",
        "monitoring_reports",
        ["school_id", "period"],
        unique=True,
        postgresql_where=sa.text("reason = 'period-end'"),
    )
    op.create_table(
        "monitoring_breaches",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("figure", sa.Text(), nullable=False),
        sa.Column("period", sa.Text(), nullable=False),
        sa.Column("threshold", sa.Numeric(5, 4), nullable=False),
        sa.Column("opened_value", sa.Numeric(5, 4), nullable=False),
        sa.Column("last_value", sa.Numeric(5, 4), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by_report", sa.Uuid(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by_report", sa.Uuid(), nullable=True),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_monitoring_breaches")),
    )
    op.create_index(
        "ux_monitoring_breaches_open",
        "monitoring_breaches",
        ["school_id", "figure", "period"],
        unique=True,
        postgresql_where=sa.text("closed_at IS NULL"),
    )
    for table in ("monitoring_reports", "monitoring_breaches"):
        enable_tenant_rls(table)
        # Counts only, no student (X2): the district reads every school's.
        grant_reporting_read(table)
    # The clock's round and a report of the whole district find each school's study
    # periods in a transaction scoped to the district (no student in a calendar).
    op.execute(
        f"CREATE POLICY district_read ON school_calendars FOR SELECT USING ({DISTRICT_SCOPE})"
    )
    grant_service_roles()


def downgrade() -> None:
    op.execute("DROP POLICY district_read ON school_calendars")
    op.drop_table("monitoring_breaches")
    op.drop_table("monitoring_reports")
