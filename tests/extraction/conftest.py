from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from councils.models import Body
from meetings import services
from meetings.models import AgendaItem, Attachment
from tests.meetings.conftest import at


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


SECRETARY = "extraction-secretary"
PASSWORD = "correct horse battery"


def make_item(title: str = "Flygtningekvoter 2027") -> AgendaItem:
    """An item of a new meeting of one body, whose secretariat is ``SECRETARY``. Factories,
    not the demo: loading the demo takes seconds per test."""
    from tests.factories import AffiliationFactory, BodyFactory, RegionFactory, UserFactory

    body = Body.objects.filter(slug="extraction-organ").first()
    if body is None:
        body = BodyFactory(
            name="Extraction Organ", slug="extraction-organ", region=RegionFactory(country="DK")
        )
        AffiliationFactory(user=UserFactory(username=SECRETARY), body=body)
    meeting = services.meeting_schedule(
        actor=None, body=body, starts_at=at(2026, 3, 6), place="Regionshuset, Viborg"
    )
    return services.agenda_item_add(actor=None, meeting=meeting, title=title)


def upload(item: AgendaItem, name: str, data: bytes, title: str = "") -> Attachment:
    [attachment] = services.attachments_add(
        actor=None, item=item, files=[(title or name, SimpleUploadedFile(name, data))]
    )
    return attachment
