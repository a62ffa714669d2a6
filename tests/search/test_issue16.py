"""Issue 16: the uploaded file's own name is never indexed, titles are indexed in the
portal's language whoever saves, and big result sets are counted up to a cap."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import timezone, translation

from meetings import services
from search import selectors
from search.models import SearchEntry
from tests.search.conftest import pdf

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
