"""Journal's rows of the access matrix for reports (issue 5)."""

from tests.access_matrix.matrix import Endpoint

ROWS: list[Endpoint] = []
