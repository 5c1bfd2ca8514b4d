"""read audit (X2): the log of staff reads of persons' data, fed by every service's
okrug.<service>.personal_data.read events; the school's choice to show parents the
readers' names

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from okrug_common.tenancy import CURRENT_SCHOOL, DISTRICT_SCOPE, grant_service_roles

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "schools",
        sa.Column(
            "reader_names_for_parents", sa.Boolean(), server_default=sa.false(), nullable=False
        ),
    )
    op.create_table(
        "read_audit",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False, comment="the event id"),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reader_id", sa.Uuid(), nullable=False),
        sa.Column(
            "reader_name",
            sa.Text(),
            nullable=True,
            comment="as the school knew the reader when they read",
        ),
        sa.Column("reader_roles", sa.ARRAY(sa.Text()), nullable=False),
        sa.Column("service", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("endpoint", sa.Text(), nullable=False),
        sa.Column("persons", sa.ARRAY(sa.Uuid()), nullable=False),
        sa.Column("client_address", sa.Text(), nullable=True),
        sa.Column("trace_id", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_read_audit")),
    )
    op.create_index("ix_read_audit_read_at", "read_audit", ["school_id", "read_at"])
    op.create_index("ix_read_audit_reader", "read_audit", ["school_id", "reader_id", "read_at"])
    op.create_index("ix_read_audit_trace", "read_audit", ["school_id", "trace_id"])
    # A GIN index that leads with school_id needs btree_gin (trusted: the owner creates it).
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    op.create_index(
        "ix_read_audit_persons", "read_audit", ["school_id", "persons"], postgresql_using="gin"
    )
    # Append-only: policies for reading and inserting, none for UPDATE or DELETE (which
    # then touch no row). District transactions (district roles, from the verified token)
    # read every school's reads, as they read every school's card.
    op.execute("ALTER TABLE read_audit ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE read_audit FORCE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY tenant_read ON read_audit FOR SELECT USING (school_id = {CURRENT_SCHOOL})"
    )
    op.execute(
        "CREATE POLICY tenant_insert ON read_audit FOR INSERT "
        f"WITH CHECK (school_id = {CURRENT_SCHOOL})"
    )
    op.execute(f"CREATE POLICY district_read ON read_audit FOR SELECT USING ({DISTRICT_SCOPE})")
    grant_service_roles()


def downgrade() -> None:
    op.drop_table("read_audit")
    op.drop_column("schools", "reader_names_for_parents")
