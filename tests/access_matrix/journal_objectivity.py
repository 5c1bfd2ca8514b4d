"""Journal's rows of the access matrix for oversight's objectivity of marks (issue 11 point 4;
O2, J3, I5, X2): the district's readers (district admin, working-group member) read every
school's figures, a school's leadership their own school's (a period mark's student named to
them only); nobody else, support agents included, reads them (oversight/scope.py)."""

from tests.access_matrix.groups import LEADERSHIP
from tests.access_matrix.matrix import Endpoint, Request, allow

READERS = ("district-admin", "working-group-member", *LEADERSHIP)


def _reading(route: str, query: str) -> Endpoint:
    return Endpoint(
        "journal",
        "GET",
        f"/oversight/objectivity/{route}",
        ("-",),
        lambda c, p, t: Request(f"/oversight/objectivity/{route}?{query}"),
        allow(READERS, "-"),
    )


ROWS = [
    _reading("distributions", "by=teacher&period=year"),
    _reading("period-marks", "period=year"),
    _reading("work-types", "period=year"),
]
