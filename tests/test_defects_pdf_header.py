"""Issue 12, defect: the PDF page header printed "KDu002DNet" for "KD-Net" (JavaScript
escaping inside CSS). A body's name must print as written, hyphens and quotes included."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from django.template import Context, Template
from django.utils import timezone

from meetings import services
from meetings.models import MeetingPdf, PublishedVersion
from tests.factories import BodyFactory

pytestmark = pytest.mark.pdf

NAME = 'KD-Net "Øst" \\ <Syd>'


def _pdf_text(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode()


def test_css_string_escapes_quotes_backslashes_newlines_and_the_end_of_the_style_element():
    rendered = Template("{% load css_tags %}{{ value|css_string }}").render(
        Context({"value": 'a-"b"\\c\nd</style><script>'})
    )
    assert rendered == '"a-\\"b\\"\\\\c\\A d\\3C /style>\\3C script>"'


@pytest.mark.django_db
def test_page_header_prints_a_body_name_with_hyphen_and_quotes_as_written():
    body = BodyFactory(name=NAME, slug="kd-net-oest")
    meeting = services.meeting_schedule(
        actor=None,
        body=body,
        starts_at=timezone.make_aware(dt.datetime(2019, 9, 10, 9)),
        ends_at=None,
        place="Aarhus",
    )
    services.agenda_item_add(actor=None, meeting=meeting, title="Orientering")
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    version = PublishedVersion.objects.get(meeting=meeting, document="agenda")
    meeting_pdf = MeetingPdf.objects.get(version=version, audience="public")
    assert services.meeting_pdf_render(pdf_id=meeting_pdf.pk) is True
    meeting_pdf.refresh_from_db()
    with meeting_pdf.file.open("rb") as handle:
        text = _pdf_text(handle.read())
    header = text.splitlines()[0]
    assert header.startswith(NAME + " · ")
    assert "u002D" not in text and "u0022" not in text
