"""the mark-change audit takes attendance-reason corrections and period-mark changes (J2,
J5, J6; X2): a kind per row; a period mark has no lesson, an attendance record no mark id

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

KINDS = "'mark', 'attendance-reason', 'period-mark'"


def upgrade() -> None:
    op.add_column(
        "mark_changes", sa.Column("kind", sa.Text(), server_default="mark", nullable=False)
    )
    op.create_check_constraint(op.f("ck_mark_changes_kind"), "mark_changes", f"kind IN ({KINDS})")
    for column in ("mark_id", "lesson_id", "teacher_id"):
        op.alter_column("mark_changes", column, existing_type=sa.Uuid(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM mark_changes WHERE kind <> 'mark'")
    for column in ("mark_id", "lesson_id", "teacher_id"):
        op.alter_column("mark_changes", column, existing_type=sa.Uuid(), nullable=False)
    op.drop_constraint(op.f("ck_mark_changes_kind"), "mark_changes", type_="check")
    op.drop_column("mark_changes", "kind")
