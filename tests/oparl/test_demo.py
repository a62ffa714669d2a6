"""Every OParl object of the demo data validates against the OParl 1.1 schemas (all pages
of all lists of all bodies), and no closed text of the demo reaches the public."""

from __future__ import annotations

from django.test import Client

from tests.oparl.conftest import Crawl
from tests.oparl.test_oparl import _check_object


def test_every_object_of_the_demo_validates(client: Client, demo: dict) -> None:
    from meetings.models import AgendaItem

    crawl = Crawl(client)
    found = crawl.run()
    assert len(found) > 100
    for obj in found.values():
        _check_object(obj)
    open_titles = set(AgendaItem.objects.filter(is_closed=False).values_list("title", flat=True))
    closed_titles = [
        title
        for title in AgendaItem.objects.filter(is_closed=True).values_list("title", flat=True)
        if len(title) > 12 and title not in open_titles
    ]
    assert closed_titles
    everything = b"".join(crawl.raw).decode()
    for title in closed_titles:
        assert title not in everything, title
