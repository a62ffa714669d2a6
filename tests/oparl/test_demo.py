"""Every OParl object of the demo data validates against the OParl 1.1 schemas (all pages
of all lists of all bodies), and the demo's closed items show the public their number only."""

from __future__ import annotations

from django.db.models import Q
from django.test import Client

from tests.oparl.conftest import Crawl
from tests.oparl.test_oparl import ROOT, _check_object


def test_every_object_of_the_demo_validates(client: Client, demo: dict) -> None:
    from meetings.demo import load_meeting_demo
    from meetings.models import AgendaItem

    load_meeting_demo()

    crawl = Crawl(client)
    found = crawl.run()
    assert len(found) > 100
    for obj in found.values():
        _check_object(obj)
    closed = AgendaItem.objects.filter(
        Q(is_closed=True) | Q(parent__is_closed=True), meeting__agenda_published_at__isnull=False
    ).values_list("pk", flat=True)
    shown = [
        found[f"{ROOT}agendaitem/{pk}/"] for pk in closed if f"{ROOT}agendaitem/{pk}/" in found
    ]
    assert shown
    for item in shown:
        assert item["public"] is False
        assert set(item) == {"id", "type", "number", "order", "public", "created", "modified"}
