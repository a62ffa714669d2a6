"""Reads for meetings, and the one place where the closed-item rule is applied.

Everything that shows agenda content (pages, API, feeds, files) goes through
``agenda_for_user``: a closed item shows the public only its number and "Lukket punkt";
its title, presenter, texts, decision and attachments are left out entirely. The same holds
for closed attachments on open items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import F
from django.http import Http404
from django.utils import timezone

from accounts.rules import Action, can
from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Meeting,
    MeetingPdf,
    Newsletter,
    PublishedVersion,
)
from meetings.numbering import agenda_order, attachment_numbers


@dataclass(frozen=True)
class AttachmentView:
    pk: int
    number: int
    title: str
    content_type: str
    size: int


@dataclass(frozen=True)
class ItemView:
    pk: int
    number: str
    is_sub_item: bool
    is_closed: bool
    redacted: bool  # the viewer may not see this closed item's content
    title: str = ""
    presenter: str = ""
    kind: str = ""
    kind_label: str = ""
    case_text: str = ""
    recommendation: str = ""
    decision: str = ""
    attachments: list[AttachmentView] = field(default_factory=list)


def may_edit(user: Any, meeting: Meeting) -> bool:
    return may_edit_body(user, meeting.body)


def may_see_closed(user: Any, meeting: Meeting) -> bool:
    return can(user, Action.VIEW_CLOSED, meeting.body)


def meeting_get_for_user(*, pk: int, user: Any) -> Meeting:
    """A meeting the user may see: its agenda must be published, unless the user edits it."""
    meeting = Meeting.objects.select_related("body").filter(pk=pk).first()
    if meeting is None or not (meeting.agenda_is_published or may_edit(user, meeting)):
        raise Http404
    return meeting


def meetings_for_body(*, body: Any, user: Any) -> tuple[list[Meeting], list[Meeting]]:
    """Coming and past meetings of a body, as the user may see them: two lists, one query."""
    meetings = Meeting.objects.filter(body=body).order_by("starts_at")
    if not can(user, Action.EDIT_BODY, body):
        meetings = meetings.exclude(status__in=[Meeting.Status.PLANNED])
    now = timezone.now()
    all_meetings = list(meetings)
    coming = [m for m in all_meetings if m.starts_at >= now]
    past = [m for m in reversed(all_meetings) if m.starts_at < now]
    return coming, past


def agenda_for_user(*, meeting: Meeting, user: Any) -> list[ItemView]:
    """The agenda as this user may see it, numbered: three queries."""
    audience = agenda_audience(user, meeting)
    return agenda_view(
        meeting=meeting,
        see_closed=audience != "public",
        show_decisions=meeting.minutes_are_published or audience == "edit",
    )


def agenda_view(*, meeting: Meeting, see_closed: bool, show_decisions: bool) -> list[ItemView]:
    """The numbered agenda for a given audience; closed items redacted unless ``see_closed``.

    ``agenda_for_user`` decides the audience from a user; the PDFs, made for "the public"
    and "the members" rather than for one person, call this directly.
    """
    items = list(AgendaItem.objects.filter(meeting=meeting).select_related("presenter"))
    attachments = list(Attachment.objects.filter(item__meeting=meeting))
    return _agenda_views(items, attachments, see_closed=see_closed, show_decisions=show_decisions)


def agendas_for_user(*, meetings: list[Meeting], user: Any) -> dict[int, list[ItemView]]:
    """The agendas of many meetings as this user may see them, by meeting id: two queries
    whatever the number of meetings (for API lists)."""
    ids = [m.pk for m in meetings]
    audiences = {m.pk: agenda_audience(user, m) for m in meetings}
    items_by: dict[int, list[AgendaItem]] = {pk: [] for pk in ids}
    for item in AgendaItem.objects.filter(meeting_id__in=ids).select_related("presenter"):
        items_by[item.meeting_id].append(item)
    attachments_by: dict[int, list[Attachment]] = {pk: [] for pk in ids}
    for attachment in Attachment.objects.filter(item__meeting_id__in=ids).annotate(
        meeting_pk=F("item__meeting_id")
    ):
        attachments_by[attachment.meeting_pk].append(attachment)
    return {
        meeting.pk: _agenda_views(
            items_by[meeting.pk],
            attachments_by[meeting.pk],
            see_closed=audiences[meeting.pk] != "public",
            show_decisions=meeting.minutes_are_published or audiences[meeting.pk] == "edit",
        )
        for meeting in meetings
    }


def _agenda_views(
    items: list[AgendaItem],
    attachments: list[Attachment],
    *,
    see_closed: bool,
    show_decisions: bool,
) -> list[ItemView]:
    ordered = agenda_order(items)
    numbers = attachment_numbers(ordered, attachments)
    by_item: dict[int, list[Attachment]] = {}
    for attachment in attachments:
        by_item.setdefault(attachment.item_id, []).append(attachment)
    views = []
    for number, item in ordered:
        if item.is_closed and not see_closed:
            views.append(
                ItemView(
                    pk=item.pk,
                    number=number,
                    is_sub_item=item.parent_id is not None,
                    is_closed=True,
                    redacted=True,
                )
            )
            continue
        visible = [
            AttachmentView(a.pk, numbers[a.pk], a.title, a.content_type, a.size)
            for a in sorted(by_item.get(item.pk, []), key=lambda a: numbers[a.pk])
            if see_closed or not a.is_closed
        ]
        presenter = item.presenter.name if item.presenter else item.presenter_text
        views.append(
            ItemView(
                pk=item.pk,
                number=number,
                is_sub_item=item.parent_id is not None,
                is_closed=item.is_closed,
                redacted=False,
                title=item.title,
                presenter=presenter,
                kind=item.kind,
                kind_label=str(item.get_kind_display()),
                case_text=item.case_text,
                recommendation=item.recommendation,
                decision=item.decision if show_decisions else "",
                attachments=visible,
            )
        )
    return views


def attendance_for_user(*, meeting: Meeting, user: Any) -> list[Attendance] | None:
    """Who attended; named persons only for signed-in users unless the body publishes it."""
    if not (meeting.body.publishes_attendance or can(user, Action.VIEW_CONTACT_DETAILS)):
        return None
    return list(
        Attendance.objects.filter(meeting=meeting).select_related("person", "substitute_for")
    )


def attachment_get_for_user(*, pk: int, user: Any) -> Attachment:
    """An attachment the user may download; a closed one (or on a closed item) is a 404."""
    attachment = Attachment.objects.select_related("item__meeting__body").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    meeting = attachment.item.meeting
    if not (meeting.agenda_is_published or may_edit(user, meeting)):
        raise Http404
    closed = attachment.is_closed or attachment.item.is_closed
    if closed and agenda_audience(user, meeting) == "public":
        raise Http404
    return attachment


def agenda_audience(user: Any, meeting: Meeting) -> str:
    """Which version of the agenda this user sees: "edit" (the secretariat: closed items and
    decisions before the minutes), "members" (closed items) or "public". Cached agenda
    fragments are keyed by it, so one audience's fragment never reaches another."""
    if may_edit(user, meeting):
        return "edit"
    return "members" if may_see_closed(user, meeting) else "public"


def pdf_audience_for(user: Any, meeting: Meeting) -> str:
    """Members and the secretariat get the full PDF; everyone else the public one."""
    if agenda_audience(user, meeting) == "public":
        return MeetingPdf.Audience.PUBLIC
    return MeetingPdf.Audience.MEMBERS


def meeting_pdfs_for_user(*, meeting: Meeting, document: str, user: Any) -> list[MeetingPdf]:
    """The PDFs of every published version of a document, newest first, in the variant the
    user may read. The first is the current one, whatever its state."""
    if document not in PublishedVersion.Document.values:
        raise Http404
    return list(
        MeetingPdf.objects.filter(
            version__meeting=meeting,
            version__document=document,
            audience=pdf_audience_for(user, meeting),
        )
        .select_related("version")
        .defer("html")
        .order_by("-version__number")
    )


def meeting_pdf_get_for_user(*, pk: int, user: Any) -> MeetingPdf:
    """A PDF the user may download: the members' variant only for members and the
    secretariat, and only once it is completely produced."""
    meeting_pdf = (
        MeetingPdf.objects.select_related("version__meeting__body").defer("html").filter(pk=pk)
    ).first()
    if meeting_pdf is None:
        raise Http404
    meeting = meeting_pdf.version.meeting
    if not (meeting.agenda_is_published or may_edit(user, meeting)):
        raise Http404
    if meeting_pdf.audience == MeetingPdf.Audience.MEMBERS and (
        pdf_audience_for(user, meeting) != MeetingPdf.Audience.MEMBERS
    ):
        raise Http404
    if meeting_pdf.status != MeetingPdf.Status.READY:
        raise Http404
    return meeting_pdf


def may_edit_body(user: Any, body: Any) -> bool:
    return can(user, Action.EDIT_BODY, body)


def newsletter_get_for_user(*, pk: int, user: Any) -> Newsletter:
    """A published newsletter, or a draft for the body's secretariat."""
    newsletter = Newsletter.objects.select_related("body", "meeting").filter(pk=pk).first()
    if newsletter is None or not (
        newsletter.status == Newsletter.Status.PUBLISHED or may_edit_body(user, newsletter.body)
    ):
        raise Http404
    return newsletter


def newsletters_for_body(*, body: Any, user: Any) -> Any:
    """A body's newsletters, newest first; drafts only for its secretariat."""
    newsletters = Newsletter.objects.filter(body=body).order_by("-published_at", "-created_at")
    if user is None or not may_edit_body(user, body):
        newsletters = newsletters.filter(status=Newsletter.Status.PUBLISHED)
    return newsletters


def newsletter_for_meeting(*, meeting: Meeting, user: Any) -> Newsletter | None:
    newsletter = Newsletter.objects.filter(meeting=meeting).first()
    if newsletter is None:
        return None
    if newsletter.status == Newsletter.Status.DRAFT and not may_edit(user, meeting):
        return None
    return newsletter
