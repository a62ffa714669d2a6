"""PDF agendas and minutes: what the files contain (checked with pypdf and pdftotext), who
gets which variant, the status page, and the rules of producing them once and safely."""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from meetings import services
from meetings.models import AgendaItem, Meeting, MeetingPdf, PublishedVersion

pytestmark = pytest.mark.pdf


@pytest.fixture
def demo(demo):
    from meetings.demo import load_meeting_demo

    load_meeting_demo()
    return demo


def _text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


def _outline_titles(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(entries: list) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                titles.append(entry.title)

    walk(reader.outline)
    return titles


def _kd_net_minutes(audience: str) -> MeetingPdf:
    meeting = Meeting.objects.get(body__slug="kd-net-midtjylland", starts_at__year=2014)
    meeting_pdf = MeetingPdf.objects.get(
        version__meeting=meeting, version__document="minutes", audience=audience
    )
    assert services.meeting_pdf_render(pdf_id=meeting_pdf.pk) is True
    meeting_pdf.refresh_from_db()
    return meeting_pdf


def _read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def _log_in(client: Client, username: str) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": "demo-kkr-2026"}
    )
    assert response.status_code == 302


def test_minutes_pdf_is_tagged_with_language_title_bookmarks_and_page_numbers(demo):
    meeting_pdf = _kd_net_minutes("members")
    content = _read(meeting_pdf.file)
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "da"
    assert reader.metadata.title == "Referat: KD-Net Midtjylland 22.08.2014"
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
    pages = len(reader.pages)
    assert pages == meeting_pdf.pages and pages > 1
    text = _text(content)
    assert f"Side 1 af {pages}" in text and f"Side {pages} af {pages}" in text
    assert "Referat: KD-Net Midtjylland" in text
    assert "Peter Pedersen (for Niels Højberg)" in text
    assert "Afbud" in text and "Deltagere" in text
    items = list(AgendaItem.objects.filter(meeting=meeting_pdf.version.meeting, parent=None))
    bookmarks = _outline_titles(reader)
    # Every item is a bookmark and a line in the table of contents (with its page number).
    first = next(i for i in items if i.position == 0)
    assert f"1. {first.title}" in bookmarks
    assert re.search(r"1\. " + re.escape(first.title[:20]), text)
    assert "Indhold" in text


def test_public_pdf_leaves_out_every_closed_item_text(demo):
    meeting_pdf = _kd_net_minutes("public")
    meeting = meeting_pdf.version.meeting
    closed = list(AgendaItem.objects.filter(meeting=meeting, is_closed=True))
    assert closed, "the KD-Net demo meeting has closed items"
    public_text = _text(_read(meeting_pdf.file)) + _text(_read(meeting_pdf.combined_file))
    public_text = " ".join(public_text.split())
    members = _kd_net_minutes("members")
    members_text = " ".join(_text(_read(members.file)).split())
    open_text = " ".join(
        f"{i.title} {i.case_text} {i.decision}"
        for i in AgendaItem.objects.filter(meeting=meeting, is_closed=False)
    )
    for item in closed:
        if item.title not in open_text:  # "Eventuelt" may be both open and closed
            assert item.title not in public_text
        assert item.title in members_text
        for attachment in item.attachments.all():
            assert attachment.title not in public_text
    assert "Lukket punkt" in public_text
    assert "Offentlig udgave" in public_text


def test_closed_text_on_a_new_meeting_never_reaches_the_public_file(meeting):
    secret = "Fortroligt forhandlingsoplæg om grundkøb"
    services.agenda_item_add(actor=None, meeting=meeting, title="Åbent punkt om trafik")
    services.agenda_item_add(
        actor=None,
        meeting=meeting,
        title="Køb af grund",
        case_text=f"<p>{secret}</p>",
        recommendation="<p>Hemmelig indstilling om pris</p>",
        is_closed=True,
    )
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    version = PublishedVersion.objects.get(meeting=meeting, document="agenda")
    public = MeetingPdf.objects.get(version=version, audience="public")
    services.meeting_pdf_render(pdf_id=public.pk)
    public.refresh_from_db()
    text = " ".join(_text(_read(public.file)).split())
    assert "Åbent punkt om trafik" in text
    for word in ("Fortroligt", "grundkøb", "Køb af grund", "Hemmelig indstilling"):
        assert word not in text
    raw = _read(public.file) + _read(public.combined_file)
    assert "Køb af grund".encode() not in raw


def test_a_body_with_a_long_name_gets_its_pdfs_under_a_shortened_file_name(meeting):
    """The file name comes from the body's name when it has no short name; a long one
    used to exceed the column, and the PDF failed on every retry."""
    body = meeting.body
    body.name = "Det Regionale Arbejdsmarkedsråd for Hovedstaden, Sjælland og Bornholm " * 2
    body.short_name = ""
    body.save()
    services.agenda_item_add(actor=None, meeting=meeting, title="Åbent punkt om trafik")
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    version = PublishedVersion.objects.get(meeting=meeting, document="agenda")
    for meeting_pdf in MeetingPdf.objects.filter(version=version):
        # The first also produces the second: nothing is closed, so they are one document.
        services.meeting_pdf_render(pdf_id=meeting_pdf.pk)
        meeting_pdf.refresh_from_db()
        assert meeting_pdf.status == MeetingPdf.Status.READY
        for field in (meeting_pdf.file, meeting_pdf.combined_file):
            assert len(field.name) <= 100
            assert field.name.endswith(".pdf")
            assert _read(field).startswith(b"%PDF")


def test_combined_pdf_appends_pdf_attachments_bookmarked_as_bilag(demo):
    meeting_pdf = _kd_net_minutes("members")
    combined = PdfReader(io.BytesIO(_read(meeting_pdf.combined_file)))
    appended = len(meeting_pdf.appendices)
    assert appended == 16
    assert len(combined.pages) == meeting_pdf.pages + appended == meeting_pdf.combined_pages
    titles = _outline_titles(combined)
    first = meeting_pdf.appendices[0]
    assert f"Bilag 1: {first['title']}" in titles
    assert f"Bilag 16: {meeting_pdf.appendices[-1]['title']}" in titles


def test_an_attachment_that_is_not_a_pdf_is_listed_with_a_link(meeting, settings):
    settings.SITE_URL = "https://kkr.example.dk"
    item = services.agenda_item_add(actor=None, meeting=meeting, title="Budget")
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    [image] = services.attachments_add(
        actor=None, item=item, files=[("Kort over området", SimpleUploadedFile("kort.png", png))]
    )
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    meeting_pdf = MeetingPdf.objects.get(version__meeting=meeting, audience="members")
    services.meeting_pdf_render(pdf_id=meeting_pdf.pk)
    meeting_pdf.refresh_from_db()
    reader = PdfReader(io.BytesIO(_read(meeting_pdf.file)))
    uris = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    ]
    url = "https://kkr.example.dk" + reverse("meetings:attachment_download", args=[image.pk])
    assert url in uris
    assert meeting_pdf.appendices == []
    assert "Bilag 1: Kort over området" in _text(_read(meeting_pdf.file))


def test_both_editions_of_a_version_with_nothing_closed_are_produced_from_one_rendering(
    meeting, monkeypatch
):
    """The public and the members' edition are the same document when nothing is closed
    (and attendance is shown alike): it is rendered once and stored for both."""
    from core import pdf

    rendered = []
    real = pdf.html_to_pdf

    def counting(html: str) -> bytes:
        rendered.append(html)
        return real(html)

    monkeypatch.setattr(pdf, "html_to_pdf", counting)
    services.agenda_item_add(actor=None, meeting=meeting, title="Åbent punkt om trafik")
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    public = MeetingPdf.objects.get(version__meeting=meeting, audience="public")
    members = MeetingPdf.objects.get(version__meeting=meeting, audience="members")
    assert public.html == members.html
    assert "Offentlig udgave" not in public.html  # nothing is left out of it

    assert services.meeting_pdf_render(pdf_id=public.pk) is True
    assert len(rendered) == 1
    members.refresh_from_db()
    assert members.status == MeetingPdf.Status.READY
    assert services.meeting_pdf_render(pdf_id=members.pk) is False  # its own task: done
    assert len(rendered) == 1
    public.refresh_from_db()
    assert public.file.name != members.file.name  # each edition has its own files
    assert _read(public.file) == _read(members.file)
    assert _read(public.combined_file) == _read(members.combined_file)
    assert "Åbent punkt om trafik" in _text(_read(members.file))


def test_a_twin_is_given_back_when_producing_fails(meeting, monkeypatch):
    """A failure after the twin was claimed (here counting the pages) leaves it waiting, not
    claimed until the lease runs out."""
    from core import pdf

    def broken(content: bytes) -> int:
        raise OSError("disk full")

    services.agenda_item_add(actor=None, meeting=meeting, title="Åbent punkt om trafik")
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    public = MeetingPdf.objects.get(version__meeting=meeting, audience="public")
    members = MeetingPdf.objects.get(version__meeting=meeting, audience="members")
    monkeypatch.setattr(pdf, "pdf_page_count", broken)
    with pytest.raises(OSError, match="disk full"):
        services.meeting_pdf_render(pdf_id=public.pk)
    members.refresh_from_db()
    assert members.status == MeetingPdf.Status.PENDING
    monkeypatch.undo()
    assert services.meeting_pdf_render(pdf_id=members.pk) is True


def test_a_version_with_a_closed_item_gets_two_editions(meeting):
    services.agenda_item_add(actor=None, meeting=meeting, title="Åbent punkt om trafik")
    services.agenda_item_add(actor=None, meeting=meeting, title="Køb af grund", is_closed=True)
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    public = MeetingPdf.objects.get(version__meeting=meeting, audience="public")
    members = MeetingPdf.objects.get(version__meeting=meeting, audience="members")
    assert "Offentlig udgave" in public.html
    assert services.meeting_pdf_render(pdf_id=public.pk) is True
    members.refresh_from_db()
    assert members.status == MeetingPdf.Status.PENDING
    assert services.meeting_pdf_render(pdf_id=members.pk) is True
    members.refresh_from_db()
    assert "Køb af grund" in _text(_read(members.file))
    public.refresh_from_db()
    assert "Køb af grund" not in _text(_read(public.file))


def test_producing_a_pdf_twice_does_nothing_the_second_time(demo):
    meeting_pdf = _kd_net_minutes("public")
    assert services.meeting_pdf_render(pdf_id=meeting_pdf.pk) is False
    again = MeetingPdf.objects.get(pk=meeting_pdf.pk)
    assert again.file.name == meeting_pdf.file.name and again.attempts == 1


def test_a_live_claim_is_respected_and_an_expired_one_taken_over(meeting, settings):
    import datetime as dt

    from django.utils import timezone

    services.agenda_item_add(actor=None, meeting=meeting, title="Punkt")
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    meeting_pdf = MeetingPdf.objects.get(version__meeting=meeting, audience="public")
    MeetingPdf.objects.filter(pk=meeting_pdf.pk).update(
        status="rendering", claimed_at=timezone.now()
    )
    assert services.meeting_pdf_render(pdf_id=meeting_pdf.pk) is False
    assert services.meeting_pdfs_resume() == 0
    old = timezone.now() - dt.timedelta(seconds=settings.PDF_LEASE_SECONDS + 5)
    MeetingPdf.objects.filter(pk=meeting_pdf.pk).update(claimed_at=old)
    assert services.meeting_pdfs_resume() == 1  # eager: queued and produced at once
    meeting_pdf.refresh_from_db()
    assert meeting_pdf.status == "ready" and meeting_pdf.file


def test_a_failing_pdf_is_retried_then_shown_to_the_secretariat(
    demo, monkeypatch, django_capture_on_commit_callbacks
):
    from core import pdf

    calls = []

    def broken(html: str) -> bytes:
        calls.append(html)
        raise OSError("font cache unreadable")

    monkeypatch.setattr(pdf, "html_to_pdf", broken)
    # In-process tasks only run their retries when errors are not propagated to the caller.
    from kkr_portal.celery import app

    monkeypatch.setitem(app.conf, "task_eager_propagates", False)
    meeting = Meeting.objects.get(body__slug="kd-net-midtjylland", starts_at__year=2014)
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_publish(
            actor=None, meeting_id=meeting.pk, change_note="Rettet stavefejl", confirm_missing=True
        )
    version = PublishedVersion.objects.get(meeting=meeting, document="minutes", number=2)
    failed = MeetingPdf.objects.get(version=version, audience="members")
    assert failed.status == "failed"
    assert "font cache unreadable" in failed.error
    assert len(calls) == 2 * 6  # both audiences: the first try and five retries each
    client = Client()
    _log_in(client, "sekretariat")
    page = client.get(reverse("meetings:meeting_pdfs", args=[meeting.pk, "minutes"]))
    assert "font cache unreadable" in page.content.decode()
    assert "Try again" in page.content.decode() or "Prøv igen" in page.content.decode()
    # Version 1 is ready but is not offered as the current one.
    assert reverse("meetings:meeting_pdf_download", args=[failed.pk, "dokument"]) not in (
        page.content.decode()
    )
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:pdf_retry", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == "ready"


def test_status_page_never_offers_an_older_version_as_the_current_one(demo, client):
    meeting = Meeting.objects.get(body__slug="kd-net-midtjylland", starts_at__year=2014)
    v1 = _kd_net_minutes("public")
    services.minutes_publish(
        actor=None, meeting_id=meeting.pk, change_note="Tilføjet bilag", confirm_missing=True
    )
    v2 = MeetingPdf.objects.get(
        version__meeting=meeting, version__document="minutes", version__number=2, audience="public"
    )
    url = reverse("meetings:meeting_pdfs", args=[meeting.pk, "minutes"])
    page = client.get(url).content.decode()
    assert "data-poll" in page
    assert "Current version: 2" in page or "Gældende version: 2" in page
    old_link = reverse("meetings:meeting_pdf_download", args=[v1.pk, "dokument"])
    assert old_link in page
    current_block = page.split('id="pdf-status"')[1].split("</div>")[0]
    assert old_link not in current_block
    assert (
        client.get(reverse("meetings:meeting_pdf_download", args=[v2.pk, "dokument"])).status_code
        == 404
    )
    services.meeting_pdf_render(pdf_id=v2.pk)
    page = client.get(url).content.decode()
    assert "data-poll" not in page
    download = client.get(reverse("meetings:meeting_pdf_download", args=[v2.pk, "dokument"]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "v2-offentlig.pdf" in download["Content-Disposition"]


def test_the_public_gets_the_public_variant_and_members_the_full_one(demo):
    members = _kd_net_minutes("members")
    public = _kd_net_minutes("public")
    meeting = members.version.meeting
    url = reverse("meetings:meeting_pdfs", args=[meeting.pk, "minutes"])
    members_link = reverse("meetings:meeting_pdf_download", args=[members.pk, "samlet"])
    public_link = reverse("meetings:meeting_pdf_download", args=[public.pk, "samlet"])

    anonymous = Client()
    page = anonymous.get(url).content.decode()
    assert public_link in page and members_link not in page
    assert anonymous.get(members_link).status_code == 404
    assert anonymous.get(public_link).status_code == 200

    member = Client()
    _log_in(member, "medlem")
    page = member.get(url).content.decode()
    assert members_link in page
    response = member.get(members_link)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]

    contact = Client()  # a municipal contact is not a member of KD-Net
    _log_in(contact, "kontakt")
    assert contact.get(members_link).status_code == 404


def test_meeting_page_links_to_its_pdfs(demo, client):
    meeting = Meeting.objects.get(body__slug="kd-net-midtjylland", starts_at__year=2014)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("meetings:meeting_pdfs", args=[meeting.pk, "minutes"]) in page
    assert reverse("meetings:meeting_pdfs", args=[meeting.pk, "agenda"]) in page
    assert (
        client.get(reverse("meetings:meeting_pdfs", args=[meeting.pk, "other"])).status_code == 404
    )


def test_an_unreadable_pdf_attachment_is_left_out_of_the_combined_file_only(meeting, caplog):
    from meetings.demo import placeholder_pdf

    item = services.agenda_item_add(actor=None, meeting=meeting, title="Regnskab")
    services.attachments_add(
        actor=None,
        item=item,
        files=[
            ("Ødelagt fil", SimpleUploadedFile("o.pdf", b"%PDF-1.4\n%%EOF\n")),
            ("Regnskab 2025", SimpleUploadedFile("r.pdf", placeholder_pdf("Regnskab 2025"))),
        ],
    )
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    meeting_pdf = MeetingPdf.objects.get(version__meeting=meeting, audience="members")
    assert services.meeting_pdf_render(pdf_id=meeting_pdf.pk) is True
    meeting_pdf.refresh_from_db()
    assert meeting_pdf.status == "ready"
    assert meeting_pdf.combined_pages == meeting_pdf.pages + 1
    titles = _outline_titles(PdfReader(io.BytesIO(_read(meeting_pdf.combined_file))))
    assert "Bilag 2: Regnskab 2025" in titles
    assert not any("Ødelagt" in t for t in titles)
    assert "Bilag 1: Ødelagt fil" in _text(_read(meeting_pdf.file))  # still listed
    assert "Bilag 1: Ødelagt fil" in caplog.text
