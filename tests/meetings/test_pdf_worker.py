"""PDFs produced by a real Celery worker process through Redis, on PostgreSQL: after the
publishing transaction commits, and again after the worker is killed in the middle."""

from __future__ import annotations

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from councils.models import Body
from meetings import services
from meetings.demo import placeholder_pdf
from meetings.models import MeetingPdf
from tests.meetings.conftest import at

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.worker, pytest.mark.pdf]

CASE_TEXT = "<p>" + "Sagen beskrives her med baggrund, økonomi og videre proces. " * 40 + "</p>"


def _meeting(items: int):
    from councils.demo import load_demo

    load_demo()
    body = Body.objects.get(slug="kd-net-midtjylland")
    meeting = services.meeting_schedule(
        actor=None, body=body, starts_at=at(2026, 1, 9), place="Regionshuset, Viborg"
    )
    for number in range(items):
        services.agenda_item_add(
            actor=None,
            meeting=meeting,
            title=f"Sag nummer {number + 1}",
            case_text=CASE_TEXT,
            is_closed=number == 0,
        )
    return meeting


def _wait_for(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def _statuses(meeting) -> dict[str, str]:
    return dict(
        MeetingPdf.objects.filter(version__meeting=meeting).values_list("audience", "status")
    )


def test_publishing_queues_the_pdfs_after_commit_and_a_worker_makes_them(worker_factory):
    meeting = _meeting(3)
    pdf = placeholder_pdf("Budgetoversigt")
    item = meeting.items.get(title="Sag nummer 2")
    services.attachments_add(
        actor=None, item=item, files=[("Budgetoversigt", SimpleUploadedFile("b.pdf", pdf))]
    )
    worker_factory()
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    _wait_for(lambda: set(_statuses(meeting).values()) == {"ready"}, 90, "both PDFs to be ready")
    members = MeetingPdf.objects.get(version__meeting=meeting, audience="members")
    with members.combined_file.open("rb") as handle:
        combined = PdfReader(io.BytesIO(handle.read()))
    assert len(combined.pages) == members.pages + 1
    response = Client().get(
        reverse(
            "meetings:meeting_pdf_download",
            args=[
                MeetingPdf.objects.get(version__meeting=meeting, audience="public").pk,
                "dokument",
            ],
        )
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_worker_killed_mid_pdf_serves_nothing_half_written_and_the_next_worker_makes_it(
    worker_factory,
):
    meeting = _meeting(120)
    first = worker_factory("first", KKR_PDF_LEASE_SECONDS="4")
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    _wait_for(lambda: "rendering" in _statuses(meeting).values(), 60, "a PDF being produced")
    first.kill()
    rendering = MeetingPdf.objects.get(version__meeting=meeting, status="rendering")
    assert not rendering.file  # nothing to serve
    page = Client().get(reverse("meetings:meeting_pdfs", args=[meeting.pk, "agenda"]))
    assert page.status_code == 200
    killed_link = reverse("meetings:meeting_pdf_download", args=[rendering.pk, "dokument"])
    assert killed_link not in page.content.decode()
    assert (
        Client()
        .get(reverse("meetings:meeting_pdf_download", args=[rendering.pk, "dokument"]))
        .status_code
        == 404
    )

    worker_factory("second", KKR_PDF_LEASE_SECONDS="4")
    _wait_for(
        lambda: set(_statuses(meeting).values()) == {"ready"}, 120, "the PDFs after the restart"
    )
    rendering.refresh_from_db()
    assert rendering.attempts == 2
    with rendering.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    assert len(reader.pages) == rendering.pages > 10
