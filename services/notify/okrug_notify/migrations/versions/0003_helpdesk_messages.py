"""helpdesk messages: the desk's answers to the requester, a new assignment to the member of
the desk (H1). A member of the desk signs in without a school: in a transaction scoped to
the district they read and mark read the helpdesk's messages (their own, the inbox's query
asks for the recipient), never a mark's or an absence's.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

from okrug_common.tenancy import DISTRICT_SCOPE, grant_service_roles

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

DESK_MESSAGES = f"{DISTRICT_SCOPE} AND kind = 'helpdesk'"


def upgrade() -> None:
    op.drop_constraint("kind_known", "messages", type_="check")
    op.create_check_constraint(
        "kind_known",
        "messages",
        "kind IN ('mark', 'absence', 'direct', 'monitoring-report', 'helpdesk')",
    )
    op.execute(
        f"CREATE POLICY district_helpdesk_read ON messages FOR SELECT USING ({DESK_MESSAGES})"
    )
    op.execute(
        "CREATE POLICY district_helpdesk_update ON messages FOR UPDATE "
        f"USING ({DESK_MESSAGES}) WITH CHECK ({DESK_MESSAGES})"
    )
    grant_service_roles()
