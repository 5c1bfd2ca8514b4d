"""paper journals brought back (J13): the source of marks, attendance, lesson records and
timeliness facts; the import log and the identities of imported entries

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from okrug_common.tenancy import enable_tenant_rls, grant_service_roles

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_SOURCED = ("marks", "attendance", "lesson_records", "entry_timeliness")


def upgrade() -> None:
    for table in _SOURCED:
        op.add_column(
            table, sa.Column("source", sa.Text(), server_default="online", nullable=False)
        )
        op.create_check_constraint(
            op.f(f"ck_{table}_source"), table, "source IN ('online', 'paper')"
        )
    op.create_table(
        "paper_imports",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("file_format", sa.Text(), nullable=False),
        sa.Column("file_sha256", sa.Text(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("imported", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("rejected_lines", postgresql.JSONB(), nullable=False),
        sa.Column("imported_by", sa.Uuid(), nullable=False),
        sa.Column(
            "imported_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("file_format IN ('csv', 'xlsx')", name=op.f("ck_paper_imports_format")),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_paper_imports")),
    )
    op.create_index("ix_paper_imports_imported_at", "paper_imports", ["school_id", "imported_at"])
    op.create_table(
        "paper_import_entries",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("entry_key", sa.Text(), nullable=False),
        sa.Column("import_id", sa.Uuid(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("lesson_id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=True),
        sa.Column("work_type", sa.Text(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('mark', 'attendance', 'topic', 'homework')",
            name=op.f("ck_paper_import_entries_kind"),
        ),
        sa.PrimaryKeyConstraint("school_id", "entry_key", name=op.f("pk_paper_import_entries")),
    )
    op.create_index(
        "ix_paper_import_entries_lesson", "paper_import_entries", ["school_id", "lesson_id"]
    )
    for table in ("paper_imports", "paper_import_entries"):
        enable_tenant_rls(table)
    grant_service_roles()


def downgrade() -> None:
    op.drop_table("paper_import_entries")
    op.drop_table("paper_imports")
    for table in reversed(_SOURCED):
        op.drop_constraint(op.f(f"ck_{table}_source"), table, type_="check")
        op.drop_column(table, "source")
