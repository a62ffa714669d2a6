from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from councils.models import Body
from meetings import services


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def kd_net(demo) -> Body:
    return Body.objects.get(slug="kd-net-midtjylland")


def at(year: int, month: int, day: int, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour))


@pytest.fixture
def meeting(kd_net):
    return services.meeting_schedule(
        actor=None,
        body=kd_net,
        starts_at=at(2014, 8, 22),
        ends_at=at(2014, 8, 22, 11),
        place="Medborgerhuset, Silkeborg",
    )


# A meeting with an open and a closed item, closed and open attachments, agenda and minutes
# published (tests/meetings/test_closed_items.py, test_api_kept_items.py).
SECRET = "Fortrolig sag om budgetforhandlinger"
SECRET_DECISION = "Det blev besluttet at forhandle videre i fortrolighed"


@pytest.fixture
def published(meeting):
    open_item = services.agenda_item_add(
        actor=None, meeting=meeting, title="Åbent punkt", case_text="<p>Offentlig tekst</p>"
    )
    closed = services.agenda_item_add(
        actor=None,
        meeting=meeting,
        title=SECRET,
        case_text="<p>Hemmelig tekst</p>",
        is_closed=True,
        decision=f"<p>{SECRET_DECISION}</p>",
    )
    pdf = b"%PDF-1.4\n%%EOF\n"
    [on_closed] = services.attachments_add(
        actor=None, item=closed, files=[("Hemmeligt bilag", SimpleUploadedFile("h.pdf", pdf))]
    )
    [closed_on_open] = services.attachments_add(
        actor=None,
        item=open_item,
        files=[("Lukket bilag", SimpleUploadedFile("l.pdf", pdf))],
        is_closed=True,
    )
    [open_attachment] = services.attachments_add(
        actor=None, item=open_item, files=[("Åbent bilag", SimpleUploadedFile("o.pdf", pdf))]
    )
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    services.minutes_publish(actor=None, meeting_id=meeting.pk, confirm_missing=True)
    return {
        "meeting": meeting,
        "on_closed": on_closed,
        "closed_on_open": closed_on_open,
        "open_attachment": open_attachment,
    }
