"""The public's search results are kept per version of the index (``search.public_cache``):
a repeated search costs no query, and any write of the index is seen by the next search."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from meetings import services
from search import selectors

pytestmark = pytest.mark.postgres


def test_a_repeated_public_search_is_served_without_a_query(
    small_world: dict, django_assert_num_queries: Any
) -> None:
    first = selectors.search(user=AnonymousUser(), q="kontaktcenter")
    assert first.total == 1
    with django_assert_num_queries(0):
        again = selectors.search(user=AnonymousUser(), q="kontaktcenter")
    assert again == first
    # Another page, sort or facet is another result: computed, not mixed up.
    by_date = selectors.search(user=AnonymousUser(), q="kontaktcenter", sort="date")
    assert by_date.sort == "date" and by_date.total == 1


def test_a_signed_in_search_is_never_served_from_the_public_results(
    small_world: dict, django_assert_max_num_queries: Any
) -> None:
    secretary = small_world["secretary"]
    assert selectors.search(user=AnonymousUser(), q="Zyxwortel").total == 0
    # The secretariat finds the closed item, although the public's empty result is kept.
    assert selectors.search(user=secretary, q="Zyxwortel").total == 1


def test_what_a_write_hides_is_gone_from_the_next_public_search(
    small_world: dict, committed: Any
) -> None:
    anon = AnonymousUser()
    assert selectors.search(user=anon, q="kontaktcenter").total == 1
    item, secretary = small_world["open_item"], small_world["secretary"]
    with committed():
        services.agenda_item_update(
            actor=secretary, item_id=item.pk, expected_version=item.version, is_closed=True
        )
        services.agenda_publish(
            actor=secretary, meeting_id=item.meeting_id, change_note="Punktet lukket"
        )
    assert selectors.search(user=anon, q="kontaktcenter").total == 0
    assert selectors.search(user=secretary, q="kontaktcenter").total == 1
