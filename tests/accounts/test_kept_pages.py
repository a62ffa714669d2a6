"""Signed-in pages kept for their user until something changes (``accounts.kept_pages``,
decision 0041): served again with the session's queries only, never to another user, never
after a write, never with a CSRF token of another session, never hiding a message."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts import kept_pages
from consultations import services as consultation_services
from councils.models import Body
from meetings import services
from meetings.models import Meeting
from tests.consultations.conftest import Setup, sent
from tests.consultations.conftest import setup as input_setup  # noqa: F401 (a fixture)
from tests.factories import MembershipFactory, PersonFactory, UserFactory
from tests.meetings.conftest import SECRET, kd_net, meeting  # noqa: F401 (fixtures)
from tests.meetings.conftest import published as published_parts  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(published_parts: dict) -> Meeting:  # noqa: F811 (the fixture)
    """A meeting with an open and a closed item, its agenda and minutes published."""
    return published_parts["meeting"]


def _client(username: str, **kwargs: bool) -> Client:
    client = Client(**kwargs)
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _get(client: Client, url: str) -> tuple[int, HttpResponse]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    count = len(queries.captured_queries)
    assert response.status_code == 200, url
    return count, response


def _kept(client: Client, url: str) -> tuple[int, HttpResponse]:
    """The page made and kept. A session's first page sets the CSRF cookie and is not
    kept (its forms carry a secret the browser does not have yet)."""
    if settings.CSRF_COOKIE_NAME not in client.cookies:
        _get(client, url)
    return _get(client, url)


def _token(page: HttpResponse) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert match
    return match.group(1)


def test_a_members_meeting_page_is_served_again_with_the_sessions_queries_only(
    published,
) -> None:
    client = _client("medlem")
    url = published.get_absolute_url()
    made, first = _kept(client, url)
    served, again = _get(client, url)
    # What is left is the user's row (the session and the roles come from Redis).
    assert served == 1 < made
    assert again.content == first.content
    assert SECRET in again.content.decode()
    # Kept on the server for this user; never by a shared proxy or CDN.
    assert "private" in first["Cache-Control"] and "private" in again["Cache-Control"]


def test_the_editor_appointments_and_matrix_are_kept_too(
    published,
    input_setup: Setup,  # noqa: F811 (the fixture)
) -> None:
    sent(input_setup)
    secretariat = _client("sekretariat")
    input_secretary = _client("input-secretary")
    for client, url in (
        (secretariat, reverse("meetings:agenda_edit", args=[published.pk])),
        (secretariat, reverse("councils:appointments")),
        (secretariat, reverse("councils:appointments") + "?ledige=1"),
        (
            input_secretary,
            reverse("consultations:response_matrix", args=[input_setup.request.pk]),
        ),
    ):
        made, first = _kept(client, url)
        served, again = _get(client, url)
        assert served == 1 < made, url
        assert again.content == first.content, url


def test_a_write_is_on_the_next_page(published) -> None:
    client = _client("medlem")
    url = published.get_absolute_url()
    _kept(client, url)
    item = published.items.get(title="Åbent punkt")
    services.agenda_item_update(
        actor=None, item_id=item.pk, expected_version=item.version, title="Nyt navn på punktet"
    )
    services.agenda_publish(actor=None, meeting_id=published.pk, change_note="Omdøbt")
    services.minutes_publish(
        actor=None, meeting_id=published.pk, confirm_missing=True, change_note="Omdøbt"
    )
    made, page = _get(client, url)
    assert made > 1
    assert "Nyt navn på punktet" in page.content.decode()


def test_a_kept_page_is_never_served_to_another_user(published) -> None:
    url = published.get_absolute_url()
    # Both signed in first: a log-in writes the user's last log-in, a new generation.
    member, secretariat = _client("medlem"), _client("sekretariat")
    _, members_page = _kept(member, url)
    made, page = _kept(secretariat, url)
    assert made > 1
    edit_link = reverse("meetings:agenda_edit", args=[published.pk])
    assert edit_link in page.content.decode()
    assert edit_link not in members_page.content.decode()
    # And the member is still served their own.
    served, again = _get(member, url)
    assert served == 1 and again.content == members_page.content


def test_a_form_on_a_kept_page_posts_and_its_message_is_shown_once(published) -> None:
    client = _client("sekretariat", enforce_csrf_checks=True)
    url = reverse("meetings:agenda_edit", args=[published.pk])
    _kept(client, url)
    served, page = _get(client, url)
    assert served == 1
    added = client.post(
        url,
        {
            "csrfmiddlewaretoken": _token(page),
            "title": "Punkt fra en kept side",
            "kind": "information",
        },
    )
    assert added.status_code == 302
    with translation.override("da"):
        message = translation.gettext("The item is added.")
    _, after = _get(client, url)
    assert message in after.content.decode()
    assert "Punkt fra en kept side" in after.content.decode()
    _, later = _get(client, url)
    assert message not in later.content.decode()


def test_a_page_kept_for_another_csrf_secret_is_never_served(published) -> None:
    """A new session (a new log-in rotates the secret) gets a page whose token works."""
    client = _client("sekretariat", enforce_csrf_checks=True)
    url = reverse("meetings:agenda_edit", args=[published.pk])
    _kept(client, url)
    del client.cookies[settings.CSRF_COOKIE_NAME]
    made, page = _kept(client, url)
    assert made > 1
    added = client.post(
        url, {"csrfmiddlewaretoken": _token(page), "title": "Med ny nøgle", "kind": "information"}
    )
    assert added.status_code == 302


def test_a_new_day_is_a_new_page(published, monkeypatch: pytest.MonkeyPatch) -> None:
    """What is late or overdue moves at midnight without a write."""
    client = _client("sekretariat")
    url = reverse("meetings:agenda_edit", args=[published.pk])
    _kept(client, url)
    served, _ = _get(client, url)
    assert served == 1
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    # The key's clock only: the page itself is made as today's.
    monkeypatch.setattr(kept_pages, "timezone", SimpleNamespace(localdate=lambda: tomorrow))
    made, _ = _get(client, url)
    assert made > 1


def test_a_message_waiting_is_shown_on_the_next_page_not_hidden_by_a_kept_one(
    published,
) -> None:
    """A message left without a write (a refusal, a notice) is shown on the next page."""
    client = _client("sekretariat")
    url = reverse("meetings:agenda_edit", args=[published.pk])
    _kept(client, url)
    request = RequestFactory().get(url)
    storage = CookieStorage(request)
    storage.add(messages.WARNING, "Besked uden skrivning")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies[storage.cookie_name] = carrier.cookies[storage.cookie_name].value
    _, page = _get(client, url)
    assert "Besked uden skrivning" in page.content.decode()
    # Shown once; the page after it is kept again.
    _, after = _kept(client, url)
    assert "Besked uden skrivning" not in after.content.decode()
    served, again = _get(client, url)
    assert served == 1 and again.content == after.content


def test_a_request_with_an_authorization_header_is_made(published) -> None:
    """As for the public's kept pages (the benchmark counts the queries of making it)."""
    client = _client("medlem")
    url = published.get_absolute_url()
    made, _ = _kept(client, url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers={"authorization": "Bench made-each-time"})
    assert len(queries.captured_queries) == made > 1
    assert "private" in response["Cache-Control"]  # made, and still the user's alone


def test_the_appointments_export_from_the_same_view_is_never_kept(demo) -> None:
    """A file is not a page: kept, it would lose its Content-Disposition."""
    client = _client("sekretariat")
    url = reverse("councils:appointments_export", args=["csv"])
    _kept(client, reverse("councils:appointments"))
    for _ in range(2):
        made, export = _get(client, url)
        assert made > 1
        assert "attachment" in export["Content-Disposition"]


def test_nothing_is_kept_when_page_keeping_is_off(published, settings) -> None:
    settings.PAGE_CACHE_SECONDS = 0
    client = _client("medlem")
    url = published.get_absolute_url()
    made, _ = _kept(client, url)
    again, _ = _get(client, url)
    assert again == made > 1


def test_an_answer_submitted_is_on_the_secretariats_next_matrix(
    input_setup: Setup,  # noqa: F811 (the fixture)
) -> None:
    sent(input_setup)
    client = _client("input-secretary")
    url = reverse("consultations:response_matrix", args=[input_setup.request.pk])
    _, before = _kept(client, url)
    consultation_services.response_submit(
        actor=input_setup.contacts[0],
        request_id=input_setup.request.pk,
        municipality_id=input_setup.municipalities[0].pk,
        expected_version=0,
        values={input_setup.questions["text"].pk: "<p>Vores input</p>"},
    )
    made, after = _get(client, url)
    assert made > 1 and after.content != before.content


def _member(body: Body, username: str) -> Client:
    user = UserFactory(username=username, first_name=username.title(), last_name="Kept")
    MembershipFactory(
        person=PersonFactory(name=username.title(), user=user), body=body, start=dt.date(2020, 1, 1)
    )
    client = Client()
    client.force_login(user)
    return client


def test_two_members_with_the_same_rights_and_cookie_each_get_their_own_page(
    published,
    kd_net: Body,  # noqa: F811 (the fixture)
) -> None:
    """Neither the rights nor the CSRF secret tells two users apart here: the user does."""
    first, second = _member(kd_net, "anna"), _member(kd_net, "bent")
    url = published.get_absolute_url()
    _, annas = _kept(first, url)
    assert "Anna Kept" in annas.content.decode()
    second.cookies[settings.CSRF_COOKIE_NAME] = first.cookies[settings.CSRF_COOKIE_NAME].value
    made, bents = _get(second, url)
    assert made > 1
    assert "Bent Kept" in bents.content.decode() and "Anna Kept" not in bents.content.decode()
    assert SECRET in bents.content.decode()


def test_other_rights_another_language_or_the_second_factor_is_another_page(
    published, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = _client("medlem")
    url = published.get_absolute_url()
    _kept(client, url)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    made, english = _get(client, url)
    assert made > 1 and '<html lang="en"' in english.content.decode()
    assert _get(client, url)[0] == 1
    monkeypatch.setattr(kept_pages, "rights_key", lambda user: "other rights")
    assert _get(client, url)[0] > 1
    assert _get(client, url)[0] == 1
    monkeypatch.setattr(kept_pages, "is_verified", lambda user: True)
    assert _get(client, url)[0] > 1


def test_a_parameter_the_view_does_not_read_is_never_kept(published) -> None:
    """Made-up parameters would fill Redis with copies of one page."""
    client = _client("medlem")
    url = published.get_absolute_url() + "?x=1"
    made, _ = _kept(client, url)
    again, _ = _get(client, url)
    assert again == made > 1


def test_a_refused_form_and_a_head_request_are_never_kept(published) -> None:
    client = _client("sekretariat")
    url = reverse("meetings:agenda_edit", args=[published.pk])
    _, kept = _kept(client, url)
    refused = client.post(url, {"title": "", "kind": "information"})
    assert refused.status_code == 400
    served, page = _get(client, url)
    assert served == 1 and page.content == kept.content
    with CaptureQueriesContext(connection) as queries:
        assert client.head(url).status_code == 200
    assert len(queries.captured_queries) > 1
