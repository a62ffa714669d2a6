"""Meeting lists, pages and API endpoints keep a fixed number of queries as they grow."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from meetings import services
from tests.meetings.conftest import at

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def _pages_made_each_time(settings) -> None:
    """These count the queries of making a page; a kept public page costs none
    (``core.page_cache``, tests/core/test_page_cache.py)."""
    settings.PAGE_CACHE_SECONDS = 0


def _grow(meeting, items: int) -> None:
    for number in range(items):
        item = services.agenda_item_add(
            actor=None, meeting=meeting, title=f"Punkt {number}", is_closed=number % 3 == 0
        )
        services.agenda_item_add(actor=None, meeting=meeting, title="Under", parent=item)
        services.attachments_add(
            actor=None, item=item, files=[("Bilag", SimpleUploadedFile("b.pdf", PDF))]
        )


def test_the_meeting_page_and_api_detail_do_not_grow_with_items(
    client: Client, meeting, django_assert_num_queries
) -> None:
    from django.core.cache import cache

    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    client.get(meeting.get_absolute_url())
    cache.clear()
    # The public reads the published version's snapshot, never the item rows: meeting,
    # published versions (without their snapshots), withdrawn files, newsletter (no
    # attendance for the public), and the current version's snapshot while its agenda
    # is not kept; once kept, the snapshot is not read.
    with django_assert_num_queries(5) as page_queries:
        client.get(meeting.get_absolute_url())
    with django_assert_num_queries(4):
        cached = client.get(meeting.get_absolute_url())
    with django_assert_num_queries(3):
        client.get(f"/api/meetings/{meeting.pk}/")
    _grow(meeting, 12)
    # Edits after publishing are a draft: the public still reads the published version.
    with django_assert_num_queries(4):  # the same version: its agenda is kept
        draft_time = client.get(meeting.get_absolute_url())
    assert "Punkt 11" not in draft_time.content.decode()
    services.agenda_publish(actor=None, meeting_id=meeting.pk, change_note="Flere punkter")
    # Published again: a new version and a new cache key, with the same queries as the
    # first time.
    with django_assert_num_queries(len(page_queries.captured_queries)):
        grown = client.get(meeting.get_absolute_url())
    assert "Punkt 11" in grown.content.decode()
    assert "Punkt 11" not in cached.content.decode()
    with django_assert_num_queries(3):
        client.get(f"/api/meetings/{meeting.pk}/")


def test_the_meeting_list_api_and_body_page_do_not_grow_with_meetings(
    client: Client, kd_net, django_assert_num_queries
) -> None:
    def schedule(count: int, start_day: int) -> None:
        for day in range(count):
            meeting = services.meeting_schedule(
                actor=None, body=kd_net, starts_at=at(2015, 1, start_day + day)
            )
            services.agenda_publish(actor=None, meeting_id=meeting.pk)

    schedule(2, 1)
    with django_assert_num_queries(2):
        client.get("/api/meetings/", {"body": "kd-net-midtjylland"})
    client.get(kd_net.get_absolute_url())
    # Seven: the body, its seats (and those it appoints to elsewhere), their holders, the
    # term, the meetings, the members and the sub-bodies; the demo's seats have holders now.
    with django_assert_num_queries(7):
        client.get(kd_net.get_absolute_url())
    schedule(15, 5)
    with django_assert_num_queries(2):
        client.get("/api/meetings/", {"body": "kd-net-midtjylland"})
    with django_assert_num_queries(7):
        client.get(kd_net.get_absolute_url())


def test_the_pdf_page_and_newsletter_list_do_not_grow_with_versions(
    client: Client, meeting, django_assert_num_queries
) -> None:

    services.agenda_item_add(actor=None, meeting=meeting, title="Punkt")
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    first = services.newsletter_create(
        actor=None, body=meeting.body, title="Nyt", content="<p>x</p>"
    )
    services.newsletter_publish(actor=None, newsletter_id=first.pk)
    pdf_url = f"/moeder/{meeting.pk}/pdf/agenda/"
    list_url = f"/moeder/organ/{meeting.body.slug}/nyhedsbreve/"
    client.get(pdf_url)
    with django_assert_num_queries(2) as pdf_queries:  # meeting, its PDFs with versions
        client.get(pdf_url)
    with django_assert_num_queries(3) as list_queries:  # body, count, page
        client.get(list_url)
    for number in range(6):
        services.agenda_publish(actor=None, meeting_id=meeting.pk, change_note=f"Ændring {number}")
        newsletter = services.newsletter_create(
            actor=None, body=meeting.body, title=f"Nyt {number}", content="<p>x</p>"
        )
        services.newsletter_publish(actor=None, newsletter_id=newsletter.pk)
    with django_assert_num_queries(len(pdf_queries.captured_queries)):
        client.get(pdf_url)
    with django_assert_num_queries(len(list_queries.captured_queries)):
        client.get(list_url)


def test_the_meeting_list_with_items_does_not_grow_with_meetings_and_hides_closed_items(
    client: Client, kd_net, django_assert_num_queries
) -> None:
    def schedule(count: int, start_day: int) -> None:
        for day in range(count):
            meeting = services.meeting_schedule(
                actor=None, body=kd_net, starts_at=at(2016, 3, start_day + day)
            )
            _grow(meeting, 2)
            services.agenda_publish(actor=None, meeting_id=meeting.pk)

    url = "/api/meetings/?items=true&page_size=1000&body=kd-net-midtjylland"
    schedule(2, 1)
    # Made from the database: count, meetings, current versions, withdrawn files, snapshots.
    cache.clear()
    with django_assert_num_queries(5):
        client.get(url)
    # The versions' items are kept (meetings.api.views.items_by_meeting): no snapshots.
    with django_assert_num_queries(4):
        client.get(url)
    schedule(8, 5)
    cache.clear()
    with django_assert_num_queries(5):
        client.get(url)
    with django_assert_num_queries(4):
        response = client.get(url)
    data = response.json()
    assert data["count"] == 10 and len(data["results"]) == 10
    closed = [i for m in data["results"] for i in m["items"] if i["is_closed"]]
    assert closed and all(set(i) == {"number", "is_closed"} for i in closed)
    assert client.get("/api/meetings/?page_size=5000").json()["count"] == 10
    assert len(client.get("/api/meetings/?page_size=3").json()["results"]) == 3


def test_the_members_meeting_page_does_not_grow_with_who_left_during_the_meeting(
    client: Client, meeting, django_assert_num_queries
) -> None:
    """The attendance list says who left during the meeting: from the rows it has, not a
    query per person."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings.models import Attendance
    from tests.factories import PersonFactory
    from tests.meetings.test_closed_items import _log_in

    item = services.agenda_item_add(actor=None, meeting=meeting, title="Punkt")
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    _log_in(client, "medlem")

    def left(count: int) -> None:
        for _number in range(count):
            services.attendance_record(
                actor=None,
                meeting=meeting,
                person=PersonFactory(),
                status=Attendance.Status.PRESENT,
                left_after=item,
            )

    left(1)
    client.get(meeting.get_absolute_url())
    with CaptureQueriesContext(connection) as one:
        page = client.get(meeting.get_absolute_url())
    # Counted at once: the log is a bounded deque, and the slice moves as it rotates.
    queries = len(one.captured_queries)
    assert queries > 0
    assert "gik under mødet" in page.content.decode()
    left(4)
    client.get(meeting.get_absolute_url())
    with django_assert_num_queries(queries):
        page = client.get(meeting.get_absolute_url())
    assert page.content.decode().count("gik under mødet") == 5
