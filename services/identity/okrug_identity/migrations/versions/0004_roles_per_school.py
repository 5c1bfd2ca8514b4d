"""roles per school: the local issuer's school roles as group paths (and its accounts'
names), the history of role grants and revocations, the end of a person's membership of a
school

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from okrug_common.tenancy import enable_tenant_rls, grant_service_roles

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# The school roles of okrug_common.roles.SCHOOL_ROLES when this migration was written.
SCHOOL_ROLES = (
    "director",
    "deputy-director",
    "school-admin",
    "secretary",
    "teacher",
    "class-teacher",
    "student",
    "parent",
)


def upgrade() -> None:
    op.create_table(
        "role_changes",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("change_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("change", sa.Text(), nullable=False, comment="granted | revoked | joined | left"),
        sa.Column("role", sa.Text(), nullable=True, comment="granted and revoked only"),
        sa.Column("changed_by", sa.Uuid(), nullable=True),
        sa.Column(
            "changed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("school_id", "change_id", name=op.f("pk_role_changes")),
    )
    op.create_index(
        "ix_role_changes_person",
        "role_changes",
        ["school_id", "person_id", "changed_at"],
        unique=False,
    )
    enable_tenant_rls("role_changes")
    op.add_column("persons", sa.Column("left_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("persons", sa.Column("left_by", sa.Uuid(), nullable=True))
    op.add_column(
        "local_accounts",
        sa.Column(
            "groups",
            sa.ARRAY(sa.Text()),
            server_default="{}",
            nullable=False,
            comment="school roles: /schools/<school id>/<role>",
        ),
    )
    # The names an account of another school is attached under (Keycloak's user has them).
    for column in ("first_name", "last_name"):
        op.add_column(
            "local_accounts",
            sa.Column(column, sa.Text(), server_default="", nullable=False),
        )
    op.alter_column(
        "local_accounts",
        "roles",
        existing_type=sa.ARRAY(sa.Text()),
        comment="district (realm) roles",
        existing_nullable=False,
    )
    # A local account's school roles held at each of its schools (realm-wide until now)
    # become the groups of those schools; its roles keep the district ones only.
    op.execute("SELECT set_config('app.issuer', 'on', true)")
    school_roles = "ARRAY[" + ", ".join(f"'{r}'" for r in SCHOOL_ROLES) + "]::text[]"
    op.execute(
        "UPDATE local_accounts SET "  # noqa: S608 - DDL, constants
        "groups = coalesce((SELECT array_agg(DISTINCT '/schools/' || s || '/' || r ORDER BY "
        "'/schools/' || s || '/' || r) FROM unnest(school_ids) AS s, unnest(roles) AS r "
        f"WHERE r = ANY({school_roles})), '{{}}'), "
        f"roles = coalesce((SELECT array_agg(r) FROM unnest(roles) AS r "
        f"WHERE NOT r = ANY({school_roles})), '{{}}')"
    )
    grant_service_roles()


def downgrade() -> None:
    op.drop_column("local_accounts", "groups")
    op.drop_column("local_accounts", "last_name")
    op.drop_column("local_accounts", "first_name")
    op.drop_column("persons", "left_by")
    op.drop_column("persons", "left_at")
    op.drop_index("ix_role_changes_person", table_name="role_changes")
    op.drop_table("role_changes")
