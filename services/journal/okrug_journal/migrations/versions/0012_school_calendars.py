"""one calendar (S1): the journal's copy of schedule's academic years (study periods,
holidays, working days per week); a school's own study periods, holidays and weekend days
leave its policy (the calendar is entered once, in schedule)

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from okrug_common.tenancy import enable_tenant_rls, grant_service_roles

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "school_calendars",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("year_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("working_days_per_week", sa.SmallInteger(), nullable=False),
        sa.Column("study_periods", postgresql.JSONB(), nullable=False),
        sa.Column("holidays", postgresql.JSONB(), nullable=False),
        sa.Column("announced_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "ends_on > starts_on", name=op.f("ck_school_calendars_ends_after_start")
        ),
        sa.CheckConstraint(
            "working_days_per_week IN (5, 6)",
            name=op.f("ck_school_calendars_working_days_per_week"),
        ),
        sa.PrimaryKeyConstraint("school_id", "year_id", name=op.f("pk_school_calendars")),
    )
    enable_tenant_rls("school_calendars")
    # Row-level security is forced on school_policy, for the owner too: lift it for this
    # data change (every school's rows), and force it again after.
    op.execute("ALTER TABLE school_policy NO FORCE ROW LEVEL SECURITY")
    op.execute(
        "UPDATE school_policy "
        "SET overrides = overrides - 'study_periods' - 'holidays' - 'weekend_days'"
    )
    op.execute("ALTER TABLE school_policy FORCE ROW LEVEL SECURITY")
    grant_service_roles()


def downgrade() -> None:
    op.drop_table("school_calendars")
