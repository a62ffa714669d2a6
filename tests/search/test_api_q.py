"""``/api/meetings/?q=``: the meetings list narrowed by search, as the caller may see it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.postgres


def _ids(client: Client, q: str | None) -> list[int]:
    response = client.get("/api/meetings/", {} if q is None else {"q": q})
    assert response.status_code == 200
    data = response.json()
    return [m["id"] for m in (data["results"] if isinstance(data, dict) else data)]


def test_q_narrows_the_meeting_list_to_what_the_caller_may_find(small_world: dict) -> None:
    meeting = small_world["meeting"]
    public = Client()
    everything = _ids(public, None)
    assert meeting.pk in everything and len(everything) >= 2
    assert _ids(public, "kvoter") == [meeting.pk]  # Danish stemming: "kvote"
    assert _ids(public, "utvecklingsstrategi") == [small_world["sv_item"].meeting_id]
    # A word only in a closed item: not for the public, found by the secretariat.
    assert _ids(public, "Zyxwortel") == []
    secretariat = Client()
    secretariat.force_login(small_world["secretary"])
    assert _ids(secretariat, "Zyxwortel") == [meeting.pk]
    # Only punctuation or common words: the list is not narrowed.
    assert _ids(public, "!!") == everything
    # Empty, as every filter of the API: a 400 naming it.
    response = public.get("/api/meetings/", {"q": ""})
    assert response.status_code == 400 and "q" in response.json()


def test_the_query_count_of_q_does_not_grow_with_the_meetings(
    small_world: dict, django_assert_max_num_queries: Any
) -> None:
    client = Client()
    client.force_login(UserFactory(username="api-laeser"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        _ids(client, "utvecklingsstrategi")
    with django_assert_max_num_queries(len(few.captured_queries)):
        _ids(client, "kommune OR kommunerne OR kommunernas")


def test_q_narrows_the_agreement_list_as_the_caller_may_find(
    db: None, django_capture_on_commit_callbacks: Any
) -> None:
    """``/api/agreements/?q=``: a word in a goal finds its agreement in force for everyone;
    a draft's words only for the body's secretariat, as the agreements page shows them."""
    from agreements import services
    from search.services import rebuild
    from tests.factories import AffiliationFactory, BodyFactory

    body = BodyFactory(name="RAR Aftale-søg", slug="rar-aftale-soeg")
    secretary = UserFactory(username="aftale-soeg-sek")
    AffiliationFactory(user=secretary, body=body)
    # Its own kind: the migration's kinds are gone after a transactional test's flush.
    kind = services.agreement_kind_add(actor=secretary, name="Søgeaftale")
    today = dt.date.today()
    in_force = services.agreement_create(
        actor=secretary, body=body, title="Resultatkontrakt Søg", start=today, kind=kind
    )
    services.goal_add(actor=secretary, agreement=in_force, title="Flere lærlingepladser")
    services.agreement_put_in_force(actor=secretary, agreement_id=in_force.pk)
    draft = services.agreement_create(
        actor=secretary, body=body, title="Udkast Søg", start=today, kind=kind
    )
    services.goal_add(actor=secretary, agreement=draft, title="Qwxlærling i udkastet")
    rebuild()

    def ids(client: Client, q: str) -> list[int]:
        response = client.get("/api/agreements/", {"q": q})
        assert response.status_code == 200, response.content
        return [a["id"] for a in response.json()["results"]]

    public = Client()
    assert ids(public, "lærlingeplads") == [in_force.pk]  # stemmed: "lærlingepladser"
    assert ids(public, "Qwxlærling") == []
    secretariat = Client()
    secretariat.force_login(secretary)
    assert ids(secretariat, "Qwxlærling") == [draft.pk]
    assert set(ids(secretariat, "Søg")) == {in_force.pk, draft.pk}
    response = public.get("/api/agreements/", {"q": ""})
    assert response.status_code == 400 and "q" in response.json()
