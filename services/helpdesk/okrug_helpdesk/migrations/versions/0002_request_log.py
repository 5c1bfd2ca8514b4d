"""the request log (H1): kind and channel, requests logged on a caller's behalf, assignment,
the six statuses, the thread, attachments and every change recorded

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from okrug_common.tenancy import enable_tenant_rls, grant_service_roles

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

KINDS = ("question", "remark", "proposal")


def _request_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("request_id", sa.Uuid(), nullable=False),
    ]


def _request_key(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["school_id", "request_id"],
        ["requests.school_id", "requests.id"],
        name=f"fk_{table}_request",
        ondelete="CASCADE",
    )


def _created_at(name: str = "created_at") -> sa.Column[object]:
    return sa.Column(
        name, sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
    )


# Row-level security is forced on the owner too: lifted for the owner while the rows are
# moved, then forced again.
FILLED = ("requests", "request_messages")


def upgrade() -> None:
    _upgrade_requests()
    op.create_table(
        "request_messages",
        *_request_columns(),
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column("side", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        _created_at(),
        sa.CheckConstraint(
            "side IN ('school', 'district')", name=op.f("ck_request_messages_side_known")
        ),
        _request_key("request_messages"),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_request_messages")),
    )
    op.create_index(
        "ix_request_messages_request", "request_messages", ["school_id", "request_id", "created_at"]
    )
    op.create_table(
        "request_attachments",
        *_request_columns(),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("media_type", sa.Text(), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.Uuid(), nullable=False),
        _created_at(),
        sa.CheckConstraint(
            "size_bytes = octet_length(content)", name=op.f("ck_request_attachments_size_matches")
        ),
        _request_key("request_attachments"),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_request_attachments")),
    )
    op.create_index(
        "ix_request_attachments_request",
        "request_attachments",
        ["school_id", "request_id", "created_at"],
    )
    op.create_table(
        "request_history",
        *_request_columns(),
        sa.Column("change", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=False),
        sa.Column("from_status", sa.Text(), nullable=True),
        sa.Column("to_status", sa.Text(), nullable=True),
        sa.Column("assignee_id", sa.Uuid(), nullable=True),
        _created_at("at"),
        sa.CheckConstraint(
            "change IN ('opened', 'status', 'assigned', 'message', 'attachment')",
            name=op.f("ck_request_history_change_known"),
        ),
        _request_key("request_history"),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_request_history")),
    )
    op.create_index(
        "ix_request_history_request", "request_history", ["school_id", "request_id", "at"]
    )
    # The district's desk reads every school's threads and writes into them (in a
    # transaction scoped to the request's school, which the tenant policy checks).
    for table in ("request_messages", "request_attachments", "request_history"):
        enable_tenant_rls(table, district_read=True)
    for table in FILLED:
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    _fill_from_the_old_log()
    for table in FILLED:
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.drop_column("requests", "answer")
    grant_service_roles()


def _upgrade_requests() -> None:
    op.drop_constraint("category_known", "requests", type_="check")
    op.drop_constraint("status_known", "requests", type_="check")
    op.drop_constraint("answer_complete", "requests", type_="check")
    op.alter_column("requests", "author_id", nullable=True)
    op.add_column("requests", sa.Column("caller_name", sa.Text(), nullable=True))
    op.add_column("requests", sa.Column("logged_by", sa.Uuid(), nullable=True))
    op.add_column("requests", sa.Column("channel", sa.Text(), server_default="web", nullable=False))
    op.add_column(
        "requests", sa.Column("kind", sa.Text(), server_default="question", nullable=False)
    )
    op.add_column("requests", sa.Column("assignee_id", sa.Uuid(), nullable=True))
    op.add_column("requests", sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "requests",
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
    )
    kinds = ", ".join(f"'{k}'" for k in KINDS)
    op.alter_column("requests", "status", server_default="new")
    op.execute("ALTER TABLE requests NO FORCE ROW LEVEL SECURITY")
    # The old category mixed the kind (question, remark, proposal) with the help asked for;
    # a request filed under a kind keeps it as its kind and is a consultation.
    op.execute(
        "UPDATE requests SET kind = category, category = 'consulting' "
        "WHERE category IN ('question', 'remark', 'proposal')"
    )
    op.execute("UPDATE requests SET status = 'new' WHERE status = 'open'")
    op.execute("UPDATE requests SET closed_at = created_at WHERE status = 'closed'")
    op.execute("ALTER TABLE requests FORCE ROW LEVEL SECURITY")
    op.create_check_constraint(
        "category_known", "requests", "category IN ('methodological', 'consulting', 'technical')"
    )
    op.create_check_constraint("kind_known", "requests", f"kind IN ({kinds})")
    op.create_check_constraint(
        "channel_known", "requests", "channel IN ('web', 'phone', 'visit', 'email', 'chat')"
    )
    op.create_check_constraint(
        "status_known",
        "requests",
        "status IN ('new', 'in_progress', 'waiting_for_school', 'answered', 'closed', 'reopened')",
    )
    op.create_check_constraint(
        "answer_complete", "requests", "(answered_at IS NULL) = (answered_by IS NULL)"
    )
    op.create_check_constraint(
        "requester_named", "requests", "author_id IS NOT NULL OR caller_name IS NOT NULL"
    )
    op.create_check_constraint(
        "logged_call_has_logger", "requests", "channel = 'web' OR logged_by IS NOT NULL"
    )
    op.create_index("ix_requests_assignee", "requests", ["school_id", "assignee_id"])


def _fill_from_the_old_log() -> None:
    """The one answer a request had becomes the first district message of its thread."""
    op.execute(
        "INSERT INTO request_messages (school_id, id, request_id, author_id, side, body, created_at) "
        "SELECT school_id, gen_random_uuid(), id, answered_by, 'district', answer, answered_at "
        "FROM requests WHERE answer IS NOT NULL"
    )
