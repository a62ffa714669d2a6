"""Access-matrix rows of search (issue 16): the page and the API answer everyone; what each
role finds is checked in tests/search/test_closed_aware.py."""

from __future__ import annotations

from typing import Any

from tests.access_matrix_base import PUBLIC, SIGNED_IN, R, Row, expect
from tests.access_matrix_fixtures import World


def _indexed(world: World) -> dict[str, Any]:
    """The world is built in a transaction that never commits, so the index's on-commit
    hooks never ran: index it here (inside the test's savepoint, rolled back after it)."""
    from search.services import rebuild

    rebuild()
    return {}


def _members_saved_search(world: World) -> dict[str, Any]:
    """A saved search of the member: only they may delete it (others: not found)."""
    from search.models import SavedSearch

    saved, _created = SavedSearch.objects.get_or_create(user=world.users["member"], query="kvote")
    return {"pk": saved.pk}


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
    # Saved searches: any signed-in user, their own only.
    R("search:save", SIGNED_IN, method="POST"),
    R("search:saved", SIGNED_IN),
    # Without an account: anyone may ask for a confirmation link (an empty POST: a 400 that
    # says what is missing), and the links' pages answer anyone holding one (a bad link: 400).
    R("search:email_save", PUBLIC, method="POST"),
    R("search:email_confirm", PUBLIC, kwargs=lambda w: {"token": "not-a-token"}),
    R("search:email_unsubscribe", PUBLIC, kwargs=lambda w: {"token": "not-a-token"}),
    R(
        "search:saved_delete",
        expect("deny", anon="login", member="ok"),
        kwargs=_members_saved_search,
        method="POST",
    ),
]
