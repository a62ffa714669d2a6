"""Reads for meetings. Visibility is decided in ``meetings.access``; what a viewer sees of
an agenda is made by ``meetings.agenda.agenda_views`` from a snapshot: the published
version's for the public and the members, the live rows' for the secretariat.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import HistoryEntry, history_entries
from meetings.access import body_may_edit, meeting_access
from meetings.agenda import (
    AttachmentView,
    ItemView,
    agenda_views,
    attendance_events,
    build_snapshot,
    closed_ids,
    compare,
    live_snapshot_of,
    public_attachment_ids,
    redacted,
    withdrawn_digest,
)
from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    DecisionType,
    ItemDisqualification,
    Meeting,
    MeetingPdf,
    Newsletter,
    PublishedVersion,
)

__all__ = ["AttachmentView", "ItemView"]

MAX_ID = 2**31 - 1  # beyond the database's integer range nothing exists: a 404, not an error


def may_edit(user: Any, meeting: Meeting) -> bool:
    return meeting_access(user, meeting).may_edit


def may_edit_body(user: Any, body: Any) -> bool:
    return body_may_edit(user, body)


def meeting_get_for_user(*, pk: int, user: Any) -> Meeting:
    """A meeting the user may see (``meetings.access``), else 404."""
    if not 0 < pk <= MAX_ID:
        raise Http404
    meeting = (
        Meeting.objects.visible_to(user)
        .select_related("body", "body__minutes_settings")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def meetings_for_body(*, body: Any, user: Any) -> tuple[list[Meeting], list[Meeting]]:
    """Coming and past meetings of a body, as the user may see them: two lists, one query."""
    all_meetings = list(Meeting.objects.visible_to(user).filter(body=body).order_by("starts_at"))
    now = timezone.now()
    coming = [m for m in all_meetings if m.starts_at >= now]
    past = [m for m in reversed(all_meetings) if m.starts_at < now]
    return coming, past


def current_version(versions: list[PublishedVersion]) -> PublishedVersion | None:
    """The version the public reads: the newest minutes, else the newest agenda."""
    minutes = [v for v in versions if v.document == PublishedVersion.Document.MINUTES]
    pool = minutes or versions
    return max(pool, key=lambda v: v.number) if pool else None


def _withdrawn(meeting_ids: list[int]) -> dict[int, str]:
    return dict(
        Attachment.all_objects.filter(item__meeting_id__in=meeting_ids, withdrawn_at__isnull=False)
        .order_by()
        .values_list("pk", "withdrawn_reason")
    )


def live_snapshot(meeting: Meeting) -> dict:
    """The draft: a snapshot of the live rows (six queries)."""
    return live_snapshot_of(meeting)


def has_unpublished_changes(meeting: Meeting, versions: list[PublishedVersion]) -> bool:
    """Whether the secretariat's draft differs from what the public reads."""
    latest = max(versions, key=lambda v: v.published_at) if versions else None
    return latest is not None and meeting.version > latest.meeting_version


def agenda_for_user(
    *,
    meeting: Meeting,
    user: Any,
    versions: list[PublishedVersion] | None = None,
    withdrawn: dict[int, str] | None = None,
) -> list[ItemView]:
    """The agenda as this user sees it, numbered: the secretariat the draft, everyone else
    the published version (closed items redacted unless they may see them), as
    ``agenda_source_for_user`` says."""
    if versions is None and not meeting_access(user, meeting).sees_draft:
        versions = list(meeting.published.all())
    source = agenda_source_for_user(
        meeting=meeting, user=user, versions=versions, withdrawn=withdrawn
    )
    return agenda_of_source(source=source, meeting=meeting, versions=versions or [])


def agenda_of_source(
    *, source: AgendaSource, meeting: Meeting, versions: list[PublishedVersion]
) -> list[ItemView]:
    """The agenda ``source`` describes (``agenda_source_for_user``) of ``meeting``, whose
    published ``versions`` hold its snapshot: the draft from the live rows (six queries)."""
    if source.sees_draft:
        return _views(source, live_snapshot(meeting))
    snapshot = next((v.snapshot for v in versions if v.pk == source.version_id), None)
    return [] if snapshot is None else _views(source, snapshot)


def _views(source: AgendaSource, snapshot: dict) -> list[ItemView]:
    """What ``source``'s audience sees of ``snapshot``."""
    return agenda_views(
        snapshot,
        see_closed=source.see_closed,
        show_decisions=source.show_decisions,
        withdrawn=dict(source.withdrawn),
        show_attendance=source.show_attendance,
    )


@dataclass(frozen=True)
class AgendaSource:
    """What one user is shown of one meeting's agenda, as data: the draft's live rows (for
    those who see drafts) or a published version as an audience sees it. Two users with
    equal sources see the same agenda, so a source is a key for keeping what was made from
    it (``key``); a draft is never kept."""

    meeting_id: int
    body_id: int
    version_id: int | None
    # With the id in the key: a restored or recreated database can give a new version an
    # id a kept entry still has.
    version_published_at: dt.datetime | None
    sees_draft: bool
    see_closed: bool
    show_decisions: bool
    show_attendance: bool
    # The meeting's withdrawn attachments with their reasons (shown instead of a link).
    withdrawn: tuple[tuple[int, str], ...] = ()

    @property
    def key(self) -> str | None:
        """Equal for equal agendas; None for a draft (its rows change without a version)
        and for a meeting with no published version (nothing to keep)."""
        if self.sees_draft or self.version_id is None or self.version_published_at is None:
            return None
        withdrawn = withdrawn_digest(self.withdrawn)
        flags = f"{self.see_closed:d}{self.show_decisions:d}{self.show_attendance:d}"
        published = self.version_published_at.timestamp()
        return f"m{self.meeting_id}-v{self.version_id}-{published}-{flags}-w{withdrawn}"


def agenda_source_for_user(
    *,
    meeting: Meeting,
    user: Any,
    versions: list[PublishedVersion] | None = None,
    withdrawn: dict[int, str] | None = None,
) -> AgendaSource:
    """Which agenda one meeting shows this user (``meetings.access``): the draft, or its
    current published version as the user's audience sees it. ``versions`` (the meeting's
    published versions) and ``withdrawn`` (``withdrawn_attachments``) are read when not
    given, and not at all for a draft."""
    access = meeting_access(user, meeting)
    if access.sees_draft:
        return _source(meeting, access, None, ())
    if versions is None:
        versions = list(meeting.published.all())
    current = current_version(versions)
    if withdrawn is None:
        withdrawn = _withdrawn([meeting.pk])
    return _source(
        meeting,
        access,
        (current.pk, current.document, current.published_at) if current else None,
        withdrawn.items(),
    )


def _source(
    meeting: Meeting,
    access: Any,
    version: tuple[int, str, dt.datetime] | None,
    withdrawn: Iterable[tuple[int, str]],
) -> AgendaSource:
    """The one place an agenda's flags are set, from a user's access to its meeting
    (``meetings.access.MeetingAccess``: the secretariat's access already sees closed items
    and attendance) and the meeting's current version (id, document, publication time), if
    any. A draft shows the decisions being written; a published version only its minutes'."""
    version_id, document, published_at = version or (None, None, None)
    return AgendaSource(
        meeting_id=meeting.pk,
        body_id=meeting.body_id,
        version_id=None if access.sees_draft else version_id,
        version_published_at=None if access.sees_draft else published_at,
        sees_draft=access.sees_draft,
        see_closed=access.sees_closed,
        show_decisions=access.sees_draft or document == PublishedVersion.Document.MINUTES,
        show_attendance=access.sees_attendance,
        withdrawn=() if access.sees_draft else tuple(sorted(withdrawn)),
    )


def agenda_sources_for_user(*, meetings: list[Meeting], user: Any) -> dict[int, AgendaSource]:
    """Which agenda each meeting shows this user (``meetings.access``), by meeting id, without
    reading any snapshot: two queries whatever the number of meetings."""
    return _agenda_sources(meetings, user, with_snapshots=False)[0]


def _agenda_sources(
    meetings: list[Meeting], user: Any, *, with_snapshots: bool
) -> tuple[dict[int, AgendaSource], dict[int, dict]]:
    """The sources, and with ``with_snapshots`` the current versions' snapshots by version id
    (read in the same query, for callers that keep nothing)."""
    accesses = {m.pk: meeting_access(user, m) for m in meetings}
    readers = [m.pk for m in meetings if not accesses[m.pk].sees_draft]
    current = Subquery(
        PublishedVersion.objects.filter(meeting_id=OuterRef("meeting_id"))
        .order_by("-document", "-number")
        .values("pk")[:1]
    )
    fields = ["meeting_id", "pk", "document", "published_at"]
    rows = (
        PublishedVersion.objects.filter(meeting_id__in=readers)
        .filter(pk=current)
        .values_list(*fields, *(["snapshot"] if with_snapshots else []))
    )
    versions, snapshots = {}, {}
    for row in rows:
        versions[row[0]] = row[1:4]
        if with_snapshots:
            snapshots[row[1]] = row[4]
    withdrawn: dict[int, list[tuple[int, str]]] = {}
    if readers:
        for meeting_id, pk, reason in (
            Attachment.all_objects.filter(item__meeting_id__in=readers, withdrawn_at__isnull=False)
            .order_by("pk")
            .values_list("item__meeting_id", "pk", "withdrawn_reason")
        ):
            withdrawn.setdefault(meeting_id, []).append((pk, reason))
    sources = {
        meeting.pk: _source(
            meeting,
            accesses[meeting.pk],
            versions.get(meeting.pk),
            withdrawn.get(meeting.pk, ()),
        )
        for meeting in meetings
    }
    return sources, snapshots


def agendas_from_sources(
    sources: list[AgendaSource], snapshots: dict[int, dict] | None = None
) -> dict[int, list[ItemView]]:
    """The agendas the sources describe, by meeting id: the drafts from their live rows, the
    published versions from their snapshots (those not in ``snapshots`` read in one query);
    a fixed number of queries."""
    drafts = {s.meeting_id: s.body_id for s in sources if s.sees_draft}
    published = [
        (s, s.version_id) for s in sources if not s.sees_draft and s.version_id is not None
    ]
    snapshots = dict(snapshots or {})
    if missing := [pk for _s, pk in published if pk not in snapshots]:
        snapshots.update(
            PublishedVersion.objects.filter(pk__in=missing).values_list("pk", "snapshot")
        )
    out: dict[int, list[ItemView]] = {s.meeting_id: [] for s in sources}
    if drafts:
        out.update(_draft_agendas(drafts))
    for source, version_id in published:
        if version_id not in snapshots:  # deleted with its meeting since the sources were read
            continue
        out[source.meeting_id] = _views(source, snapshots[version_id])
    return out


def agendas_for_user(*, meetings: list[Meeting], user: Any) -> dict[int, list[ItemView]]:
    """The agendas of many meetings as this user sees them, by meeting id (for lists): a
    fixed number of queries whatever the number of meetings."""
    sources, snapshots = _agenda_sources(meetings, user, with_snapshots=True)
    return agendas_from_sources(list(sources.values()), snapshots)


def _draft_agendas(body_of: dict[int, int]) -> dict[int, list[ItemView]]:
    """The drafts of these meetings (id: body id) from their live rows, everything shown
    (for those who see drafts)."""
    ids = list(body_of)
    items: dict[int, list[AgendaItem]] = {pk: [] for pk in ids}
    for item in AgendaItem.objects.filter(meeting_id__in=ids).select_related("presenter"):
        items[item.meeting_id].append(item)
    files: dict[int, list[Attachment]] = {pk: [] for pk in ids}
    for attachment in Attachment.objects.filter(item__meeting_id__in=ids).select_related("item"):
        files[attachment.item.meeting_id].append(attachment)
    events: dict[int, list[dict]] = {pk: [] for pk in ids}
    rows = Attendance.objects.filter(meeting_id__in=ids).select_related("person")
    disqualified = ItemDisqualification.objects.filter(item__meeting_id__in=ids).select_related(
        "person", "item"
    )
    meeting_of = {item.pk: item.meeting_id for pk in ids for item in items[pk]}
    for event in attendance_events(rows, disqualified):
        if event["item_id"] in meeting_of:
            events[meeting_of[event["item_id"]]].append(event)
    own: dict[int, dict[str, str]] = {}
    for body_id, code, label in DecisionType.objects.filter(
        body_id__in=set(body_of.values())
    ).values_list("body_id", "code", "label"):
        own.setdefault(body_id, {})[code] = label
    return {
        pk: agenda_views(
            build_snapshot(
                items[pk], files[pk], events=events[pk], own_labels=own.get(body_of[pk], {})
            ),
            see_closed=True,
            show_decisions=True,
            show_attendance=True,
        )
        for pk in ids
    }


def version_get_for_user(
    *, meeting: Meeting, document: str, number: int, user: Any
) -> tuple[PublishedVersion, list[ItemView]]:
    """One published version as this user may see it. What the current version closes is
    withdrawn from older versions for the public too."""
    versions = list(meeting.published.all())
    version = next((v for v in versions if v.document == document and v.number == number), None)
    if version is None:
        raise Http404
    access = meeting_access(user, meeting)
    current = current_version(versions)
    return version, agenda_views(
        version.snapshot,
        see_closed=access.sees_closed,
        show_decisions=document == PublishedVersion.Document.MINUTES,
        closed_later=closed_ids(current.snapshot) if current else (set(), set()),
        withdrawn=_withdrawn([meeting.pk]),
        show_attendance=access.sees_attendance,
    )


def versions_compare_for_user(
    *, meeting: Meeting, old: PublishedVersion, new: PublishedVersion, user: Any
) -> list[dict]:
    """What changed between two versions, as far as this user may see."""
    access = meeting_access(user, meeting)
    old_snapshot, new_snapshot = old.snapshot, new.snapshot
    if not access.sees_closed:
        current = current_version(list(meeting.published.all()))
        later = closed_ids(current.snapshot) if current else (set(), set())
        old_snapshot, new_snapshot = redacted(old_snapshot, later), redacted(new_snapshot, later)
    return compare(old_snapshot, new_snapshot)


def attendance_for_user(*, meeting: Meeting, user: Any) -> list[Attendance] | None:
    """Who attended; named persons only for signed-in users unless the body publishes it."""
    if not meeting_access(user, meeting).sees_attendance:
        return None
    return list(
        Attendance.objects.filter(meeting=meeting).select_related("person", "substitute_for")
    )


def attachment_get_for_user(*, pk: int, user: Any) -> Attachment:
    """An attachment the user may download, else 404.

    The secretariat gets any file of its meetings (also from the bin). Everyone else gets a
    file listed in a published version they may read: a closed one only members; for the
    public not when the current version closes it; no one when it was withdrawn.
    Deleting a file from the draft never breaks a published link.
    """
    if not 0 < pk <= MAX_ID:
        raise Http404
    attachment = Attachment.all_objects.select_related("item__meeting__body").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    meeting = attachment.item.meeting
    access = meeting_access(user, meeting)
    if access.may_edit:
        return attachment
    if not access.may_view or attachment.withdrawn_at is not None:
        raise Http404
    versions = list(meeting.published.all())
    if access.sees_closed:
        listed = any(
            a["id"] == pk
            for v in versions
            for i in v.snapshot.get("items", [])
            for a in i.get("attachments", [])
        )
    else:
        current = current_version(versions)
        closed_now = closed_ids(current.snapshot)[1] if current else set()
        listed = pk not in closed_now and any(
            pk in public_attachment_ids(v.snapshot) for v in versions
        )
    if not listed:
        raise Http404
    return attachment


def agenda_audience(user: Any, meeting: Meeting) -> str:
    """Which rendering of the agenda this user sees (``meetings.access.Audience``)."""
    return str(meeting_access(user, meeting).audience)


def meeting_pdfs_for_user(*, meeting: Meeting, document: str, user: Any) -> list[MeetingPdf]:
    """The PDFs of every published version of a document, newest first, in the variant the
    user may read. The first is the current one, whatever its state."""
    if document not in PublishedVersion.Document.values:
        raise Http404
    return list(
        MeetingPdf.objects.filter(
            version__meeting=meeting,
            version__document=document,
            audience=meeting_access(user, meeting).pdf_audience,
        )
        .select_related("version")
        .defer("html")
        .order_by("-version__number")
    )


def meeting_pdf_get_for_user(*, pk: int, user: Any) -> MeetingPdf:
    """A PDF the user may download: the members' variant only for members and the
    secretariat, a withdrawn public one only for the secretariat, and only once it is
    completely produced."""
    if not 0 < pk <= MAX_ID:
        raise Http404
    meeting_pdf = (
        MeetingPdf.objects.select_related("version__meeting__body").defer("html").filter(pk=pk)
    ).first()
    if meeting_pdf is None:
        raise Http404
    access = meeting_access(user, meeting_pdf.version.meeting)
    if not access.may_view:
        raise Http404
    if meeting_pdf.audience == MeetingPdf.Audience.MEMBERS and access.pdf_audience != "members":
        raise Http404
    if meeting_pdf.withdrawn_at is not None and not access.may_edit:
        raise Http404
    if meeting_pdf.status != MeetingPdf.Status.READY:
        raise Http404
    return meeting_pdf


def newsletter_get_for_user(*, pk: int, user: Any) -> Newsletter:
    """A published newsletter, or a draft for the body's secretariat."""
    if not 0 < pk <= MAX_ID:
        raise Http404
    newsletter = (
        Newsletter.objects.visible_to(user).select_related("body", "meeting").filter(pk=pk).first()
    )
    if newsletter is None:
        raise Http404
    return newsletter


def newsletters_for_body(*, body: Any, user: Any) -> Any:
    """A body's newsletters, newest first; drafts only for its secretariat."""
    return (
        Newsletter.objects.visible_to(user)
        .filter(body=body)
        .order_by("-published_at", "-created_at")
    )


def newsletter_for_meeting(*, meeting: Meeting, user: Any) -> Newsletter | None:
    return Newsletter.objects.visible_to(user).filter(meeting=meeting).first()


def meeting_history(*, meeting: Meeting, user: Any, limit: int = 500) -> list[HistoryEntry]:
    """Who changed what and when in a meeting: the meeting, its items and attachments (also
    those in the bin), attendance, its newsletter and each publication; newest first. For
    the secretariat of the body (``meetings.access``), else PermissionError."""
    if not meeting_access(user, meeting).may_edit:
        raise PermissionError
    titles = dict(AgendaItem.all_objects.filter(meeting=meeting).values_list("pk", "title"))

    def rows(manager: Any, **lookup: Any) -> list[Any]:
        return list(
            manager.filter(**lookup)
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        )

    entries = (
        history_entries(rows(Meeting.history, id=meeting.pk), lambda r: str(_("Meeting")))
        + history_entries(
            rows(AgendaItem.history, meeting_id=meeting.pk),
            lambda r: str(_("Item “%(title)s”")) % {"title": r.title},
        )
        + history_entries(
            rows(Attachment.history, item_id__in=list(titles)),
            lambda r: (
                str(_("Attachment “%(title)s” (item “%(item)s”)"))
                % {"title": r.title, "item": titles.get(r.item_id, "")}
            ),
        )
        + history_entries(
            rows(Attendance.history, meeting_id=meeting.pk),
            lambda r: str(_("Attendance")),
        )
        + history_entries(
            rows(Newsletter.history, meeting_id=meeting.pk),
            lambda r: str(_("Newsletter “%(title)s”")) % {"title": r.title},
        )
    )
    for version in meeting.published.select_related("published_by"):
        entries.append(
            HistoryEntry(
                when=version.published_at,
                who=str(version.published_by) if version.published_by else "",
                record=f"{version.get_document_display()} {_('version')} {version.number}",
                action=str(_("published")),
                changes=[(str(_("what changed")), "", version.change_note)]
                if version.change_note
                else [],
            )
        )
    return sorted(entries, key=lambda e: e.when, reverse=True)[:limit]


def meeting_bin(*, meeting: Meeting) -> tuple[list[AgendaItem], list[Attachment]]:
    """The items and attachments in a meeting's bin, most recently deleted first."""
    items = list(
        AgendaItem.all_objects.filter(meeting=meeting, deleted_at__isnull=False).order_by(
            "-deleted_at"
        )
    )
    attachments = list(
        Attachment.all_objects.filter(item__meeting=meeting, deleted_at__isnull=False)
        .select_related("item")
        .order_by("-deleted_at")
    )
    return items, attachments


def withdrawn_attachments(meeting: Meeting) -> dict[int, str]:
    """Attachments of the meeting withdrawn by the secretariat, with the reason."""
    return _withdrawn([meeting.pk])


def public_gone(versions: list[PublishedVersion], withdrawn: Any = ()) -> tuple[set[int], set[int]]:
    """What the public was shown of a meeting and no longer is: (items, attachments).

    Decided by the published versions and by withdrawals alone (both are public events),
    never by the draft: binning an item or a file in the draft changes nothing here until
    the next publication (deleting from the draft never breaks a published link). An item
    is gone when an earlier version listed it and the current one does not, or when the
    public read its content and the current version closes it; an attachment is gone when
    the public could open it in some version and not in the current one (left out, closed,
    its item left out or closed) or when it is withdrawn. ``versions``: the meeting's
    published versions; ``withdrawn``: ids of withdrawn attachments. No queries.
    """
    withdrawn_ids = set(withdrawn)
    ever_listed: set[int] = set()
    ever_open: set[int] = set()
    ever_files: set[int] = set()
    for version in versions:
        listed = {item["id"] for item in version.snapshot.get("items", [])}
        ever_listed |= listed
        ever_open |= listed - closed_ids(version.snapshot)[0]
        ever_files |= public_attachment_ids(version.snapshot)
    current = current_version(versions)
    shown_items: set[int] = set()
    shown_files: set[int] = set()
    if current is not None:
        listed = {item["id"] for item in current.snapshot.get("items", [])}
        # An item closed after the public read it is gone for the public.
        shown_items = listed - (closed_ids(current.snapshot)[0] & ever_open)
        shown_files = public_attachment_ids(current.snapshot) - withdrawn_ids
    return ever_listed - shown_items, ever_files - shown_files
