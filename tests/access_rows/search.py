"""Access-matrix rows of search (issue 16): the page and the API answer everyone; what each
role finds is checked in tests/search/test_closed_aware.py."""

from __future__ import annotations

from typing import Any

from tests.access_matrix_base import PUBLIC, R, Row
from tests.access_matrix_fixtures import World


def _indexed(world: World) -> dict[str, Any]:
    """The world is built in a transaction that never commits, so the index's on-commit
    hooks never ran: index it here (inside the test's savepoint, rolled back after it)."""
    from search.services import rebuild

    rebuild()
    return {}


# Words of the open and the closed items (not the markers themselves: the page shows the
# query back); a marker in a role's answer is a leak.
QUERY = "q=case+OR+decision+OR+item+OR+attachment+OR+planned+OR+place"

ROWS: list[Row] = [
    R("search:results", PUBLIC, kwargs=_indexed, query=QUERY),
    R(
        "search:results",
        PUBLIC,
        kwargs=_indexed,
        query=QUERY + "&sortering=date",
        variant="by date",
    ),
    R("search:api", PUBLIC, kwargs=_indexed, query=QUERY),
]
