"""Journal's rows of the access matrix for district oversight (issue 11; O1-O5, I5, X2).

The district's readers (district admin, working-group member: tokens without a school) read
every school's figures; a school's leadership (director, deputy director, school admin)
read their own school's; nobody else reads them (oversight/scope.py). The district admin
alone sets the district's settings."""

from tests.access_matrix.groups import LEADERSHIP
from tests.access_matrix.matrix import Endpoint, Request, allow

# Oversight's readers: the district's (not its support agents) and a school's leadership.
OVERSIGHT_READERS = ("district-admin", "working-group-member", *LEADERSHIP)

ROWS = [
    Endpoint(
        "journal",
        "GET",
        "/oversight/settings",
        ("-",),
        lambda c, p, t: Request("/oversight/settings"),
        allow(OVERSIGHT_READERS, "-"),
    ),
    Endpoint(
        "journal",
        "PUT",
        "/oversight/settings",
        ("-",),
        # The defaults: the matrix changes nothing another test reads.
        lambda c, p, t: Request("/oversight/settings", {}),
        allow(["district-admin"], "-"),
    ),
]
