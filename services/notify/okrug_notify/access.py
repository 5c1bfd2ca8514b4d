"""Who may do what in notify (I5), as the shared policy (okrug_common.authz): every endpoint
takes its principal through the gate below."""

from typing import Annotated

from okrug_common.auth import Principal
from okrug_common.authz import ANYONE, Policy, Rule

POLICY = Policy(
    "notify",
    {
        # Any person signed in to a school reads and marks their own inbox, and nobody
        # else's: the inbox is always the caller's own, whatever their roles.
        "inbox.own": [Rule(ANYONE)],
    },
)

InboxOwner = Annotated[Principal, POLICY.gate("inbox.own")]
