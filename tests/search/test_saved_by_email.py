"""Saved searches for an e-mail address without an account (issue 16): a confirmation link
first (nothing is saved before it is used), then a daily e-mail of the new results the
public may see, each with a link that stops it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from meetings import services as meeting_services
from notifications.models import OutgoingEmail
from search import services
from search.models import SavedSearch
from tests.search.conftest import at

pytestmark = pytest.mark.postgres

ADDRESS = "borger@example.dk"


def _link(text: str, path: str) -> str:
    found = re.search(r"https?://[^\s]+(" + re.escape(path) + r"[^\s]+/)", text)
    assert found, text
    return found.group(1)


def test_an_address_confirms_and_gets_the_new_public_results_then_stops_them(
    small_world: dict, client: Client, committed: Any
) -> None:
    page = client.get("/soeg/", {"q": "kontaktcenter"}).content.decode()
    assert 'action="/soeg/gem/e-mail/"' in page and 'type="email"' in page

    asked = client.post(
        "/soeg/gem/e-mail/", {"q": "kontaktcenter", "organ": "kkr-soeg", "email": ADDRESS}
    )
    assert asked.status_code == 200 and ADDRESS in asked.content.decode()
    assert not SavedSearch.objects.exists()  # nothing before the address confirms
    [mail] = OutgoingEmail.objects.filter(to=ADDRESS)
    confirm = _link(mail.text, "/soeg/bekraeft/")
    # Opening the link (as a mail scanner does) confirms nothing; the button does.
    assert client.get(confirm).status_code == 200 and not SavedSearch.objects.exists()
    assert client.post(confirm).status_code == 200
    assert client.post(confirm).status_code == 200  # twice: still one
    [saved] = SavedSearch.objects.all()
    assert (saved.user, saved.email, saved.query) == (None, ADDRESS, "kontaktcenter")
    assert saved.filters == {"body": "kkr-soeg"}

    # Two new items: an open one and a closed one with the word; the address reads as the
    # public, so the e-mail lists the open one only.
    secretary = small_world["secretary"]
    with committed():
        meeting = meeting_services.meeting_schedule(
            actor=secretary, body=small_world["body"], starts_at=at(-1), place="Rådhuset"
        )
        meeting_services.agenda_item_add(
            actor=secretary, meeting=meeting, title="Nyt kontaktcenter for virksomheder"
        )
        meeting_services.agenda_item_add(
            actor=secretary, meeting=meeting, title="Lukket kontaktcenter-sag", is_closed=True
        )
        meeting_services.agenda_publish(actor=secretary, meeting_id=meeting.pk)
    assert services.saved_search_digests_send(now=timezone.now()) == 1
    [digest] = OutgoingEmail.objects.filter(to=ADDRESS).exclude(pk=mail.pk)
    assert "Nyt kontaktcenter for virksomheder" in digest.text
    assert "Lukket" not in digest.text
    assert services.saved_search_digests_send(now=timezone.now()) == 0  # once a day

    stop = _link(digest.text, "/soeg/stop/")
    assert client.get(stop).status_code == 200 and SavedSearch.objects.exists()
    assert client.post(stop).status_code == 200
    assert not SavedSearch.objects.exists()
    assert "allerede" in client.get(stop).content.decode()  # stopped already


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"q": "kontaktcenter", "email": "ikke-en-adresse"}, "gyldig e-mailadresse"),
        ({"q": "", "email": ADDRESS}, "Skriv noget"),
    ],
)
def test_bad_input_is_a_page_that_says_what_is_wrong(
    small_world: dict, client: Client, data: dict, words: str
) -> None:
    response = client.post("/soeg/gem/e-mail/", data)
    assert response.status_code == 400 and words in response.content.decode()
    assert not OutgoingEmail.objects.exists()


def test_a_forged_or_expired_link_saves_nothing(small_world: dict, client: Client) -> None:
    assert client.post("/soeg/bekraeft/forfalsket/").status_code == 400
    assert client.post("/soeg/stop/forfalsket/").status_code == 400
    assert not SavedSearch.objects.exists()
