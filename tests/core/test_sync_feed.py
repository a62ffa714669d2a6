"""Keeping a copy in sync through the REST lists (issue 15, decision 0033): ``created`` and
``modified`` on every synced record, moved by every write path; ``?modified_since=`` as a
change feed paged by cursor with the tombstones of deleted records in their places."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements import services as agreement_services
from agreements.models import Agreement, Goal
from core.models import Tombstone
from councils.models import Body, Region
from kkr_portal.api_urls import router
from tests.kkr_portal.test_openapi import data  # noqa: F401 (a fixture: records in every list)

pytestmark = pytest.mark.django_db

LONG_AGO = "2000-01-01T00:00:00+01:00"


def _feed(client: Client, url: str, **params: Any) -> list[dict[str, Any]]:
    """Every entry of a change feed, following the "next" links."""
    entries: list[dict[str, Any]] = []
    response = client.get(url, params)
    while True:
        assert response.status_code == 200, response.content
        page = response.json()
        assert set(page) == {"next", "results"}
        entries += page["results"]
        if page["next"] is None:
            return entries
        response = client.get(page["next"])


def _agreement(title: str, kind: str = "Resultatkontrakt") -> Agreement:
    """A draft agreement of KD-Net Midtjylland (the demo), from 2025."""
    return agreement_services.agreement_create(
        actor=None,
        body=Body.objects.get(slug="kd-net-midtjylland"),
        title=title,
        start=dt.date(2025, 1, 1),
        new_kind=kind,
    )


def _region(code: str, name: str) -> Region:
    return Region.objects.create(code=code, name=name, slug=name.lower(), country="DK")


def test_every_write_path_moves_modified_and_created_stays() -> None:
    region = _region("9901", "Prøve")
    created, first = region.created, region.modified
    region.name = "Prøveregion"
    region.save(update_fields=["name"])
    region.refresh_from_db()
    assert region.created == created and region.modified > first

    # A bulk update and bulk_update bypass save(): modified moves all the same.
    before = region.modified
    Region.objects.filter(pk=region.pk).update(name="Prøve igen")
    region.refresh_from_db()
    assert region.modified > before
    before = region.modified
    region.name = "Prøve tre"
    Region.objects.bulk_update([region], ["name"])
    region.refresh_from_db()
    assert region.modified > before and region.name == "Prøve tre"


def test_a_part_the_api_embeds_moves_its_records_modified(demo) -> None:
    agreement = _agreement("Resultatkontrakt 2025")
    before = Agreement.objects.get(pk=agreement.pk).modified
    goal = Goal.objects.create(agreement=agreement, title="Flere i job", position=1)
    after_create = Agreement.objects.get(pk=agreement.pk).modified
    assert after_create > before
    goal.delete()
    assert Agreement.objects.get(pk=agreement.pk).modified > after_create


def test_history_rows_leave_the_timestamps_out() -> None:
    region = _region("9902", "Historik")
    region.name = "Historik 2"
    region.save()
    row = region.history.latest()
    assert not hasattr(row, "modified") and not hasattr(row, "created")


def test_the_feed_pages_by_cursor_through_changes_and_deletions_in_order(client: Client) -> None:
    since = timezone.now()
    regions = [_region(f"98{n:02d}", f"Region{n}") for n in range(5)]
    regions[1].name = "Region1 ny"
    regions[1].save()  # now the newest change: it moves to the end of the feed
    regions[2].delete()

    entries = _feed(client, "/api/regions/", modified_since=since.isoformat(), page_size=2)
    assert [(e["code"], e.get("deleted", False)) for e in entries] == [
        ("9800", False),
        ("9803", False),
        ("9804", False),
        ("9801", False),
        ("9802", True),
    ]
    assert entries[-1] == {
        "code": "9802",
        "deleted": True,
        "modified": entries[-1]["modified"],
    }
    assert entries[3]["name"] == "Region1 ny"
    # Oldest change first, each with its created and modified (with an offset).
    stamps = [dt.datetime.fromisoformat(e["modified"]) for e in entries]
    assert stamps == sorted(stamps) and all(s.tzinfo is not None for s in stamps)
    assert all("created" in e for e in entries[:4])

    # From the newest modified seen, the next sync gets only what changed after.
    newest = entries[-1]["modified"]
    assert _feed(client, "/api/regions/", modified_since=newest) == [entries[-1]]
    regions[0].name = "Region0 ny"
    regions[0].save()
    assert [e["code"] for e in _feed(client, "/api/regions/", modified_since=newest)] == [
        "9802",
        "9800",
    ]


def test_a_record_changed_while_a_client_pages_comes_again_later(client: Client) -> None:
    since = timezone.now().isoformat()
    regions = [_region(f"97{n:02d}", f"Side{n}") for n in range(4)]
    first = client.get("/api/regions/", {"modified_since": since, "page_size": 2}).json()
    assert [e["code"] for e in first["results"]] == ["9700", "9701"]
    regions[0].name = "Side0 ny"
    regions[0].save()
    rest = _feed_from(client, first["next"])
    assert [e["code"] for e in rest] == ["9702", "9703", "9700"]


def _feed_from(client: Client, url: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    next_url: str | None = url
    while next_url:
        page = client.get(next_url).json()
        entries += page["results"]
        next_url = page["next"]
    return entries


def test_only_records_the_public_could_see_leave_a_tombstone(client: Client, demo) -> None:
    since = timezone.now().isoformat()

    def make(title: str) -> Agreement:
        return _agreement(title)

    public = make("Offentlig aftale")
    agreement_services.agreement_put_in_force(actor=None, agreement_id=public.pk)
    draft = make("Hemmeligt udkast")
    public_pk, draft_pk = public.pk, draft.pk
    Agreement.objects.get(pk=public_pk).delete()
    Agreement.objects.get(pk=draft_pk).delete()

    # The draft's existence was never public: no tombstone tells of it.
    assert list(Tombstone.objects.values_list("resource", "object_id")) == [
        ("agreements.agreement", public_pk)
    ]
    entries = _feed(client, "/api/agreements/", modified_since=since)
    assert [e for e in entries if e.get("deleted")] == [
        {"id": public_pk, "deleted": True, "modified": entries[-1]["modified"]}
    ]
    assert all(e["id"] != draft_pk for e in entries)


def test_without_modified_since_lists_page_by_number_as_before(client: Client) -> None:
    _region("9601", "Nummer")
    page = client.get("/api/regions/").json()
    assert {"count", "next", "previous", "results"} <= set(page)
    assert all(not e.get("deleted") for e in page["results"])


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"modified_since": "2024-01-31"}, "modified_since"),
        ({"modified_since": "2024-01-31T09:00:00"}, "modified_since"),
        ({"modified_since": "i går"}, "modified_since"),
        ({"modified_since": ""}, "modified_since"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": ""}, "cursor"),
        ({"modified_since": LONG_AGO, "page": "2"}, "page"),
    ],
)
def test_a_bad_feed_parameter_is_a_400_naming_it_in_danish(
    client: Client, params: dict[str, str], name: str
) -> None:
    response = client.get("/api/regions/", params)
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [name]
    assert any(word in body[name][0].lower() for word in ("angiv", "gyldig", "sider")), body


@pytest.mark.usefixtures("data")
def test_every_rest_list_is_a_change_feed(client: Client) -> None:
    """Each list of the router, with records in it (the OpenAPI test's data: the demo's
    composition and quotas, agreements, a published meeting, a newsletter, a public request
    for input), answers a feed whose every entry has created and modified."""
    for prefix, _viewset, basename in router.registry:
        url = reverse(f"{basename}-list")
        page = client.get(url, {"modified_since": LONG_AGO, "page_size": 3})
        assert page.status_code == 200, (prefix, page.content)
        results = page.json()["results"]
        assert results, f"{prefix}: no records to check"
        assert all({"created", "modified"} <= set(entry) for entry in results), prefix


def test_a_feed_page_costs_the_same_queries_for_few_and_many_changes(client: Client) -> None:
    since = timezone.now().isoformat()
    _region("9501", "Få")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/regions/", {"modified_since": since})
    for n in range(2, 30):
        _region(f"95{n:02d}", f"Mange{n}")
    with CaptureQueriesContext(connection) as many:
        client.get("/api/regions/", {"modified_since": since})
    assert len(many.captured_queries) == len(few.captured_queries)


def test_tombstones_are_forgotten_after_the_retention(client: Client) -> None:
    from core.models import tombstones_prune

    old = _region("9401", "Gammel")
    new = _region("9402", "Ny")
    old.delete()
    new.delete()
    Tombstone.objects.filter(key="9401").update(deleted_at=timezone.now() - dt.timedelta(days=400))
    assert tombstones_prune(days=365) == 1
    assert list(Tombstone.objects.values_list("key", flat=True)) == ["9402"]
    feed = _feed(client, "/api/regions/", modified_since=LONG_AGO)
    assert [e["code"] for e in feed if e.get("deleted")] == ["9402"]


def test_an_agreement_made_internal_is_a_tombstone_and_comes_back_when_public_again(
    client: Client, demo
) -> None:
    agreement = _agreement("Aftale der skifter")
    agreement_services.agreement_put_in_force(actor=None, agreement_id=agreement.pk)
    since = timezone.now().isoformat()

    def update(**fields: Any) -> None:
        current = Agreement.objects.get(pk=agreement.pk)
        agreement_services.agreement_update(
            actor=None,
            agreement_id=agreement.pk,
            expected_version=current.version,
            change_note="Ændret",
            **fields,
        )

    update(title="Aftale der skifter (rettet)")  # still public: no tombstone
    assert not Tombstone.objects.exists()
    update(is_internal=True)
    feed = _feed(client, "/api/agreements/", modified_since=since)
    assert [(e["id"], e.get("deleted", False)) for e in feed] == [(agreement.pk, True)]
    update(summary="Intern rettelse")  # internal already: nothing more to tell
    assert Tombstone.objects.count() == 1
    update(is_internal=False)
    feed = _feed(client, "/api/agreements/", modified_since=since)
    assert [(e["id"], e.get("deleted", False)) for e in feed] == [
        (agreement.pk, True),
        (agreement.pk, False),
    ]


def test_a_track_or_matrix_leaves_a_tombstone_only_when_its_agreement_was_public(demo) -> None:
    """Parts are as public as their agreement (agreements.access.public_part_pks)."""
    from agreements import services_plans

    def agreement_with_parts(title: str) -> tuple[Any, Any]:
        agreement = _agreement(title, "Handleplan")
        track = services_plans.track_add(actor=None, agreement=agreement, title=f"Spor {title}")
        matrix = services_plans.matrix_create(
            actor=None,
            agreement=agreement,
            title=f"Matrix {title}",
            levels=["K"],
            sections=["M"],
        )
        return agreement, (track, matrix)

    public, public_parts = agreement_with_parts("offentlig")
    agreement_services.agreement_put_in_force(actor=None, agreement_id=public.pk)
    _draft, draft_parts = agreement_with_parts("udkast")
    for part in (*public_parts, *draft_parts):
        type(part).objects.get(pk=part.pk).delete()
    assert sorted(Tombstone.objects.values_list("resource", "object_id")) == sorted(
        [
            ("agreements.track", public_parts[0].pk),
            ("agreements.planmatrix", public_parts[1].pk),
        ]
    )


def test_the_tracks_and_matrices_of_an_agreement_made_internal_follow_it(
    client: Client, demo
) -> None:
    from agreements import services_plans

    agreement = _agreement("Plan", "Handleplan")
    track = services_plans.track_add(actor=None, agreement=agreement, title="Spor")
    matrix = services_plans.matrix_create(
        actor=None, agreement=agreement, title="Matrix", levels=["K"], sections=["M"]
    )
    agreement_services.agreement_put_in_force(actor=None, agreement_id=agreement.pk)
    since = timezone.now().isoformat()

    def make_internal(value: bool) -> None:
        current = Agreement.objects.get(pk=agreement.pk)
        agreement_services.agreement_update(
            actor=None,
            agreement_id=agreement.pk,
            expected_version=current.version,
            change_note="Ændret",
            is_internal=value,
        )

    make_internal(True)
    for url, part in (("/api/agreement-tracks/", track), ("/api/plan-matrices/", matrix)):
        feed = _feed(client, url, modified_since=since)
        assert [(e["id"], e.get("deleted", False)) for e in feed] == [(part.pk, True)], url
    make_internal(False)
    for url, part in (("/api/agreement-tracks/", track), ("/api/plan-matrices/", matrix)):
        feed = _feed(client, url, modified_since=since)
        assert [(e["id"], e.get("deleted", False)) for e in feed] == [
            (part.pk, True),
            (part.pk, False),
        ], url
