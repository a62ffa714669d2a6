"""Issue 16: the uploaded file's own name is never indexed, titles are indexed in the
portal's language whoever saves, and big result sets are counted up to a cap."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from meetings import services
from search import kept, selectors
from search.models import SearchEntry
from tests.search.conftest import at, pdf

pytestmark = pytest.mark.postgres

anon = AnonymousUser()


def _upload(small_world: dict[str, Any], committed: Any, language: str = "da") -> Any:
    secretary = small_world["secretary"]
    with translation.override(language), committed():
        (attachment,) = services.attachments_add(
            actor=secretary,
            item=small_world["open_item"],
            files=[("Indstilling", pdf("Indstilling_Jens_Qwertyhansen_cpr"))],
        )
        services.agenda_publish(
            actor=secretary, meeting_id=small_world["meeting"].pk, change_note="Nyt bilag"
        )
    return attachment


def test_the_stored_file_name_is_neither_found_nor_shown(
    small_world: dict[str, Any], committed: Any, client: Client
) -> None:
    attachment = _upload(small_world, committed)
    # The upload's name is kept on the file (so the test can fail).
    assert "Qwertyhansen" in attachment.file.name
    for user in (anon, small_world["secretary"]):
        assert selectors.search(user=user, q="Qwertyhansen").total == 0
    hits = [h for h in selectors.search(user=anon, q="indstilling").hits if h.kind == "attachment"]
    assert [h.url for h in hits] == [f"/moeder/bilag/{attachment.pk}/"]
    assert "Qwertyhansen" not in hits[0].snippet
    response = client.get("/soeg/", {"q": "indstilling"})
    assert b"Qwertyhansen" not in response.content
    rows = SearchEntry.objects.filter(kind="attachment", object_id=attachment.pk)
    assert rows.count() >= 2
    for row in rows:
        assert "Qwertyhansen" not in row.text_d
        # The name the download carries instead.
        assert row.text_d.startswith("Indstilling.pdf")


def test_titles_are_indexed_in_the_portals_language_whoever_saves(
    small_world: dict[str, Any], committed: Any
) -> None:
    # An English-speaking secretary's save.
    attachment = _upload(small_world, committed, language="en")
    with translation.override("da"):
        attachment_title = translation.gettext("Attachment %(number)s: %(title)s")
        meeting_title = translation.gettext("Meeting %(date)s")
    with translation.override("en"):
        english = translation.gettext("Attachment %(number)s: %(title)s")
    assert attachment_title != english  # the catalogue is there: the test can fail
    rows = list(SearchEntry.objects.filter(kind="attachment", object_id=attachment.pk))
    assert rows
    for row in rows:
        assert row.title.startswith(attachment_title.split("%")[0])
        assert row.title.endswith(": Indstilling")
    date = timezone.localtime(small_world["meeting"].starts_at).strftime("%d.%m.%Y")
    meetings = SearchEntry.objects.filter(kind="meeting", owner_id=small_world["meeting"].pk)
    assert {r.title for r in meetings} == {meeting_title % {"date": date}}


def _items(small_world: dict[str, Any], committed: Any, n: int, word: str = "Tællepunkt") -> None:
    secretary = small_world["secretary"]
    with committed():
        meeting = services.meeting_schedule(
            actor=secretary, body=small_world["body"], starts_at=at(-3), place="Mødelokale"
        )
        for i in range(n):
            services.agenda_item_add(actor=secretary, meeting=meeting, title=f"{word} {i}")
        services.agenda_publish(actor=secretary, meeting_id=meeting.pk)


def test_over_the_cap_the_page_says_so_and_counts_only_the_newest(
    small_world: dict[str, Any], committed: Any, monkeypatch: Any, client: Client
) -> None:
    monkeypatch.setattr(selectors, "CANDIDATES", 10)
    _items(small_world, committed, 25)
    result = selectors.search(user=anon, q="tællepunkt", per_page=4)
    assert (result.total, result.capped, result.pages) == (10, True, 3)
    assert sum(v.count for v in result.facets["kind"]) == 10
    assert sum(v.count for v in result.facets["body"]) == 10
    by_date = selectors.search(user=anon, q="tællepunkt", sort="date", per_page=4, page=9)
    assert (by_date.capped, by_date.page, len(by_date.hits)) == (True, 3, 2)
    under = selectors.search(user=anon, q="kvote")
    assert not under.capped
    response = client.get("/soeg/", {"q": "tællepunkt"})
    assert response.context["result"].capped
    assert "Only the newest" in response.content.decode() or "nyeste" in response.content.decode()
    data = client.get("/api/search/", {"q": "tællepunkt"}).json()
    assert (data["capped"], data["count"]) == (True, 10)


def test_a_capped_results_page_makes_as_many_queries_as_a_small_one(
    small_world: dict[str, Any], committed: Any, monkeypatch: Any, django_assert_num_queries: Any
) -> None:
    monkeypatch.setattr(selectors, "CANDIDATES", 10)
    client = Client()
    _items(small_world, committed, 3)
    client.get("/soeg/", {"q": "tællepunkt"})
    kept.index_changed()  # measure the search, not the public's kept result
    with CaptureQueriesContext(connection) as few:
        assert not client.get("/soeg/", {"q": "tællepunkt"}).context["result"].capped
    _items(small_world, committed, 30)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get("/soeg/", {"q": "tællepunkt"}).context["result"].capped


def test_the_snippet_reads_a_bounded_opening_and_the_word_is_still_found(
    small_world: dict[str, Any], committed: Any
) -> None:
    secretary = small_world["secretary"]
    long_text = "<p>" + "indledning " * (selectors.HEADLINE_CHARS // 10) + "Blåbærsuppe</p>"
    with committed():
        meeting = services.meeting_schedule(
            actor=secretary, body=small_world["body"], starts_at=at(-2), place="Salen"
        )
        services.agenda_item_add(
            actor=secretary, meeting=meeting, title="Langt punkt", case_text=long_text
        )
        services.agenda_item_add(
            actor=secretary,
            meeting=meeting,
            title="Kort punkt",
            case_text="<p>Her står blåbærsuppe tidligt.</p>",
        )
        services.agenda_publish(actor=secretary, meeting_id=meeting.pk)
    hits = {
        h.title.split(". ", 1)[-1]: h for h in selectors.search(user=anon, q="blåbærsuppe").hits
    }
    assert set(hits) == {"Langt punkt", "Kort punkt"}
    assert "<mark>" in hits["Kort punkt"].snippet
    # Beyond the opening: found, shown without a mark (ts_headline never read that far).
    assert "<mark>" not in hits["Langt punkt"].snippet


def test_a_bodys_page_searches_its_own_meetings(small_world: dict, client) -> None:
    """The body page has a search form that keeps to the body (older meetings than the 20
    listed are found there): the form sends the body as ``organ``, and the results are the
    body's only."""
    import re

    html = client.get("/organer/kkr-soeg/").content.decode()
    form = re.search(r'<form class="search body-search"[^>]*>(.*?)</form>', html, re.S)
    assert form is not None and 'action="/soeg/"' in form.group(0)
    assert '<input type="hidden" name="organ" value="kkr-soeg">' in form.group(1)
    assert 'for="body-search-q"' in form.group(1) and 'id="body-search-q"' in form.group(1)
    found = client.get("/soeg/", {"organ": "kkr-soeg", "q": "kvote"}).content.decode()
    assert "Fordeling af kvote for flygtninge" in found
    elsewhere = client.get("/soeg/", {"organ": "skane-nordost", "q": "kvote"}).content.decode()
    assert "Fordeling af kvote for flygtninge" not in elsewhere
