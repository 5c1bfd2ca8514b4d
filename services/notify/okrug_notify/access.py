"""Who may do what in notify (I5), as the shared policy (okrug_common.authz): every endpoint
takes its principal through the gate below."""

from typing import Annotated

from okrug_common.auth import Principal
from okrug_common.authz import ANYONE, Policy, Rule
from okrug_common.roles import DISTRICT_ROLES

POLICY = Policy(
    "notify",
    {
        # Any person signed in to a school reads and marks their own inbox, and nobody
        # else's: the inbox is always the caller's own, whatever their roles. The district's
        # roles sign in without a school: theirs holds the helpdesk's messages (H1).
        "inbox.own": [Rule(ANYONE), Rule(DISTRICT_ROLES, needs_school=False)],
    },
)

InboxOwner = Annotated[Principal, POLICY.gate("inbox.own")]
