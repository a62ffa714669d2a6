"""Published means published: the public reads what was published until the secretariat
publishes again; cancelling publishes nothing; a sub-item of a closed item is closed
everywhere; files listed in a published version stay reachable (or are withdrawn); what a
later version closes is withdrawn from the public; versions can be opened and compared;
deleting goes to a bin; the meeting's history is the secretariat's."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from meetings import services
from meetings.models import AgendaItem, Attachment, Meeting, MeetingPdf, Newsletter
from tests.meetings.test_closed_items import _log_in

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def english_pages(client: Client) -> None:
    """The pages in English, so the assertions do not depend on the translations."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _file(name: str = "b.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF)


def test_cancelling_a_meeting_whose_agenda_was_never_published_publishes_nothing(
    client: Client, meeting, kd_net
) -> None:
    item = services.agenda_item_add(actor=None, meeting=meeting, title="Hemmelig plan")
    [attachment] = services.attachments_add(actor=None, item=item, files=[("Plan", _file())])
    services.meeting_cancel(actor=None, meeting_id=meeting.pk)

    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert client.get(f"/api/meetings/{meeting.pk}/").status_code == 404
    assert meeting.pk not in [m["id"] for m in client.get("/api/meetings/").json()["results"]]
    assert b"meeting-%d@" % meeting.pk not in client.get("/moeder/kalender.ics").content
    assert "Hemmelig plan" not in client.get(kd_net.get_absolute_url()).content.decode()
    download = reverse("meetings:attachment_download", args=[attachment.pk])
    assert client.get(download).status_code == 404
    _log_in(client, "medlem")
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_a_cancelled_meeting_whose_agenda_went_out_stays_visible_marked_cancelled(
    client: Client, meeting
) -> None:
    services.agenda_item_add(actor=None, meeting=meeting, title="Punkt")
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    services.meeting_cancel(actor=None, meeting_id=meeting.pk)
    assert client.get(meeting.get_absolute_url()).status_code == 200
    calendar = client.get("/moeder/kalender.ics").content.decode()
    assert f"meeting-{meeting.pk}@" in calendar and "CANCELLED" in calendar


def test_edits_after_publishing_are_a_draft_until_published_again(client: Client, meeting) -> None:
    item = services.agenda_item_add(actor=None, meeting=meeting, title="Oprindelig titel")
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    services.agenda_item_update(
        actor=None, item_id=item.pk, expected_version=item.version, title="Ny titel"
    )
    services.agenda_item_add(actor=None, meeting=meeting, title="Nyt punkt")

    for who in (None, "medlem"):
        if who:
            _log_in(client, who)
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert "Oprindelig titel" in page and "Ny titel" not in page and "Nyt punkt" not in page
        titles = [i["title"] for i in client.get(f"/api/meetings/{meeting.pk}/").json()["items"]]
        assert "Oprindelig titel" in titles and "Ny titel" not in titles
        assert "Nyt punkt" not in titles
        client.logout()

    _log_in(client, "sekretariat")
    client.cookies["django_language"] = "en"  # logging out above dropped the cookie
    draft = client.get(meeting.get_absolute_url()).content.decode()
    assert "Ny titel" in draft and "Nyt punkt" in draft
    assert "not yet published" in draft
    client.logout()

    services.agenda_publish(actor=None, meeting_id=meeting.pk, change_note="Nyt punkt")
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Ny titel" in page and "Nyt punkt" in page


def test_a_sub_item_of_a_closed_item_is_closed_whatever_its_own_flag(
    client: Client, meeting
) -> None:
    closed = services.agenda_item_add(
        actor=None, meeting=meeting, title="Lukket hovedpunkt", is_closed=True
    )
    sub = services.agenda_item_add(
        actor=None,
        meeting=meeting,
        title="Fortroligt underpunkt",
        parent=closed,
        case_text="<p>Fortrolig tekst</p>",
        decision="<p>Fortrolig beslutning</p>",
    )
    assert sub.is_closed is False  # its own flag says open
    services.agenda_item_add(
        actor=None, meeting=meeting, title="Åbent punkt", decision="<p>Åben beslutning</p>"
    )
    [attachment] = services.attachments_add(actor=None, item=sub, files=[("Bilag", _file())])
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    services.minutes_publish(actor=None, meeting_id=meeting.pk, confirm_missing=True)

    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Fortroligt underpunkt" not in page and "Fortrolig" not in page
    api = client.get(f"/api/meetings/{meeting.pk}/").json()
    redacted = [i for i in api["items"] if "." in i["number"]]
    assert redacted == [{"number": redacted[0]["number"], "is_closed": True}]
    download = reverse("meetings:attachment_download", args=[attachment.pk])
    assert client.get(download).status_code == 404
    public_pdf = MeetingPdf.objects.get(
        version__meeting=meeting, version__document="minutes", audience="public"
    )
    assert "Fortrolig" not in public_pdf.html
    newsletter = Newsletter.objects.get(meeting=meeting)
    assert "Fortrolig" not in newsletter.content and "Åben beslutning" in newsletter.content

    _log_in(client, "medlem")
    assert "Fortroligt underpunkt" in client.get(meeting.get_absolute_url()).content.decode()
    assert client.get(download).status_code == 200
    client.logout()
    _log_in(client, "sekretariat")
    editor = client.get(reverse("meetings:agenda_edit", args=[meeting.pk])).content.decode()
    sub_row = editor[editor.index("Fortroligt underpunkt") :][:400]
    assert 'class="badge"' in sub_row  # shown as closed in the editor too


def test_closing_an_item_and_publishing_again_withdraws_older_public_files(
    client: Client, meeting
) -> None:
    item = services.agenda_item_add(actor=None, meeting=meeting, title="Følsomt punkt")
    [attachment] = services.attachments_add(actor=None, item=item, files=[("Bilag", _file())])
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    first_pdf = MeetingPdf.objects.get(version__number=1, audience="public")
    first_pdf.file.save("v1.pdf", ContentFile(PDF), save=False)
    first_pdf.status = MeetingPdf.Status.READY
    first_pdf.save()
    download = reverse("meetings:attachment_download", args=[attachment.pk])
    pdf_url = reverse("meetings:meeting_pdf_download", args=[first_pdf.pk, "dokument"])
    assert client.get(download).status_code == 200
    assert client.get(pdf_url).status_code == 200

    services.agenda_item_update(
        actor=None, item_id=item.pk, expected_version=item.version, is_closed=True
    )
    services.agenda_publish(actor=None, meeting_id=meeting.pk, change_note="Punktet er lukket")

    assert client.get(download).status_code == 404
    assert client.get(pdf_url).status_code == 404
    old_version = reverse("meetings:version_detail", args=[meeting.pk, "agenda", 1])
    assert "Følsomt punkt" not in client.get(old_version).content.decode()
    _log_in(client, "sekretariat")
    assert client.get(pdf_url).status_code == 200  # kept for the secretariat
    assert client.get(download).status_code == 200


def test_an_attachment_deleted_from_the_draft_stays_downloadable_from_the_published_version(
    client: Client, meeting
) -> None:
    item = services.agenda_item_add(actor=None, meeting=meeting, title="Punkt")
    [attachment] = services.attachments_add(actor=None, item=item, files=[("Bilag", _file())])
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    download = reverse("meetings:attachment_download", args=[attachment.pk])

    _log_in(client, "sekretariat")
    confirm = client.post(reverse("meetings:attachment_delete", args=[attachment.pk]))
    assert confirm.status_code == 200 and "Yes, delete" in confirm.content.decode()
    assert Attachment.objects.filter(pk=attachment.pk).exists()  # asked, nothing done yet
    client.post(reverse("meetings:attachment_delete", args=[attachment.pk]), {"confirm": "yes"})
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert (
        "Bilag" in client.get(reverse("meetings:meeting_bin", args=[meeting.pk])).content.decode()
    )
    client.logout()

    assert client.get(download).status_code == 200
    assert b"%PDF" in b"".join(client.get(download).streaming_content)

    _log_in(client, "sekretariat")
    client.post(
        reverse("meetings:attachment_withdraw", args=[attachment.pk]),
        {"reason": "Offentliggjort ved en fejl"},
    )
    client.logout()
    assert client.get(download).status_code == 404
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Offentliggjort ved en fejl" in page


def test_withdrawing_needs_a_reason_and_keeps_what_was_typed(client: Client, meeting) -> None:
    item = services.agenda_item_add(actor=None, meeting=meeting, title="Punkt")
    [attachment] = services.attachments_add(actor=None, item=item, files=[("Bilag", _file())])
    _log_in(client, "sekretariat")
    response = client.post(
        reverse("meetings:attachment_withdraw", args=[attachment.pk]), {"reason": "   "}
    )
    assert response.status_code == 400
    assert "Say why the attachment is withdrawn." in response.content.decode()
    assert Attachment.objects.get(pk=attachment.pk).withdrawn_at is None


def test_a_deleted_item_goes_to_the_bin_and_can_be_restored_in_its_place(
    client: Client, meeting
) -> None:
    before = [i.title for i in AgendaItem.objects.filter(meeting=meeting, parent=None)]
    item = services.agenda_item_add(actor=None, meeting=meeting, title="Midterpunkt")
    services.agenda_item_add(actor=None, meeting=meeting, title="Underpunkt", parent=item)
    order = [i.pk for i in AgendaItem.objects.filter(meeting=meeting, parent=None)]
    _log_in(client, "sekretariat")
    client.post(reverse("meetings:item_delete", args=[item.pk]), {"confirm": "yes"})
    assert [i.title for i in AgendaItem.objects.filter(meeting=meeting, parent=None)] == before
    assert not AgendaItem.objects.filter(title="Underpunkt").exists()  # goes with its parent
    response = client.post(reverse("meetings:item_restore", args=[item.pk]))
    assert response.status_code == 302
    assert [i.pk for i in AgendaItem.objects.filter(meeting=meeting, parent=None)] == order
    assert AgendaItem.objects.filter(title="Underpunkt").exists()
    history = client.get(reverse("meetings:meeting_history", args=[meeting.pk])).content.decode()
    assert "Midterpunkt" in history and "Moved to the bin" in history
    assert "+00:00" not in history  # times in local time, as people read them


def test_the_bin_and_history_are_the_secretariats_only(client: Client, meeting) -> None:
    services.agenda_item_add(actor=None, meeting=meeting, title="Punkt")
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    for url in (
        reverse("meetings:meeting_bin", args=[meeting.pk]),
        reverse("meetings:meeting_history", args=[meeting.pk]),
    ):
        assert client.get(url).status_code == 302  # to the log-in
        _log_in(client, "medlem")
        assert client.get(url).status_code == 403
        client.logout()


def test_two_versions_are_compared_per_item_without_revealing_closed_content(
    client: Client, meeting
) -> None:
    kept = services.agenda_item_add(actor=None, meeting=meeting, title="Bliver ændret")
    gone = services.agenda_item_add(actor=None, meeting=meeting, title="Bliver fjernet")
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    services.agenda_item_update(
        actor=None, item_id=kept.pk, expected_version=kept.version, case_text="<p>Ny tekst</p>"
    )
    services.agenda_item_delete(actor=None, item_id=gone.pk)
    services.agenda_item_add(
        actor=None, meeting=meeting, title="Hemmeligt nyt punkt", is_closed=True
    )
    services.agenda_publish(actor=None, meeting_id=meeting.pk, change_note="Rettelser")

    url = reverse("meetings:version_compare", args=[meeting.pk, "agenda", 2])
    page = client.get(url).content.decode()
    assert "Changed" in page and "case text" in page and "Bliver ændret" in page
    assert "Removed" in page and "Bliver fjernet" in page
    assert "Added" in page and "Hemmeligt nyt punkt" not in page
    _log_in(client, "medlem")
    assert "Hemmeligt nyt punkt" in client.get(url).content.decode()
    assert client.get(url + "?med=x").status_code == 400
    assert client.get(url + "?med=7").status_code == 404


def test_the_change_note_is_plain_text_in_feeds_and_pages(client: Client, meeting) -> None:
    services.agenda_item_add(actor=None, meeting=meeting, title="Punkt")
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    note = '<script>alert("x")</script><b>fed</b>'
    services.agenda_publish(actor=None, meeting_id=meeting.pk, change_note=note)
    for feed in ("feed_rss", "feed_atom"):
        body = client.get(reverse(f"meetings:{feed}", args=["kd-net-midtjylland"])).content
        # Escaped twice: once for XML, once so a reader shows the note as text.
        assert b"&amp;lt;script&amp;gt;" in body and b"<script>" not in body
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize("name", ["meeting_detail", "calendar_all"])
def test_head_is_answered_where_get_is(client: Client, meeting, name: str) -> None:
    services.agenda_item_add(actor=None, meeting=meeting, title="Punkt")
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    url = reverse(
        f"meetings:{name}", **({"args": [meeting.pk]} if name == "meeting_detail" else {})
    )
    response = client.head(url)
    assert response.status_code == 200 and response.content == b""


def test_the_newsletter_draft_leaves_out_sub_items_of_closed_items(meeting) -> None:
    closed = services.agenda_item_add(actor=None, meeting=meeting, title="Lukket", is_closed=True)
    services.agenda_item_add(
        actor=None, meeting=meeting, title="Under lukket", parent=closed, decision="<p>Nej</p>"
    )
    draft = services.newsletter_draft_from_minutes(
        actor=None, meeting=Meeting.objects.get(pk=meeting.pk)
    )
    assert draft is not None and "Under lukket" not in draft.content


def test_an_item_deleted_while_someone_edits_it_keeps_what_they_typed(
    client: Client, meeting
) -> None:
    item = services.agenda_item_add(actor=None, meeting=meeting, title="Punkt")
    _log_in(client, "sekretariat")
    client.cookies["django_language"] = "en"
    services.agenda_item_delete(actor=None, item_id=item.pk)
    response = client.post(
        reverse("meetings:item_edit", args=[item.pk]),
        {
            "title": "Min nye titel",
            "kind": "information",
            "case_text": "<p>Min lange tekst</p>",
            "version": str(item.version),
        },
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "deleted in the meantime" in page
    assert 'value="Min nye titel"' in page and "Min lange tekst" in page
    assert AgendaItem.all_objects.get(pk=item.pk).title == "Punkt"  # nothing saved


def test_a_conflicting_newsletter_edit_shows_the_other_editors_text(
    client: Client, meeting
) -> None:
    newsletter = services.newsletter_create(
        actor=None, body=meeting.body, title="Nyhedsbrev", content="<p>Udkast</p>"
    )
    services.newsletter_update(
        actor=None,
        newsletter_id=newsletter.pk,
        title="Nyhedsbrev",
        content="<p>Den anden redaktørs tekst</p>",
        version=newsletter.version,
    )
    _log_in(client, "sekretariat")
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("meetings:newsletter_edit", args=[newsletter.pk]),
        {"title": "Min titel", "content": "<p>Min tekst</p>", "version": newsletter.version},
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Den anden redaktørs tekst" in page and "Min tekst" in page


def test_the_history_shows_statuses_as_people_read_them(client: Client, meeting) -> None:
    services.agenda_item_add(actor=None, meeting=meeting, title="Punkt")
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    _log_in(client, "sekretariat")
    client.cookies["django_language"] = "en"
    history = client.get(reverse("meetings:meeting_history", args=[meeting.pk])).content.decode()
    assert "Planned → Agenda published" in history and "agenda_published" not in history
