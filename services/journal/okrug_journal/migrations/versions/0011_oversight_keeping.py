"""district oversight's foundation (O1, DESIGN Tenancy): the district's settings of oversight
(one row of the district, read by every school and the reporting role, written only in a
transaction scoped to the district)

Revision ID: 0011
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from okrug_common.tenancy import (
    CURRENT_SCHOOL,
    DISTRICT_SCOPE,
    grant_reporting_read,
    grant_service_roles,
)

revision = "0011"
down_revision = "0008"
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


def upgrade() -> None:
    _district_settings()
    grant_service_roles()


def downgrade() -> None:
    op.drop_table("oversight_settings")
