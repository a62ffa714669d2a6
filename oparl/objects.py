"""The public's OParl objects, built from the portal's records (decision 0028).

Every collector returns ``Entry`` rows: the object as JSON with its stamp, or its tombstone.
What the public may see is asked of the owning apps: ``meetings.access`` (published meetings,
closed items and files, attendance) and ``meetings.agenda.agenda_views`` (the published
version as the public reads it); the councils records are public except contact details
(``accounts.rules.Action.VIEW_CONTACT_DETAILS``), which OParl leaves out. Timestamps come
from ``oparl.stamps`` only. Each collector runs a fixed number of queries, whatever the
number of records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import strip_tags

from oparl import stamps
from oparl.links import absolute, body_list, type_url, url
from oparl.stamps import Stamp, format_datetime

# The public: OParl speaks for anonymous readers only (for now).
PUBLIC = AnonymousUser()
# Free OParl vocabulary that German clients map on; not translated on purpose.
GREMIUM = "Gremium"
INSTITUTION = "Institution"
VOTING_ROLES = ("chair", "vice_chair", "member")


@dataclass
class Entry:
    """One object of a list: its JSON (or tombstone) and what lists sort and filter on."""

    id: str
    type: str
    stamp: Stamp
    data: dict[str, Any]
    deleted: bool = False
    rank: int = 0  # orders kinds sharing a list (a body's own organization first)
    pk: int = 0

    @property
    def sort_key(self) -> tuple:
        return (self.stamp.modified, self.rank, self.pk)


def compact(data: dict[str, Any]) -> dict[str, Any]:
    """Leave out optional empty values, as the protocol asks (``false`` and 0 stay)."""
    return {k: v for k, v in data.items() if v is not None and v != "" and v != [] and v != {}}


def _times(stamp: Stamp) -> dict[str, str]:
    return {"created": format_datetime(stamp.created), "modified": format_datetime(stamp.modified)}


# Lists the schema requires: printed even when empty (protocol 2.4).
REQUIRED_LISTS = {"Body": ("legislativeTerm",)}


def entry(type_name: str, id_: str, stamp: Stamp, data: dict[str, Any], **kw: Any) -> Entry:
    full = compact({"id": id_, "type": type_url(type_name), **data, **_times(stamp)})
    for name in REQUIRED_LISTS.get(type_name, ()):
        full.setdefault(name, [])
    return Entry(id=id_, type=type_name, stamp=stamp, data=full, **kw)


def tombstone(type_name: str, id_: str, stamp: Stamp, **kw: Any) -> Entry:
    """What is left of an object the public may no longer see (protocol 2.8)."""
    data = {"id": id_, "type": type_url(type_name), **_times(stamp), "deleted": True}
    return Entry(id=id_, type=type_name, stamp=stamp, data=data, deleted=True, **kw)


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


def _web(path: str | None) -> str | None:
    return absolute(path) if path else None


# --- councils ---------------------------------------------------------------------------


def term_entries(terms: Iterable[Any]) -> list[Entry]:
    terms = list(terms)
    stamped = stamps.term_stamps([t.pk for t in terms])
    return [
        entry(
            "LegislativeTerm",
            url("legislative_term", pk=t.pk),
            stamped[t.pk],
            {
                "body": url("body", pk=t.body_id),
                "name": f"{t.start:%Y}–{t.end:%Y}",
                "startDate": _date(t.start),
                "endDate": _date(t.end),
            },
            pk=t.pk,
        )
        for t in terms
    ]


def body_entries(bodies: Iterable[Any]) -> list[Entry]:
    """Bodies (``councils.Body``) with their terms embedded: four queries."""
    from councils.models import Term

    bodies = list(bodies)
    ids = [b.pk for b in bodies]
    terms: dict[int, list[Entry]] = {pk: [] for pk in ids}
    term_rows = list(Term.objects.filter(body_id__in=ids).order_by("start", "pk"))
    for term, term_entry in zip(term_rows, term_entries(term_rows), strict=True):
        terms[term.body_id].append(term_entry)
    stamped = stamps.body_stamps(ids)
    out = []
    for body in bodies:
        pk = body.pk
        out.append(
            entry(
                "Body",
                url("body", pk=pk),
                stamped[pk],
                {
                    "system": url("system"),
                    "name": body.name,
                    "shortName": body.short_name,
                    "website": body.website,
                    "organization": body_list(pk, "organization"),
                    "person": body_list(pk, "person"),
                    "meeting": body_list(pk, "meeting"),
                    "paper": body_list(pk, "paper"),
                    # Kept with omit_internal too: the schema requires it and it is short.
                    "legislativeTerm": [e.data for e in terms[pk]],
                    "agendaItem": body_list(pk, "agendaitem"),
                    "file": body_list(pk, "file"),
                    "locationList": body_list(pk, "location"),
                    "legislativeTermList": body_list(pk, "legislativeterm"),
                    "membership": body_list(pk, "membership"),
                    "classification": str(body.get_kind_display()),
                    "web": _web(body.get_absolute_url()),
                },
                pk=pk,
            )
        )
    return out


def body_organization_entries(bodies: Iterable[Any]) -> list[Entry]:
    """Each body as an organization of type "Gremium" (its members are its memberships)."""
    from councils.models import Membership

    bodies = list(bodies)
    ids = [b.pk for b in bodies]
    members: dict[int, list[str]] = {pk: [] for pk in ids}
    for pk, body_id in (
        Membership.objects.filter(body_id__in=ids).order_by("pk").values_list("pk", "body_id")
    ):
        members[body_id].append(url("membership", pk=pk))
    stamped = stamps.body_stamps(ids)
    return [
        entry(
            "Organization",
            url("organization_body", pk=body.pk),
            stamped[body.pk],
            {
                "body": url("body", pk=body.pk),
                "name": body.name,
                "shortName": body.short_name,
                "membership": members[body.pk],
                "meeting": body_list(body.pk, "meeting"),
                "subOrganizationOf": url("organization_body", pk=body.parent_id)
                if body.parent_id
                else None,
                "organizationType": GREMIUM,
                "classification": str(body.get_kind_display()),
                "website": body.website,
                "web": _web(body.get_absolute_url()),
            },
            pk=body.pk,
        )
        for body in bodies
    ]


def organisation_entries(organisations: Iterable[Any]) -> list[Entry]:
    """Nominating organisations and other counterparties (``councils.Organisation``)."""
    organisations = list(organisations)
    stamped = stamps.organisation_stamps([o.pk for o in organisations])
    return [
        entry(
            "Organization",
            url("organization", pk=o.pk),
            stamped[o.pk],
            {
                "name": o.name,
                "shortName": o.short_name,
                "organizationType": INSTITUTION,
                "classification": str(o.get_kind_display()),
                "website": o.website,
            },
            rank=1,
            pk=o.pk,
        )
        for o in organisations
    ]


def membership_entries(memberships: Iterable[Any]) -> list[Entry]:
    memberships = list(memberships)
    stamped = stamps.membership_stamps([m.pk for m in memberships])
    return [
        entry(
            "Membership",
            url("membership", pk=m.pk),
            stamped[m.pk],
            {
                "person": url("person", pk=m.person_id),
                "organization": url("organization_body", pk=m.body_id),
                "role": str(m.get_role_display()),
                "votingRight": m.role in VOTING_ROLES,
                "startDate": _date(m.start),
                "endDate": _date(m.end),
                "onBehalfOf": url("organization", pk=m.on_behalf_of_id)
                if m.on_behalf_of_id
                else None,
            },
            pk=m.pk,
        )
        for m in memberships
    ]


def person_entries(persons: Iterable[Any], *, omit_internal: bool = False) -> list[Entry]:
    """Persons with their memberships embedded (left out with ``omit_internal``). No e-mail
    or phone: contact details are for signed-in users only."""
    from councils.models import Membership

    persons = list(persons)
    ids = [p.pk for p in persons]
    embedded: dict[int, list[dict]] = {pk: [] for pk in ids}
    if not omit_internal:
        rows = Membership.objects.filter(person_id__in=ids).order_by("start", "pk")
        for membership in membership_entries(rows):
            person_url = membership.data["person"]
            embedded[int(person_url.rstrip("/").rsplit("/", 1)[-1])].append(membership.data)
    stamped = stamps.person_stamps(ids)
    return [
        entry(
            "Person",
            url("person", pk=p.pk),
            stamped[p.pk],
            {
                "name": p.name,
                "status": [p.title] if p.title else [],
                "membership": embedded[p.pk],
                "web": _web(p.get_absolute_url()),
            },
            pk=p.pk,
        )
        for p in persons
    ]


def deleted_entries(model: Any, type_name: str, url_name: str, **lookup: Any) -> list[Entry]:
    """Tombstones of ``model`` rows deleted for good (their history tells)."""
    return [
        tombstone(type_name, url(url_name, pk=pk), deleted, pk=pk)
        for pk, deleted in stamps.deleted_stamps(model, **lookup).items()
    ]


# --- meetings ---------------------------------------------------------------------------


@dataclass
class MeetingWorld:
    """A meeting as the public reads it, in OParl objects (and the tombstones of what the
    public no longer sees)."""

    meeting: Entry
    location: Entry | None = None
    items: list[Entry] = field(default_factory=list)
    files: list[Entry] = field(default_factory=list)
    # Attachment and PDF ids whose file the public may fetch, and those now deleted (410).
    public_files: set[tuple[str, int]] = field(default_factory=set)
    gone_files: set[tuple[str, int]] = field(default_factory=set)


def sha512_of(name: str, size: int) -> str | None:
    """The file's SHA-512, computed once and kept in the cache (files are never rewritten in
    place: a new upload is a new name). Without the cache it is computed again."""
    key = f"oparl:sha512:{name}:{size}"
    known = cache.get(key)
    if known:
        return str(known)
    import hashlib

    digest = hashlib.sha512()
    try:
        with default_storage.open(name, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    value = digest.hexdigest()
    cache.set(key, value, 60 * 60 * 24 * 30)
    return value


def _file_name(title: str, stored: str) -> str:
    extension = stored.rsplit(".", 1)[-1] if "." in stored.rsplit("/", 1)[-1] else ""
    return f"{title}.{extension}" if extension else title


def _attachment_texts(ids: list[int]) -> dict[int, str]:
    """Text read from attachments, when the extraction app is there (it may not be)."""
    try:
        from extraction.selectors import attachment_texts
    except ImportError:  # pragma: no cover - the app is optional
        return {}
    return attachment_texts(ids) if ids else {}


def meeting_worlds(meetings: QuerySet[Any], *, with_text: bool = False) -> list[MeetingWorld]:
    """The public's view of ``meetings`` (already limited to what the public may see, see
    ``public_meetings``): about ten queries, whatever the number of meetings and items."""
    from meetings.access import meeting_access, public_sees_attendance
    from meetings.agenda import agenda_views
    from meetings.models import (
        AgendaItem,
        Attachment,
        Attendance,
        Meeting,
        MeetingPdf,
        PublishedVersion,
    )
    from meetings.selectors import current_version
    from meetings.services.pdf import pdf_filename

    meetings_list = list(meetings.select_related("body"))
    ids = [m.pk for m in meetings_list]
    if not ids:
        return []
    versions: dict[int, list[Any]] = {pk: [] for pk in ids}
    for version in PublishedVersion.objects.filter(meeting_id__in=ids).order_by(
        "published_at", "pk"
    ):
        versions[version.meeting_id].append(version)
    item_rows = {
        row["pk"]: row
        for row in AgendaItem.all_objects.filter(meeting_id__in=ids).values(
            "pk", "parent_id", "deleted_at", "meeting_id"
        )
    }
    item_spans = stamps.history_spans(AgendaItem, meeting_id__in=ids)
    file_rows = {
        row["pk"]: row
        for row in Attachment.all_objects.filter(item__meeting_id__in=ids).values(
            "pk", "item_id", "file", "uploaded_at", "deleted_at", "withdrawn_at"
        )
    }
    file_spans = stamps.history_spans(Attachment, id__in=list(file_rows))
    meeting_spans = stamps.history_spans(Meeting, id__in=ids)
    pdfs: dict[int, list[Any]] = {pk: [] for pk in ids}
    for meeting_pdf in (
        MeetingPdf.objects.filter(
            version__meeting_id__in=ids,
            audience=MeetingPdf.Audience.PUBLIC,
            status=MeetingPdf.Status.READY,
        )
        .select_related("version__meeting__body")
        .defer("html")
        .order_by("version__published_at", "pk")
    ):
        pdfs[meeting_pdf.version.meeting_id].append(meeting_pdf)
    attendance_bodies = {m.pk for m in meetings_list if public_sees_attendance(m.body)}
    participants: dict[int, list[str]] = {pk: [] for pk in ids}
    if attendance_bodies:
        for meeting_id, person_id in (
            Attendance.objects.filter(
                meeting_id__in=attendance_bodies,
                status__in=(Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTE),
            )
            .order_by("pk")
            .values_list("meeting_id", "person_id")
        ):
            participants[meeting_id].append(url("person", pk=person_id))
    texts = _attachment_texts(list(file_rows)) if with_text else {}

    worlds = []
    for meeting in meetings_list:
        access = meeting_access(PUBLIC, meeting)
        if not access.may_view:  # never: the caller passed public meetings only
            continue
        worlds.append(
            _meeting_world(
                meeting,
                access=access,
                versions=versions[meeting.pk],
                item_rows=item_rows,
                item_spans=item_spans,
                file_rows=file_rows,
                file_spans=file_spans,
                meeting_span=meeting_spans.get(meeting.pk),
                pdfs=pdfs[meeting.pk],
                participants=participants[meeting.pk],
                texts=texts,
                agenda_views=agenda_views,
                current_version=current_version,
                pdf_filename=pdf_filename,
            )
        )
    return worlds


def _meeting_world(meeting: Any, *, access: Any, versions: list[Any], **ctx: Any) -> MeetingWorld:
    from meetings.models import PublishedVersion

    agenda_views = ctx["agenda_views"]
    item_rows, item_spans = ctx["item_rows"], ctx["item_spans"]
    file_rows, file_spans = ctx["file_rows"], ctx["file_spans"]
    texts: dict[int, str] = ctx["texts"]
    minutes = PublishedVersion.Document.MINUTES
    meeting_url = url("meeting", pk=meeting.pk)
    last_published = max((v.published_at for v in versions), default=None)
    withdrawn = {pk: "-" for pk, row in file_rows.items() if row["withdrawn_at"] is not None}

    def views_of(version: Any) -> list[Any]:
        # What the public read of this version then (closed items redacted, closed files
        # left out): the one renderer behind the portal's pages, API and PDFs.
        return agenda_views(
            version.snapshot,
            see_closed=access.sees_closed,
            show_decisions=version.document == minutes,
        )

    # Everything the public has ever been shown of this meeting.
    ever_listed: set[int] = set()
    ever_open: set[int] = set()
    ever_files: set[int] = set()
    for version in versions:
        for view in views_of(version):
            ever_listed.add(view.pk)
            if not view.redacted:
                ever_open.add(view.pk)
                ever_files.update(a.pk for a in view.attachments)

    def item_gone(pk: int) -> Any:
        row = item_rows.get(pk)
        if row is None:
            return True
        parent = item_rows.get(row["parent_id"]) if row["parent_id"] else None
        return row["deleted_at"] or (parent["deleted_at"] if parent else None)

    current = ctx["current_version"](versions)
    current_views = (
        agenda_views(
            current.snapshot,
            see_closed=access.sees_closed,
            show_decisions=current.document == minutes,
            withdrawn=withdrawn,
        )
        if current
        else []
    )
    world = MeetingWorld(meeting=tombstone("Meeting", meeting_url, stamps.stamp(None)))
    shown_items: set[int] = set()
    shown_files: set[int] = set()
    parts: list[Any] = [last_published]
    item_objects: list[dict] = []
    order = 0
    for view in current_views:
        if item_gone(view.pk) or (view.redacted and view.pk in ever_open):
            continue  # binned, or closed after the public saw it: a tombstone below
        order += 1
        row = item_rows[view.pk]
        span = item_spans.get(view.pk)
        parent_span = item_spans.get(row["parent_id"]) if row["parent_id"] else None
        item_url = url("agenda_item", pk=view.pk)
        if view.redacted:
            item_stamp = stamps.item_stamp(
                meeting=meeting,
                last_published=last_published,
                span=span,
                parent_span=parent_span,
                deleted_at=None,
            )
            # The portal shows the public a closed item's number only.
            data = {"number": view.number, "order": order, "public": False}
            shown_items.add(view.pk)
            item = entry("AgendaItem", item_url, item_stamp, data, pk=view.pk)
            world.items.append(item)
            item_objects.append(item.data)
            parts.append(item_stamp.modified)
            continue
        file_objects = []
        file_times = []
        for attachment in view.attachments:
            file_row = file_rows.get(attachment.pk)
            if file_row is None or attachment.withdrawn or file_row["deleted_at"]:
                continue
            file_entry = _attachment_entry(
                meeting,
                attachment,
                file_row,
                file_spans,
                last_published,
                item_url,
                meeting_url,
                texts,
            )
            shown_files.add(attachment.pk)
            world.public_files.add(("attachment", attachment.pk))
            world.files.append(file_entry)
            file_objects.append(file_entry.data)
            file_times.append(file_entry.stamp.modified)
            parts.append(file_entry.stamp.modified)
        item_stamp = stamps.item_stamp(
            meeting=meeting,
            last_published=last_published,
            span=span,
            parent_span=parent_span,
            deleted_at=None,
            files=file_times,
        )
        data = {
            "meeting": meeting_url,
            "number": view.number,
            "order": order,
            "name": view.title,
            "public": True,
            "result": view.decision_type_label,
            "resolutionText": strip_tags(view.decision).strip() if view.decision else None,
            "auxiliaryFile": [_embedded(f) for f in file_objects],
            "keyword": [view.kind_label] if view.kind_label else [],
            "web": absolute(meeting.get_absolute_url()),
        }
        shown_items.add(view.pk)
        item = entry("AgendaItem", item_url, item_stamp, data, pk=view.pk)
        world.items.append(item)
        item_objects.append(item.data)
        parts.append(item_stamp.modified)

    # Tombstones: items and files the public was shown and no longer is (binned, closed or
    # withdrawn later, left out of a newer version).
    for pk in sorted(ever_listed - shown_items):
        row = item_rows.get(pk)
        span = item_spans.get(pk)
        parent_span = item_spans.get(row["parent_id"]) if row and row["parent_id"] else None
        gone_stamp = stamps.item_stamp(
            meeting=meeting,
            last_published=last_published,
            span=span,
            parent_span=parent_span,
            deleted_at=item_gone(pk) if row else None,
        )
        world.items.append(tombstone("AgendaItem", url("agenda_item", pk=pk), gone_stamp, pk=pk))
        parts.append(gone_stamp.modified)
    for pk in sorted(ever_files - shown_files):
        file_row = file_rows.get(pk)
        item_row = item_rows.get(file_row["item_id"]) if file_row else None
        gone_stamp = stamps.attachment_stamp(
            meeting=meeting,
            uploaded_at=file_row["uploaded_at"] if file_row else None,
            last_published=last_published,
            span=file_spans.get(pk),
            deleted_at=file_row["deleted_at"] if file_row else None,
            withdrawn_at=file_row["withdrawn_at"] if file_row else None,
            item_deleted_at=item_gone(item_row["pk"]) if item_row else None,
        )
        world.files.append(tombstone("File", url("file", pk=pk), gone_stamp, pk=pk))
        world.gone_files.add(("attachment", pk))
        parts.append(gone_stamp.modified)

    # The published PDFs of the agenda and minutes (the public variant).
    current_pdf: dict[str, dict] = {}
    newest_number = {
        doc: max((v.number for v in versions if v.document == doc), default=0)
        for doc in PublishedVersion.Document.values
    }
    for meeting_pdf in ctx["pdfs"]:
        version = meeting_pdf.version
        pdf_stamp = stamps.pdf_stamp(
            rendered_at=meeting_pdf.rendered_at,
            published_at=version.published_at,
            withdrawn_at=meeting_pdf.withdrawn_at,
        )
        pdf_url = url("file_pdf", pk=meeting_pdf.pk)
        parts.append(pdf_stamp.modified)
        if meeting_pdf.withdrawn_at is not None:
            world.files.append(tombstone("File", pdf_url, pdf_stamp, rank=1, pk=meeting_pdf.pk))
            world.gone_files.add(("pdf", meeting_pdf.pk))
            continue
        name = ctx["pdf_filename"](meeting_pdf, combined=False)
        stored = meeting_pdf.file
        pdf_entry = entry(
            "File",
            pdf_url,
            pdf_stamp,
            {
                "name": f"{version.get_document_display()} {version.number}",
                "fileName": name,
                "mimeType": "application/pdf",
                "date": _date(timezone.localtime(version.published_at).date()),
                "size": _stored_size(stored.name),
                "sha512Checksum": sha512_of(stored.name, _stored_size(stored.name) or 0),
                "accessUrl": url("file_pdf_access", pk=meeting_pdf.pk),
                "downloadUrl": url("file_pdf_download", pk=meeting_pdf.pk),
                "meeting": [meeting_url],
            },
            rank=1,
            pk=meeting_pdf.pk,
        )
        world.files.append(pdf_entry)
        world.public_files.add(("pdf", meeting_pdf.pk))
        if version.number == newest_number[version.document]:
            current_pdf[version.document] = pdf_entry.data

    meeting_stamp = stamps.meeting_stamp(meeting, ctx["meeting_span"], parts)
    meeting_data = {
        "name": f"{meeting.body.name} {stamps.format_datetime(meeting.starts_at)[:10]}",
        "meetingState": str(meeting.get_status_display()),
        "cancelled": True if meeting.status == meeting.Status.CANCELLED else None,
        "start": format_datetime(meeting.starts_at),
        "end": format_datetime(meeting.ends_at) if meeting.ends_at else None,
        "organization": [url("organization_body", pk=meeting.body_id)],
        "participant": ctx["participants"],
        "invitation": _embedded(current_pdf["agenda"]) if "agenda" in current_pdf else None,
        "resultsProtocol": _embedded(current_pdf["minutes"]) if "minutes" in current_pdf else None,
        "agendaItem": item_objects,
        "web": absolute(meeting.get_absolute_url()),
    }
    if meeting.place:
        location = entry(
            "Location",
            url("location", pk=meeting.pk),
            meeting_stamp,
            {"description": meeting.place, "meetings": [meeting_url]},
            pk=meeting.pk,
        )
        world.location = location
        meeting_data["location"] = {k: v for k, v in location.data.items() if k != "meetings"}
    world.meeting = entry("Meeting", meeting_url, meeting_stamp, meeting_data, pk=meeting.pk)
    return world


def _embedded(data: dict) -> dict:
    """An object inside another: without the back references and the (long) text."""
    return {k: v for k, v in data.items() if k not in ("text", "meeting", "agendaItem")}


def _stored_size(name: str) -> int | None:
    try:
        return int(default_storage.size(name))
    except OSError:
        return None


def _attachment_entry(
    meeting: Any,
    attachment: Any,
    row: dict,
    spans: dict,
    last_published: Any,
    item_url: str,
    meeting_url: str,
    texts: dict[int, str],
) -> Entry:
    file_stamp = stamps.attachment_stamp(
        meeting=meeting,
        uploaded_at=row["uploaded_at"],
        last_published=last_published,
        span=spans.get(attachment.pk),
        deleted_at=row["deleted_at"],
        withdrawn_at=row["withdrawn_at"],
        item_deleted_at=None,
    )
    return entry(
        "File",
        url("file", pk=attachment.pk),
        file_stamp,
        {
            "name": attachment.title,
            "fileName": _file_name(attachment.title, row["file"] or ""),
            "mimeType": attachment.content_type,
            "size": attachment.size,
            "sha512Checksum": sha512_of(row["file"], attachment.size) if row["file"] else None,
            "text": texts.get(attachment.pk),
            "accessUrl": url("file_access", pk=attachment.pk),
            "downloadUrl": url("file_download", pk=attachment.pk),
            "agendaItem": [item_url],
            "meeting": [meeting_url],
        },
        pk=attachment.pk,
    )


def public_meetings() -> QuerySet[Any]:
    """The meetings the public may see (``meetings.access``): published ones only."""
    from meetings.models import Meeting

    return Meeting.objects.visible_to(PUBLIC)
