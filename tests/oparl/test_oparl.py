"""The OParl 1.1 endpoint read as a client reads it: every object valid, lists paginated
with their filters kept, tombstones for what left the public's view, closed content never
shown, CORS, conditional GET, strict parameters, deleted files."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.test import Client

from tests.oparl.conftest import (
    SECRETS,
    SITE,
    TYPE,
    Crawl,
    after_publishing_changes,
    get_json,
    path_of,
    validator_for,
)

DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
ROOT = f"{SITE}/oparl/v1.1/"


def _walk(value: Any) -> Any:
    """Every JSON object inside ``value`` (itself included)."""
    if isinstance(value, dict):
        yield value
        for inner in value.values():
            yield from _walk(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _walk(inner)


def _check_object(obj: dict) -> None:
    errors = sorted(validator_for(obj["type"]).iter_errors(obj), key=str)
    assert not errors, (obj["id"], [e.message for e in errors])
    for inner in _walk(obj):
        if "type" in inner and str(inner["type"]).startswith(TYPE):
            assert inner["id"].startswith(ROOT), inner["id"]
            assert DATETIME.match(inner["created"]), inner
            assert DATETIME.match(inner["modified"]), inner
            assert (
                inner["created"] <= inner["modified"]
                or inner["created"][:19] <= inner["modified"][:19]
            )
        required = (
            validator_for(inner["type"]).schema["required"]
            if str(inner.get("type", "")).startswith(TYPE)
            else []
        )
        for key, value in inner.items():
            # Optional empty values are left out (a required list stays); no null anywhere.
            assert value is not None and value != "", (inner.get("id"), key)
            assert value != [] or key in required, (inner.get("id"), key)
            if isinstance(value, str) and key not in ("name", "description", "text"):
                assert not value.endswith("Z") or not DATETIME.match(value[:-1] + "+00:00")


def _ts(value: str) -> str:
    return quote(value, safe="")


def test_every_object_of_the_crawl_validates_and_is_served_at_its_id(
    client: Client, world: dict
) -> None:
    after_publishing_changes(world)
    crawl = Crawl(client, "limit=2")
    found = crawl.run()
    types = {obj["type"].removeprefix(TYPE) for obj in found.values()}
    assert types >= {
        "System",
        "Body",
        "Organization",
        "Person",
        "Membership",
        "Meeting",
        "AgendaItem",
        "File",
        "Location",
        "LegislativeTerm",
    }
    assert len(crawl.pages) > 15  # several pages per list: pagination was walked
    for obj in found.values():
        _check_object(obj)
        served = get_json(client, obj["id"])
        _check_object(served)
        assert {k: v for k, v in served.items() if k != "text"} == {
            k: v for k, v in obj.items() if k != "text"
        }
    # Embedded objects validate too (through the schemas' references) and carry stamps.
    meeting = found[f"{ROOT}meeting/{world['meeting'].pk}/"]
    assert meeting["agendaItem"] and meeting["resultsProtocol"]["accessUrl"]
    assert meeting["location"]["description"] == "Rådhuset, Aarhus"


def test_unpublished_meetings_never_appear(client: Client, world: dict) -> None:
    crawl = Crawl(client)
    found = crawl.run()
    for meeting in (world["planned"], world["never"]):
        assert f"{ROOT}meeting/{meeting.pk}/" not in found
        assert client.get(f"/oparl/v1.1/meeting/{meeting.pk}/").status_code == 404
    crawl_since = Crawl(client, "modified_since=" + _ts("2000-01-01T00:00:00+01:00"))
    assert f"{ROOT}meeting/{world['never'].pk}/" not in crawl_since.run()
    called_off = found[f"{ROOT}meeting/{world['called_off'].pk}/"]
    assert called_off["cancelled"] is True


def test_closed_items_show_the_public_only_number_order_and_public_false(
    client: Client, world: dict
) -> None:
    after_publishing_changes(world)
    for query in ("", "modified_since=" + _ts("2000-01-01T00:00:00+01:00")):
        crawl = Crawl(client, query)
        found = crawl.run()
        everything = b"".join(crawl.raw)
        for obj in found.values():
            everything += client.get(path_of(obj["id"])).content
        for secret in SECRETS:
            assert secret.encode() not in everything, secret
    closed = found[f"{ROOT}agendaitem/{world['closed'].pk}/"]
    assert closed["public"] is False
    assert set(closed) == {"id", "type", "number", "order", "public", "created", "modified"}
    sub = found[f"{ROOT}agendaitem/{world['sub'].pk}/"]
    assert sub["public"] is False and sub["number"].endswith(".1")
    opened = found[f"{ROOT}agendaitem/{world['open_item'].pk}/"]
    assert opened["public"] is True and opened["name"] == "Open item"
    files = [f["id"] for f in opened["auxiliaryFile"]]
    assert files == [f"{ROOT}file/{world['open_file'].pk}/"]
    for hidden in ("closed_file", "closed_on_open"):
        assert client.get(f"/oparl/v1.1/file/{world[hidden].pk}/").status_code == 404


def test_tombstones_appear_with_modified_since_only(client: Client, world: dict) -> None:
    from django.utils import timezone

    from oparl.stamps import format_datetime

    before = format_datetime(timezone.now().replace(microsecond=0))
    after_publishing_changes(world)
    gone = {
        f"{ROOT}agendaitem/{world['binned_item'].pk}/",
        f"{ROOT}agendaitem/{world['later'].pk}/",
        f"{ROOT}file/{world['binned_file'].pk}/",
    }
    plain = Crawl(client).run()
    assert not gone & set(plain)
    assert not any(o.get("deleted") for o in plain.values())
    since = Crawl(client, "modified_since=" + _ts(before)).run()
    assert gone <= set(since)
    for url in gone:
        assert set(since[url]) == {"id", "type", "created", "modified", "deleted"}
        assert since[url]["deleted"] is True
        assert since[url]["modified"] >= before
        # The object's own URL answers 200 with the tombstone (protocol 2.8).
        assert get_json(client, url) == since[url]
    # The meeting that embeds them moved too, and no longer embeds them.
    meeting = since[f"{ROOT}meeting/{world['meeting'].pk}/"]
    assert not gone & {i["id"] for i in meeting["agendaItem"]}
    # Nothing changed since "now": an empty list (not the unchanged objects).
    far = "2999-01-01T00:00:00+01:00"
    page = get_json(client, f"{ROOT}body/{world['kkr'].pk}/agendaitem/?modified_since={_ts(far)}")
    assert page["data"] == [] and page["pagination"]["totalElements"] == 0


def test_list_links_keep_the_filters_and_pages_are_stable(client: Client, world: dict) -> None:
    query = (
        "created_since="
        + _ts("2000-01-01T00:00:00+01:00")
        + "&modified_until="
        + _ts("2999-12-31T23:59:59+01:00")
        + "&omit_internal=true&limit=2"
    )
    base = f"{ROOT}body/{world['kkr'].pk}/agendaitem/"
    first = get_json(client, f"{base}?{query}")
    pagination = first["pagination"]
    assert pagination["elementsPerPage"] == 2 and pagination["currentPage"] == 1
    assert pagination["totalPages"] == -(-pagination["totalElements"] // 2) > 2
    links = first["links"]
    assert set(links) == {"first", "self", "next", "last"}
    ids: list[str] = []
    page = first
    while True:
        ids.extend(o["id"] for o in page["data"])
        for name, link in page["links"].items():
            params = parse_qs(urlsplit(link).query)
            assert params["created_since"] == ["2000-01-01T00:00:00+01:00"], name
            assert params["modified_until"] == ["2999-12-31T23:59:59+01:00"], name
            assert params["omit_internal"] == ["true"] and params["limit"] == ["2"], name
        for obj in page["data"]:
            assert "auxiliaryFile" not in obj  # omit_internal
        if "next" not in page["links"]:
            assert "prev" in page["links"]
            break
        page = get_json(client, page["links"]["next"])
    assert len(ids) == len(set(ids)) == pagination["totalElements"]
    # The same walk again gives the same order.
    again = get_json(client, f"{base}?{query}")
    assert [o["id"] for o in again["data"]] == ids[:2]
    # created_until before everything: nothing.
    early = get_json(client, f"{base}?created_until={_ts('2001-01-01T00:00:00+01:00')}")
    assert early["data"] == []


def test_cors_etag_last_modified_and_304(client: Client, world: dict) -> None:
    for url in (
        "/oparl/v1.1/",
        f"/oparl/v1.1/body/{world['kkr'].pk}/meeting/",
        f"/oparl/v1.1/meeting/{world['meeting'].pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["Content-Type"].startswith("application/json")
        etag, last_modified = response["ETag"], response["Last-Modified"]
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304 and not again.content
        assert again["ETag"] == etag and again["Access-Control-Allow-Origin"] == "*"
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
        assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200
        old = "Sat, 01 Jan 2000 00:00:00 GMT"
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=old).status_code == 200
    # A change makes a new ETag.
    url = f"/oparl/v1.1/meeting/{world['meeting'].pk}/"
    etag = client.get(url)["ETag"]
    after_publishing_changes(world)
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    # Errors carry CORS too.
    assert client.get("/oparl/v1.1/meeting/999999/")["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("modified_since=yesterday", "modified_since"),
        ("created_since=2024-01-01", "created_since"),
        ("created_until=2024-01-01T10:00:00", "created_until"),
        ("modified_until=2024-13-01T10:00:00%2B01:00", "modified_until"),
        ("omit_internal=maybe", "omit_internal"),
        ("limit=0", "limit"),
        ("page=-1", "page"),
        ("page=abc", "page"),
        ("colour=blue", "colour"),
        ("limit=2&limit=3", "limit"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(
    client: Client, world: dict, query: str, parameter: str
) -> None:
    response = client.get(f"/oparl/v1.1/body/{world['kkr'].pk}/meeting/?{query}")
    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    error = response.json()
    assert error["type"] == "https://schema.oparl.org/1.1/Error"
    assert parameter in error["message"] and error["debug"] == parameter


def test_errors_speak_the_callers_language_and_odd_input_is_never_a_5xx(
    client: Client, world: dict
) -> None:
    url = f"/oparl/v1.1/body/{world['kkr'].pk}/meeting/?colour=blue"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["message"]
    assert english.startswith("The parameter “colour” is not known here")
    danish = client.get(url, HTTP_ACCEPT_LANGUAGE="da").json()["message"]
    swedish = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").json()["message"]
    assert "colour" in danish and "colour" in swedish
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "en"
    for odd in (
        "/oparl/v1.1/meeting/99999999999999/",
        "/oparl/v1.1/body/1/unknown/",
        "/oparl/v1.1/nothing/here/",
        "/oparl/v1.1/file/0/download/",
        f"/oparl/v1.1/body/{world['kkr'].pk}/meeting/?page=999",
        f"/oparl/v1.1/body/{world['kkr'].pk}/meeting/?limit=99999999999999999999999",
    ):
        response = client.get(odd)
        assert response.status_code < 500, odd
        assert response["Access-Control-Allow-Origin"] == "*", odd
        if response.status_code >= 400:
            assert response.json()["type"].endswith("/Error")
    assert client.post("/oparl/v1.1/").status_code == 405
    # A NUL character is refused by the portal's input guard before any view (a 400).
    nul = client.get(f"/oparl/v1.1/body/{world['kkr'].pk}/meeting/?modified_since=%00")
    assert nul.status_code == 400


def test_an_unencoded_plus_in_a_date_is_read_as_plus(client: Client, world: dict) -> None:
    response = client.get(
        f"/oparl/v1.1/body/{world['kkr'].pk}/meeting/?modified_since=2000-01-01T00:00:00+01:00"
    )
    assert response.status_code == 200


def test_files_open_inline_download_as_attachment_and_a_deleted_one_is_410(
    client: Client, world: dict
) -> None:
    from meetings.models import Attachment

    data = get_json(client, f"{ROOT}file/{world['open_file'].pk}/")
    access = client.get(path_of(data["accessUrl"]))
    assert access.status_code == 200
    assert "attachment" not in access.get("Content-Disposition", "")
    body = b"".join(access.streaming_content)
    assert len(body) == data["size"]
    import hashlib

    assert hashlib.sha512(body).hexdigest() == data["sha512Checksum"]
    download = client.get(path_of(data["downloadUrl"]))
    assert download["Content-Disposition"].startswith("attachment;")
    assert 'filename="Open file.pdf"' in download["Content-Disposition"]
    b"".join(download.streaming_content)
    assert data["mimeType"] == "application/pdf"

    binned = get_json(client, f"{ROOT}file/{world['binned_file'].pk}/")
    assert "deleted" not in binned
    after_publishing_changes(world)
    assert Attachment.all_objects.get(pk=world["binned_file"].pk).deleted_at is not None
    for suffix in ("access/", "download/"):
        gone = client.get(f"/oparl/v1.1/file/{world['binned_file'].pk}/{suffix}")
        assert gone.status_code == 410
        assert gone.json()["type"].endswith("/Error")
    # A file the public never saw is not there at all.
    assert client.get(f"/oparl/v1.1/file/{world['closed_file'].pk}/download/").status_code == 404
    # The minutes' PDF is a File too.
    meeting = get_json(client, f"{ROOT}meeting/{world['meeting'].pk}/")
    pdf = client.get(path_of(meeting["resultsProtocol"]["downloadUrl"]))
    assert pdf.status_code == 200 and pdf["Content-Disposition"].startswith("attachment;")
    b"".join(pdf.streaming_content)


def test_text_of_a_file_is_given_when_it_is_known(client: Client, world: dict) -> None:
    from extraction.models import AttachmentText, ExtractionStatus

    fields = {f.name for f in AttachmentText._meta.get_fields()}
    values: dict[str, Any] = {
        "attachment": world["open_file"],
        "status": ExtractionStatus.DONE,
        "text": "Read from the file",
    }
    AttachmentText.objects.update_or_create(
        attachment=world["open_file"],
        defaults={k: v for k, v in values.items() if k in fields and k != "attachment"},
    )
    data = get_json(client, f"{ROOT}file/{world['open_file'].pk}/")
    assert data["text"] == "Read from the file"


def test_a_list_page_does_not_grow_in_queries_with_its_objects(client: Client, world: dict) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings import services
    from tests.factories import BodyFactory, MembershipFactory, PersonFactory
    from tests.oparl.conftest import at, upload

    body = BodyFactory(name="Query body", slug="query-body")

    def grow(count: int) -> None:
        for n in range(count):
            meeting = services.meeting_schedule(
                actor=None, body=body, starts_at=at(-5 - n), place=f"Sted {n}"
            )
            item = services.agenda_item_add(actor=None, meeting=meeting, title=f"Punkt {n}")
            services.agenda_item_add(actor=None, meeting=meeting, title="Lukket", is_closed=True)
            services.attachments_add(actor=None, item=item, files=[("Bilag", upload(f"q{n}"))])
            services.agenda_publish(actor=None, meeting_id=meeting.pk)
            MembershipFactory(person=PersonFactory(), body=body, start=dt.date(2020, 1, 1))

    lists = ("meeting", "agendaitem", "file", "person", "membership", "organization")

    def counts() -> dict[str, int]:
        out = {}
        for kind in lists:
            url = f"/oparl/v1.1/body/{body.pk}/{kind}/"
            client.get(url)  # fills the checksum cache
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200
            out[kind] = len(captured.captured_queries)
        return out

    grow(10)
    small = counts()
    assert get_json(client, f"{ROOT}body/{body.pk}/meeting/")["pagination"]["totalElements"] == 10
    grow(40)
    assert get_json(client, f"{ROOT}body/{body.pk}/meeting/")["pagination"]["totalElements"] == 50
    assert counts() == small


def test_a_url_without_its_final_slash_is_sent_to_the_canonical_one(
    client: Client, world: dict
) -> None:
    response = client.get(f"/oparl/v1.1/meeting/{world['meeting'].pk}?omit_internal=true")
    assert response.status_code == 301
    assert response["Location"] == f"/oparl/v1.1/meeting/{world['meeting'].pk}/?omit_internal=true"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.get("/oparl/v1.1/nothing").status_code == 404


def test_a_sync_client_sees_withdrawals_and_restores(client: Client, world: dict) -> None:
    """Withdrawing a file makes it a tombstone at once; an item binned and published is a
    tombstone, and taken back from the bin and published again it comes back with a newer
    ``modified`` than its tombstone, so a client that deleted it fetches it again."""
    from django.utils import timezone

    from meetings import services
    from oparl.stamps import format_datetime

    base = f"{ROOT}body/{world['kkr'].pk}/"
    start = format_datetime(timezone.now().replace(microsecond=0))
    services.attachment_withdraw(
        actor=None, attachment_id=world["open_file"].pk, reason="Published by mistake"
    )
    services.agenda_item_delete(actor=None, item_id=world["binned_item"].pk)
    services.minutes_publish(
        actor=None, meeting_id=world["meeting"].pk, change_note="Bin", confirm_missing=True
    )
    changed = get_json(client, f"{base}file/?modified_since={_ts(start)}")
    withdrawn = {o["id"]: o for o in changed["data"]}[f"{ROOT}file/{world['open_file'].pk}/"]
    assert withdrawn["deleted"] is True
    assert client.get(f"/oparl/v1.1/file/{world['open_file'].pk}/download/").status_code == 410
    items = get_json(client, f"{base}agendaitem/?modified_since={_ts(start)}")["data"]
    binned_url = f"{ROOT}agendaitem/{world['binned_item'].pk}/"
    tomb = {o["id"]: o for o in items}[binned_url]
    assert tomb["deleted"] is True

    services.agenda_item_restore(actor=None, item_id=world["binned_item"].pk)
    services.minutes_publish(
        actor=None, meeting_id=world["meeting"].pk, change_note="Bin", confirm_missing=True
    )
    items = get_json(client, f"{base}agendaitem/?modified_since={_ts(tomb['modified'])}")["data"]
    back = {o["id"]: o for o in items}[binned_url]
    assert "deleted" not in back and back["name"] == "Binned later"
    assert back["modified"] >= tomb["modified"]


def test_a_deleted_membership_and_term_leave_tombstones(client: Client, world: dict) -> None:
    from django.utils import timezone

    from councils.models import Membership, Term
    from oparl.stamps import format_datetime

    start = format_datetime(timezone.now().replace(microsecond=0))
    membership = Membership.objects.filter(body=world["group"]).get()
    term = Term.objects.filter(body=world["kkr"]).order_by("start").first()
    assert term is not None
    membership_url = f"{ROOT}membership/{membership.pk}/"
    term_url = f"{ROOT}legislativeterm/{term.pk}/"
    created = get_json(client, membership_url)["created"]
    membership.delete()
    term.delete()
    group_list = f"{ROOT}body/{world['group'].pk}/membership/"
    assert get_json(client, group_list)["data"] == []
    since = get_json(client, f"{group_list}?modified_since={_ts(start)}")["data"]
    assert [m for m in since if m.get("deleted")] == [get_json(client, membership_url)]
    assert since[0]["deleted"] is True and since[0]["created"] == created
    terms = f"{ROOT}body/{world['kkr'].pk}/legislativeterm/?modified_since={_ts(start)}"
    # (Objects made in the same second as ``start`` may come too: whole seconds.)
    assert [t["id"] for t in get_json(client, terms)["data"] if t.get("deleted")] == [term_url]
    body = get_json(client, f"{ROOT}body/{world['kkr'].pk}/")
    assert term_url not in {t["id"] for t in body["legislativeTerm"]}
    person = get_json(client, f"{ROOT}person/{world['member'].pk}/")
    assert membership_url not in {m["id"] for m in person["membership"]}
    assert person["modified"] >= start


def test_a_deleted_person_and_body_leave_tombstones(client: Client, world: dict) -> None:
    """Removed for good (the admin, an erasure): with modified_since a system learns of it
    in the body's person list and the body list; the object URL answers the tombstone."""
    from django.utils import timezone

    from councils.models import Membership
    from oparl.stamps import format_datetime
    from tests.factories import BodyFactory

    start = format_datetime(timezone.now().replace(microsecond=0))
    member, group = world["member"], world["group"]
    person_url = f"{ROOT}person/{member.pk}/"
    created = get_json(client, person_url)["created"]
    persons = f"{ROOT}body/{group.pk}/person/"
    assert person_url in {p["id"] for p in get_json(client, persons)["data"]}
    Membership.objects.filter(person=member).delete()  # protected: they go first
    member.delete()

    assert person_url not in {p["id"] for p in get_json(client, persons)["data"]}
    since = get_json(client, f"{persons}?modified_since={_ts(start)}")["data"]
    tomb = get_json(client, person_url)
    assert [p for p in since if p.get("deleted")] == [tomb]
    assert tomb["type"] == "https://schema.oparl.org/1.1/Person"
    assert tomb["created"] == created and tomb["modified"] >= start

    # A body made by mistake and removed again (one with meetings is protected).
    mistake = BodyFactory(name="Fejloprettet udvalg")
    group_url = f"{ROOT}body/{mistake.pk}/"
    bodies = f"{ROOT}body/"
    assert group_url in {b["id"] for b in get_json(client, bodies)["data"]}
    mistake.delete()
    assert group_url not in {b["id"] for b in get_json(client, bodies)["data"]}
    since = get_json(client, f"{bodies}?modified_since={_ts(start)}")["data"]
    assert [b for b in since if b.get("deleted")] == [get_json(client, group_url)]
    assert get_json(client, group_url)["deleted"] is True
