"""every timeliness fact keeps the moment the browser claims the entry was made besides the
moment the journal received it (J13: entries kept in the browser through an outage and sent
later)

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "entry_timeliness", sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("entry_timeliness", "claimed_at")
