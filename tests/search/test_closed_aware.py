"""Closed-awareness for every role of the access-matrix world: results, counts, facets and
snippets come only from what the role may see."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from search import selectors
from tests.access_matrix_fixtures import ROLES, build_world

pytestmark = pytest.mark.postgres

# Who finds what (the same as the matrix's CLOSED and EDITORS rows).
SEES_CLOSED = {"member", "secretariat", "admin"}
SEES_DRAFTS = {"secretariat", "admin"}


@pytest.fixture
def world(db: None, committed: Any) -> Any:
    with committed():
        return build_world()


def _user(world: Any, role: str) -> Any:
    return AnonymousUser() if role == "anon" else world.users[role]


@pytest.mark.parametrize("role", ROLES)
def test_closed_items_and_their_attachments_are_found_only_by_those_who_may_read_them(
    world: Any, role: str
) -> None:
    user = _user(world, role)
    for word in ("MXCLOSED", "MXSUBCLOSED"):
        result = selectors.search(user=user, q=word)
        if role in SEES_CLOSED:
            assert result.total >= 2, (role, word)
            assert {h.kind for h in result.hits} >= {"item", "attachment"}
        else:
            assert result.total == 0, (role, word)
            assert all(values == [] for values in result.facets.values()), (role, word)


@pytest.mark.parametrize("role", ROLES)
def test_unpublished_meetings_are_found_only_by_the_secretariat(world: Any, role: str) -> None:
    user = _user(world, role)
    for word in ("MXUNPUB", "MXNEVERPUB"):
        found = selectors.search(user=user, q=word).total
        assert (found > 0) == (role in SEES_DRAFTS), (role, word, found)


@pytest.mark.parametrize("role", ROLES)
def test_a_word_in_open_and_closed_items_counts_and_highlights_only_the_visible(
    world: Any, role: str
) -> None:
    """ "case" and "decision" are in the open item and in the closed ones: the public's
    count, facets and snippets are those of the open item alone."""
    user = _user(world, role)
    public = selectors.search(user=AnonymousUser(), q="case decision")
    result = selectors.search(user=user, q="case decision")
    snippets = " ".join(str(h.snippet) + h.title for h in result.hits)
    if role in SEES_CLOSED:
        assert result.total > public.total
        assert "MXCLOSED" in snippets
    else:
        assert result.total == public.total
        assert result.facets == public.facets
        assert "MXCLOSED" not in snippets and "MXSUBCLOSED" not in snippets


def test_the_public_hit_count_is_that_of_the_open_item_alone(world: Any) -> None:
    result = selectors.search(user=AnonymousUser(), q="case")
    assert [h.title for h in result.hits if h.kind == "item"] == [
        h.title for h in result.hits if h.kind == "item" and "Open" in h.title
    ]
    kinds = {v.value: v.count for v in result.facets["kind"]}
    assert kinds.get("item") == 1
