"""the compliance index reads each school's study periods (issue 11 point 8): the reporting
role may read school_calendars (schedule's academic years: dates, no person), so that the
district's homework-load part counts each school's evenings of its own study period

Revision ID: 0017
Revises: 0016
"""

from alembic import op

from okrug_common.tenancy import grant_reporting_read, role

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    grant_reporting_read("school_calendars")


def downgrade() -> None:
    op.execute("DROP POLICY district_reporting ON school_calendars")
    op.execute(
        "DO $$ BEGIN EXECUTE format('REVOKE SELECT ON school_calendars FROM %I', "  # noqa: S608 - DDL, constants
        f"{role('reporting')}); END $$"
    )
