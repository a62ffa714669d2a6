"""OParl shows what the public reads (the published version and withdrawals), never the
secretariat's draft (issue 15, finding A), and a list's conditional GET is cheap: a 304 is
decided before the list is built and reads no file (finding B)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.oparl.conftest import SITE, get_json

ROOT = f"{SITE}/oparl/v1.1/"


def _age(world: dict, days: int = 2) -> None:
    """Move everything that happened so far into the past, so that a change made now would
    show in a ``modified`` (whole seconds) if it counted."""
    from councils.models import Body
    from meetings.models import AgendaItem, Attachment, Meeting, MeetingPdf, PublishedVersion

    shift = dt.timedelta(days=days)
    for model in (Meeting, AgendaItem, Attachment, Body):
        for row in model.history.model.objects.all():
            model.history.model.objects.filter(pk=row.pk).update(
                history_date=row.history_date - shift
            )
    for version in PublishedVersion.objects.all():
        PublishedVersion.objects.filter(pk=version.pk).update(
            published_at=version.published_at - shift
        )
    for meeting in Meeting.objects.exclude(agenda_published_at=None):
        Meeting.objects.filter(pk=meeting.pk).update(
            agenda_published_at=meeting.agenda_published_at - shift
        )
    for pdf in MeetingPdf.objects.exclude(rendered_at=None):
        MeetingPdf.objects.filter(pk=pdf.pk).update(rendered_at=pdf.rendered_at - shift)
    for attachment in Attachment.all_objects.all():
        Attachment.all_objects.filter(pk=attachment.pk).update(
            uploaded_at=attachment.uploaded_at - shift
        )


def _since(value: str) -> str:
    return quote(value, safe="")


def test_binning_in_the_draft_changes_nothing_for_the_public_until_published(
    client: Client, world: dict
) -> None:
    from django.utils import timezone

    from meetings import services
    from oparl.stamps import format_datetime

    _age(world)
    before = format_datetime(timezone.now().replace(microsecond=0))
    item_url = f"{ROOT}agendaitem/{world['binned_item'].pk}/"
    file_pk = world["binned_file"].pk
    file_url = f"{ROOT}file/{file_pk}/"
    meeting_url = f"{ROOT}meeting/{world['meeting'].pk}/"
    files_list = f"/oparl/v1.1/body/{world['kkr'].pk}/file/"
    seen = {u: get_json(client, u) for u in (item_url, file_url, meeting_url)}
    list_etag = client.get(files_list)["ETag"]

    services.agenda_item_delete(actor=None, item_id=world["binned_item"].pk)
    services.attachment_delete(actor=None, attachment_id=file_pk)

    # The portal still serves the published version, and so does OParl: same objects, same
    # modified, same list ETag; the files still download.
    from django.contrib.auth.models import AnonymousUser

    from meetings.selectors import attachment_get_for_user

    assert attachment_get_for_user(pk=file_pk, user=AnonymousUser()).pk == file_pk
    for url, data in seen.items():
        assert get_json(client, url) == data, url
    assert client.get(files_list, HTTP_IF_NONE_MATCH=list_etag).status_code == 304
    for suffix in ("access/", "download/"):
        response = client.get(f"/oparl/v1.1/file/{file_pk}/{suffix}")
        assert response.status_code == 200
        b"".join(response.streaming_content)
    changed = get_json(client, f"{SITE}{files_list}?modified_since={_since(before)}")
    assert changed["data"] == []

    # Published: now they are tombstones, and the file is gone (410).
    services.minutes_publish(
        actor=None, meeting_id=world["meeting"].pk, change_note="Binned", confirm_missing=True
    )
    for url in (item_url, file_url):
        data = get_json(client, url)
        assert data["deleted"] is True and data["modified"] >= before
    assert client.get(f"/oparl/v1.1/file/{file_pk}/download/").status_code == 410
    changed = get_json(client, f"{SITE}{files_list}?modified_since={_since(before)}")
    assert file_url in {o["id"] for o in changed["data"] if o.get("deleted")}
    assert client.get(files_list, HTTP_IF_NONE_MATCH=list_etag).status_code == 200


def test_editing_a_closed_item_in_the_draft_moves_no_public_modified(
    client: Client, world: dict
) -> None:
    from meetings import services
    from meetings.models import AgendaItem

    _age(world)
    closed_url = f"/oparl/v1.1/agendaitem/{world['closed'].pk}/"
    meeting_url = f"/oparl/v1.1/meeting/{world['meeting'].pk}/"
    lists = [f"/oparl/v1.1/body/{world['kkr'].pk}/{k}/" for k in ("agendaitem", "meeting")]
    before = {u: client.get(u) for u in (closed_url, meeting_url, *lists)}

    closed = AgendaItem.objects.get(pk=world["closed"].pk)
    services.agenda_item_update(
        actor=None,
        item_id=closed.pk,
        expected_version=closed.version,
        case_text="<p>A draft edit</p>",
    )
    for url, old in before.items():
        new = client.get(url)
        assert new["ETag"] == old["ETag"], url
        assert new["Last-Modified"] == old["Last-Modified"], url
        assert client.get(url, HTTP_IF_NONE_MATCH=old["ETag"]).status_code == 304
    assert get_json(client, SITE + closed_url)["modified"] == before[closed_url].json()["modified"]


def test_a_withdrawal_is_public_at_once(client: Client, world: dict) -> None:
    from meetings import services

    _age(world)
    files_list = f"/oparl/v1.1/body/{world['kkr'].pk}/file/"
    etag = client.get(files_list)["ETag"]
    services.attachment_withdraw(
        actor=None, attachment_id=world["open_file"].pk, reason="Published by mistake"
    )
    assert client.get(files_list, HTTP_IF_NONE_MATCH=etag).status_code == 200
    data = get_json(client, f"{ROOT}file/{world['open_file'].pk}/")
    assert data["deleted"] is True


class _OpenSpy:
    """Counts the files read from the (real) storage."""

    def __init__(self) -> None:
        self.opened: list[str] = []
        self.sized: list[str] = []


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> _OpenSpy:
    found = _OpenSpy()
    real_open, real_size = default_storage.open, default_storage.size

    def open_(name: str, *args: Any, **kwargs: Any) -> Any:
        found.opened.append(name)
        return real_open(name, *args, **kwargs)

    def size(name: str) -> int:
        found.sized.append(name)
        return real_size(name)

    monkeypatch.setattr(default_storage, "open", open_)
    monkeypatch.setattr(default_storage, "size", size)
    return found


@pytest.mark.parametrize("kind", ["meeting", "agendaitem", "file", "location"])
def test_a_304_on_a_list_costs_a_few_queries_and_reads_no_file(
    client: Client, world: dict, spy: _OpenSpy, kind: str
) -> None:
    url = f"/oparl/v1.1/body/{world['kkr'].pk}/{kind}/"
    first = client.get(url)
    assert first.status_code == 200
    cache.clear()  # a cold checksum cache (or Redis down) must not matter for a 304
    spy.opened.clear()
    spy.sized.clear()
    for headers in (
        {"HTTP_IF_NONE_MATCH": first["ETag"]},
        {"HTTP_IF_MODIFIED_SINCE": first["Last-Modified"]},
    ):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, **headers)
        assert response.status_code == 304
        assert response["ETag"] == first["ETag"]
        assert len(captured.captured_queries) <= 9, [q["sql"] for q in captured]
        assert not any("snapshot" in q["sql"] for q in captured.captured_queries)
    assert spy.opened == [] and spy.sized == []


@pytest.mark.parametrize("kind", ["meeting", "location"])
def test_a_304_on_a_meeting_reads_no_file(
    client: Client, world: dict, spy: _OpenSpy, kind: str
) -> None:
    url = f"/oparl/v1.1/{kind}/{world['meeting'].pk}/"
    first = client.get(url)
    assert first.status_code == 200
    cache.clear()
    spy.opened.clear()
    spy.sized.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304
    assert len(captured.captured_queries) <= 9, [q["sql"] for q in captured]
    assert spy.opened == [] and spy.sized == []
    # Not for a meeting the public may not see.
    assert client.get(f"/oparl/v1.1/{kind}/{world['planned'].pk}/").status_code == 404
    never = client.get(f"/oparl/v1.1/{kind}/{world['planned'].pk}/", HTTP_IF_NONE_MATCH="*")
    assert never.status_code == 404


def test_a_page_reads_the_files_and_texts_of_its_objects_only(
    client: Client, world: dict, spy: _OpenSpy
) -> None:
    from extraction.models import AttachmentText, ExtractionStatus
    from meetings.models import Attachment

    # Texts for every attachment, the closed ones too: only the page's public ones are read.
    for attachment in Attachment.all_objects.filter(item__meeting=world["meeting"]):
        AttachmentText.objects.update_or_create(
            attachment=attachment,
            defaults={"status": ExtractionStatus.DONE, "text": f"TEXT{attachment.pk}"},
        )
    cache.clear()
    url = f"/oparl/v1.1/body/{world['kkr'].pk}/file/?limit=1"
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url).json()
    assert len(page["data"]) == 1 and page["pagination"]["totalElements"] > 1
    assert len(set(spy.opened)) <= 1
    text_queries = [
        q["sql"]
        for q in captured.captured_queries
        if "attachmenttext" in q["sql"] and "t_read" not in q["sql"]
    ]
    assert len(text_queries) <= 1
    for query in text_queries:
        found = re.search(r"IN \(([^)]*)\)", query)
        assert found is not None and len(found.group(1).split(",")) == 1, query
    # The whole list has every public file's checksum and text, and no closed one's text.
    full = client.get(f"/oparl/v1.1/body/{world['kkr'].pk}/file/").json()["data"]
    texts = {o.get("text") for o in full}
    assert f"TEXT{world['open_file'].pk}" in texts
    assert f"TEXT{world['closed_file'].pk}" not in texts
    assert all(o.get("sha512Checksum") for o in full if not o.get("deleted"))


def test_a_secretariat_only_change_of_a_meeting_moves_no_public_modified(
    client: Client, world: dict
) -> None:
    """A planned publication date or a request to approve the minutes is the secretariat's:
    it leaves a history row on the meeting but changes nothing the public reads."""
    from django.utils import timezone

    from meetings.models import Meeting

    _age(world)
    urls = [
        f"/oparl/v1.1/meeting/{world['meeting'].pk}/",
        f"/oparl/v1.1/body/{world['kkr'].pk}/meeting/",
    ]
    before = {u: client.get(u) for u in urls}
    meeting = Meeting.objects.get(pk=world["meeting"].pk)
    meeting.minutes_approval_requested_at = timezone.now()
    meeting.save()
    for url, old in before.items():
        assert client.get(url, HTTP_IF_NONE_MATCH=old["ETag"]).status_code == 304, url
    # A public change (the place) does move it.
    meeting.place = "Et andet sted"
    meeting.save()
    for url, old in before.items():
        new = client.get(url, HTTP_IF_NONE_MATCH=old["ETag"])
        assert new.status_code == 200, url
        assert new["Last-Modified"] != old["Last-Modified"]
