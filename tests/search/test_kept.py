"""The public's search results are kept per version of the index (``search.kept``):
a repeated search costs no query, and any write of the index is seen by the next search."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import rules
from meetings import services
from search import kept, selectors
from tests.accounts.test_rules import ROLES, world  # noqa: F401 (a fixture)
from tests.factories import MembershipFactory, PersonFactory, UserFactory

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


def test_a_signed_in_search_is_never_served_the_public_results(
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


def _member(body: Any, username: str) -> Any:
    user = UserFactory(username=username)
    MembershipFactory(
        person=PersonFactory(name=username.title(), user=user),
        body=body,
        start=dt.date(2020, 1, 1),
    )
    return user


def _searched_the_index(queries: Any) -> bool:
    return any("search_searchentry" in q["sql"] for q in queries.captured_queries)


def test_members_of_one_body_share_kept_results_and_no_one_else_gets_them(
    small_world: dict,
) -> None:
    body = small_world["body"]
    first, second = _member(body, "medlem-en"), _member(body, "medlem-to")
    assert selectors.search(user=first, q="Zyxwortel").total == 1
    # The second member has the same rights: the first one's result, without searching.
    with CaptureQueriesContext(connection) as queries:
        assert selectors.search(user=second, q="Zyxwortel").total == 1
    assert not _searched_the_index(queries)
    # The public, a signed-in user without roles and a member of another body have other
    # rights: each is searched for, and none finds the closed item.
    other_body = small_world["sv_body"]
    for user in (AnonymousUser(), UserFactory(username="ingen-roller"), _member(other_body, "sv")):
        with CaptureQueriesContext(connection) as queries:
            assert selectors.search(user=user, q="Zyxwortel").total == 0
        assert _searched_the_index(queries)


def test_a_member_whose_term_ended_is_searched_for_as_who_they_are_now(
    small_world: dict, committed: Any
) -> None:
    user = _member(small_world["body"], "medlem-slut")
    assert selectors.search(user=user, q="Zyxwortel").total == 1
    membership = user.person.memberships.get()
    membership.end = dt.date.today() - dt.timedelta(days=1)
    with committed():
        membership.save()
    # A new request reads the user afresh; the ended term is in the rights, not in the index.
    again = type(user).objects.get(pk=user.pk)
    assert selectors.search(user=again, q="Zyxwortel").total == 0


def test_what_a_write_hides_is_gone_from_the_next_members_search(
    small_world: dict, committed: Any
) -> None:
    member = _member(small_world["body"], "medlem-skrivning")
    assert selectors.search(user=member, q="kontaktcenter").total == 1
    item, secretary = small_world["open_item"], small_world["secretary"]
    with committed():
        services.agenda_item_delete(actor=secretary, item_id=item.pk)
        services.agenda_publish(
            actor=secretary, meeting_id=item.meeting_id, change_note="Punktet fjernet"
        )
    assert selectors.search(user=member, q="kontaktcenter").total == 0


class _RolesOnly:
    """A searcher of whom only what ``accounts.rules.roles_for`` reads is known: reading
    anything else of it (its id, its person, a flag) fails the test."""

    def __init__(self, user: Any) -> None:
        self.is_authenticated = bool(user.is_authenticated)
        self.is_active = bool(getattr(user, "is_active", False))
        self._kkr_roles = rules.roles_for(user)

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"search read the user's {name!r}, not only its roles")


@pytest.mark.parametrize("role", ROLES)
def test_search_knows_a_user_only_by_the_roles_its_rights_key_digests(
    world: dict,  # noqa: F811
    small_world: dict,
    role: str,
) -> None:
    """What ``search.kept`` serves to everyone with the same ``rights_key``: it must be what
    each of them would be shown, so the search may read nothing of a user but the roles."""
    user = world["users"][role]
    kept.index_changed()
    for q in ("kontaktcenter", "Zyxwortel", "kommunernes samverkan"):
        by_roles = selectors._search(user=_RolesOnly(user), q=q)
        assert by_roles == selectors._search(user=user, q=q)


def test_a_failed_reindex_still_ends_the_kept_results(db: None, monkeypatch: Any) -> None:
    """The write that scheduled the reindex has committed: what was kept before it is not
    served again, even when the reindex fails."""
    from search import receivers
    from search import services as search_services

    def fails(**kwargs: Any) -> int:
        raise RuntimeError("the reindex failed")

    monkeypatch.setattr(search_services, "reindex", fails)
    before = kept._version()
    with pytest.raises(RuntimeError):
        receivers._Reindex("meeting", 1)()
    assert kept._version() != before


@pytest.mark.redis
def test_a_membership_ended_by_the_secretariat_ends_the_members_kept_results(
    small_world: dict, committed: Any
) -> None:
    """Through the pages, with the roles of the request's user from Redis (decision 0029):
    the ended membership changes the member's rights key on the very next request, so the
    result kept with the closed item is not served again."""
    from django.test import Client
    from django.urls import reverse

    from councils.services import membership_end

    user = _member(small_world["body"], "medlem-side")
    client = Client()
    client.force_login(user)
    url = reverse("search:results") + "?q=Zyxwortel"
    assert "Personalesag" in client.get(url).content.decode()
    assert "Personalesag" in client.get(url).content.decode()  # kept, roles from Redis
    with committed():
        membership_end(
            actor=small_world["secretary"],
            membership_id=user.person.memberships.get().pk,
            end=dt.date.today() - dt.timedelta(days=1),
        )
    assert "Personalesag" not in client.get(url).content.decode()
