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

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from oparl import stamps
from oparl.links import absolute, body_list, type_url, url, url_of
from oparl.stamps import Stamp, format_datetime

# The public: OParl speaks for anonymous readers only (for now).
PUBLIC = AnonymousUser()
# Free OParl vocabulary that German clients map on; not translated on purpose.
GREMIUM = "Gremium"
INSTITUTION = "Institution"
VOTING_ROLES = ("chair", "vice_chair", "member")


@dataclass
class Entry:
    """One object of a list: its JSON (or tombstone) and what lists sort and filter on.

    The JSON may be made on first use (``lazy_entry``): a list sorts and filters every
    object of a body by its stamp, and prints only a page of them."""

    id: str
    type: str
    stamp: Stamp
    made: dict[str, Any] | None = field(default=None, repr=False)
    deleted: bool = False
    rank: int = 0  # orders kinds sharing a list (a body's own organization first)
    pk: int = 0
    make: Callable[[], dict[str, Any]] | None = field(default=None, repr=False)

    @property
    def data(self) -> dict[str, Any]:
        if self.made is None:
            assert self.make is not None
            self.made = self.make()
        return self.made

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


def _json(type_name: str, id_: str, stamp: Stamp, data: dict[str, Any]) -> dict[str, Any]:
    full = compact({"id": id_, "type": type_url(type_name), **data, **_times(stamp)})
    for name in REQUIRED_LISTS.get(type_name, ()):
        full.setdefault(name, [])
    return full


def entry(type_name: str, id_: str, stamp: Stamp, data: dict[str, Any], **kw: Any) -> Entry:
    return Entry(id=id_, type=type_name, stamp=stamp, made=_json(type_name, id_, stamp, data), **kw)


def lazy_entry(
    type_name: str, id_: str, stamp: Stamp, make: Callable[[], dict[str, Any]], **kw: Any
) -> Entry:
    """An ``entry`` whose JSON is made by ``make`` when it is first printed."""
    return Entry(
        id=id_,
        type=type_name,
        stamp=stamp,
        make=lambda: _json(type_name, id_, stamp, make()),
        **kw,
    )


def tombstone(type_name: str, id_: str, stamp: Stamp, **kw: Any) -> Entry:
    """What is left of an object the public may no longer see (protocol 2.8)."""
    data = {"id": id_, "type": type_url(type_name), **_times(stamp), "deleted": True}
    return Entry(id=id_, type=type_name, stamp=stamp, made=data, deleted=True, **kw)


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


def paper_entries(agreements: Iterable[Any]) -> list[Entry]:
    """Public agreements as Paper (decision 0028): what ``Agreement.objects.public()`` holds,
    never a draft or an internal agreement, nor a link to one (a parent, child or
    predecessor the public may not see is left out)."""
    from agreements.models import Agreement

    agreements = list(agreements)
    ids = [a.pk for a in agreements]
    related = {a.parent_id for a in agreements} | {a.predecessor_id for a in agreements}
    children: dict[int, list[int]] = {}
    for child_id, parent_id in (
        Agreement.objects.public().filter(parent_id__in=ids).values_list("pk", "parent_id")
    ):
        children.setdefault(parent_id, []).append(child_id)
    public = set(
        Agreement.objects.public().filter(pk__in=related - {None}).values_list("pk", flat=True)
    )
    # The public agreements it links: their changes (one coming into force adds a link) move
    # its modified; a draft's edits do not (OParl follows what the public sees).
    links: dict[int, set[int]] = {
        a.pk: {o for o in (a.parent_id, a.predecessor_id) if o in public}
        | set(children.get(a.pk, []))
        for a in agreements
    }
    stamped = stamps.agreement_stamps(ids, links)

    def paper(pk: int | None) -> str | None:
        return url("paper", pk=pk) if pk in public else None

    return [
        entry(
            "Paper",
            url("paper", pk=a.pk),
            stamped[a.pk],
            {
                "body": url("body", pk=a.body_id),
                "name": a.title,
                "date": _date(a.start),
                "paperType": a.kind.label,
                "superordinatedPaper": [p] if (p := paper(a.parent_id)) else [],
                "subordinatedPaper": [url("paper", pk=c) for c in sorted(children.get(a.pk, []))],
                "relatedPaper": [p] if (p := paper(a.predecessor_id)) else [],
                "web": _web(a.get_absolute_url()),
            },
            pk=a.pk,
        )
        for a in agreements
    ]


def request_paper_entries(requests: Iterable[Any]) -> list[Entry]:
    """Requests for input the public may open (``public_requests``: answers public after the
    deadline, which has passed) as Paper, after the agreements in a list (``rank``)."""
    requests = list(requests)
    stamped = stamps.request_stamps(requests)
    return [
        entry(
            "Paper",
            url("paper_request", pk=r.pk),
            stamped[r.pk],
            {
                "body": url("body", pk=r.body_id),
                "name": r.title,
                "date": _date(timezone.localdate(r.sent_at or r.deadline)),
                "paperType": str(_("Request for input")),
                "web": _web(r.get_absolute_url()),
            },
            rank=1,
            pk=r.pk,
        )
        for r in requests
    ]


def public_requests() -> QuerySet[Any]:
    from consultations.access import public_requests as requests_public

    return requests_public()


def withdrawn_paper_entries(**lookup: Any) -> list[Entry]:
    """Tombstones of the agreements the public saw and no longer sees (made internal,
    deleted): a client that copied them as Paper deletes its copy."""
    return [
        tombstone("Paper", url("paper", pk=pk), stamped, pk=pk)
        for pk, stamped in stamps.withdrawn_agreement_stamps(**lookup).items()
    ]


def withdrawn_request_entries(**lookup: Any) -> list[Entry]:
    """Tombstones of the requests for input the public could open and no longer can (a
    deadline extended after it passed, a request deleted), matching ``lookup`` on their
    history (``body_id``, ``id``). What the public saw is what the REST feed recorded
    (``core.Tombstone``, written by ``tombstones_if_withdrawn`` and on deletion)."""
    return [
        tombstone("Paper", url("paper_request", pk=pk), stamped, rank=1, pk=pk)
        for pk, stamped in stamps.withdrawn_request_stamps(
            public=public_requests(), **lookup
        ).items()
    ]


def public_agreements() -> QuerySet[Any]:
    from agreements.models import Agreement

    return Agreement.objects.public().select_related("kind")


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


# --- values read only for the objects a page serves ---------------------------------------


@dataclass(frozen=True)
class Later:
    """A value that costs a file read or a long text: put in an object as a placeholder and
    read by ``finish`` only for the objects actually served (a page, one object), never for
    a whole list nor for a 304. ``kind``: "sha512" (of the stored file ``name`` of ``size``
    bytes), "size" (of the stored file ``name``) or "text" (of attachment ``pk``)."""

    kind: str
    name: str = ""
    size: int = 0
    pk: int = 0


def finish(datas: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The objects with every ``Later`` placeholder read (one query for all texts, one
    storage read per file not yet in the checksum cache) and left out when unknown.

    The placeholders are replaced where they sit: the objects are made for this answer
    (a page of 100 meetings is some 40,000 values; copying them was a tenth of the work)."""
    slots: list[tuple[dict[str, Any], str, Later]] = []

    def collect(value: Any) -> None:
        if type(value) is dict:
            for k, v in value.items():
                if type(v) is Later:
                    slots.append((value, k, v))
                elif type(v) is dict or type(v) is list:
                    collect(v)
        elif type(value) is list:
            for v in value:
                if type(v) is dict or type(v) is list:
                    collect(v)

    for data in datas:
        collect(data)
    if not slots:
        return datas
    found = [later for _container, _key, later in slots]
    texts = _attachment_texts(sorted({x.pk for x in found if x.kind == "text"}))
    known: dict[Later, Any] = {}
    checksums: dict[Later, tuple[str, int]] = {}
    for later in found:
        if later in known or later in checksums:
            continue
        if later.kind == "text":
            known[later] = texts.get(later.pk)
        elif later.kind == "size":
            known[later] = _stored_size(later.name)
        else:
            checksums[later] = (later.name, later.size or _stored_size(later.name) or 0)
    sums = sha512_many(checksums.values())
    known.update({later: sums.get(file) for later, file in checksums.items()})
    for container, key, later in slots:
        value = known[later]
        if value is None or value == "":
            container.pop(key, None)  # a container met twice is emptied once
        else:
            container[key] = value
    return datas


def _sha512_key(name: str, size: int) -> str:
    return f"oparl:sha512:{name}:{size}"


def sha512_many(files: Iterable[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """The SHA-512 of each stored file (name, size) that exists: those in the cache read in
    one round trip (a page of 100 items has hundreds of files), the others read from storage
    and kept: files are never rewritten in place (a new upload is a new name). Only the
    files of the page being served are asked for (``finish``)."""
    wanted = set(files)
    cached = cache.get_many([_sha512_key(*file) for file in wanted])
    out: dict[tuple[str, int], str] = {}
    for file in wanted:
        value = cached.get(_sha512_key(*file)) or _sha512_computed(*file)
        if value:
            out[file] = str(value)
    return out


def _sha512_computed(name: str, size: int) -> str | None:
    """Read the file and keep its SHA-512 in the cache; ``None`` when it cannot be read."""
    import hashlib

    digest = hashlib.sha512()
    try:
        with default_storage.open(name, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    value = digest.hexdigest()
    cache.set(_sha512_key(name, size), value, 60 * 60 * 24 * 30)
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


class _Links(dict[str, Callable[[int], str]]):
    """``links.url_of`` per object kind, looked up on first use within one list."""

    def __missing__(self, name: str) -> Callable[[int], str]:
        self[name] = url_of(name)
        return self[name]


def meeting_worlds(meetings: QuerySet[Any]) -> list[MeetingWorld]:
    """The public's view of ``meetings`` (already limited to what the public may see, see
    ``public_meetings``): about ten queries, whatever the number of meetings and items, and
    no file read (checksums and texts are ``Later`` placeholders)."""
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
    from meetings.selectors import current_version, public_gone
    from meetings.services.pdf import pdf_filename

    meetings_list = list(meetings.select_related("body"))
    link = _Links()
    ids = [m.pk for m in meetings_list]
    if not ids:
        return []
    versions: dict[int, list[Any]] = {pk: [] for pk in ids}
    for version in PublishedVersion.objects.filter(meeting_id__in=ids).order_by(
        "published_at", "pk"
    ):
        versions[version.meeting_id].append(version)
    # Only the first history row of an item counts (its ``created``): later rows are draft
    # edits, which the public does not see until they are published.
    item_spans = stamps.history_spans(AgendaItem, meeting_id__in=ids)
    # The items as a subquery and no ordering: joined on the meetings, PostgreSQL read
    # every attachment of the country (a sequential scan) to sort them by meeting.
    file_rows = {
        row["pk"]: row
        for row in Attachment.all_objects.filter(
            item_id__in=AgendaItem.all_objects.filter(meeting_id__in=ids).values("pk")
        )
        .order_by()
        .values("pk", "item_id", "file", "uploaded_at", "withdrawn_at", "item__meeting_id")
    }
    # Withdrawn attachments per meeting, as ``agenda_views`` takes them (id → reason).
    withdrawn: dict[int, dict[int, str]] = {}
    for pk, row in file_rows.items():
        if row["withdrawn_at"] is not None:
            withdrawn.setdefault(row["item__meeting_id"], {})[pk] = "-"
    meeting_changes = stamps.public_changes(Meeting, stamps.MEETING_PUBLIC_FIELDS, id__in=ids)
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
            participants[meeting_id].append(link["person"](person_id))

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
                item_spans=item_spans,
                file_rows=file_rows,
                withdrawn=withdrawn,
                link=link,
                meeting_changed=meeting_changes.get(meeting.pk),
                pdfs=pdfs[meeting.pk],
                participants=participants[meeting.pk],
                agenda_views=agenda_views,
                current_version=current_version,
                public_gone=public_gone,
                pdf_filename=pdf_filename,
            )
        )
    return worlds


def _meeting_world(meeting: Any, *, access: Any, versions: list[Any], **ctx: Any) -> MeetingWorld:
    """One meeting's objects. What the public sees, and what it no longer sees, is the
    published versions' and the withdrawals' (``meetings.selectors.public_gone``), never the
    draft's; ``modified`` moves only with publications and withdrawals."""
    from meetings.models import PublishedVersion

    agenda_views = ctx["agenda_views"]
    link = ctx["link"]
    item_spans, file_rows = ctx["item_spans"], ctx["file_rows"]
    minutes = PublishedVersion.Document.MINUTES
    meeting_url = link["meeting"](meeting.pk)
    meeting_web = absolute(meeting.get_absolute_url())
    last_published = max((v.published_at for v in versions), default=None)
    withdrawn = ctx["withdrawn"].get(meeting.pk, {})
    gone_items, gone_files = ctx["public_gone"](versions, withdrawn)

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
    parts: list[Any] = [last_published]
    shown_items: list[Entry] = []
    order = 0

    def item_stamp(pk: int, files: Iterable[Any] = ()) -> Stamp:
        return stamps.item_stamp(
            meeting=meeting, last_published=last_published, span=item_spans.get(pk), files=files
        )

    def file_stamp(pk: int) -> Stamp:
        row = file_rows.get(pk)
        return stamps.attachment_stamp(
            meeting=meeting,
            uploaded_at=row["uploaded_at"] if row else None,
            last_published=last_published,
            withdrawn_at=row["withdrawn_at"] if row else None,
        )

    for view in current_views:
        if view.pk in gone_items:
            continue  # closed after the public saw it: a tombstone below
        order += 1
        item_url = link["agenda_item"](view.pk)
        if view.redacted:
            stamp_ = item_stamp(view.pk)
            # The portal shows the public a closed item's number only.
            data = {"number": view.number, "order": order, "public": False}
            item = entry("AgendaItem", item_url, stamp_, data, pk=view.pk)
            world.items.append(item)
            shown_items.append(item)
            parts.append(stamp_.modified)
            continue
        file_entries = []
        for attachment in view.attachments:
            file_row = file_rows.get(attachment.pk)
            if file_row is None or attachment.withdrawn or attachment.pk in gone_files:
                continue
            file_entry = _attachment_entry(
                attachment, file_row, file_stamp(attachment.pk), item_url, meeting_url, link
            )
            world.public_files.add(("attachment", attachment.pk))
            world.files.append(file_entry)
            file_entries.append(file_entry)
            parts.append(file_entry.stamp.modified)
        stamp_ = item_stamp(view.pk, [f.stamp.modified for f in file_entries])

        def item_data(view: Any = view, order: int = order, files: list = file_entries) -> dict:
            return {
                "meeting": meeting_url,
                "number": view.number,
                "order": order,
                "name": view.title,
                "public": True,
                "result": view.decision_type_label,
                "resolutionText": strip_tags(view.decision).strip() if view.decision else None,
                "auxiliaryFile": [_embedded(f.data) for f in files],
                "keyword": [view.kind_label] if view.kind_label else [],
                "web": meeting_web,
            }

        item = lazy_entry("AgendaItem", item_url, stamp_, item_data, pk=view.pk)
        world.items.append(item)
        shown_items.append(item)
        parts.append(stamp_.modified)

    # Tombstones: items and files the public was shown and no longer is (left out of a
    # newer published version, closed after publishing, withdrawn).
    for pk in sorted(gone_items):
        gone_stamp = item_stamp(pk)
        world.items.append(tombstone("AgendaItem", link["agenda_item"](pk), gone_stamp, pk=pk))
        parts.append(gone_stamp.modified)
    for pk in sorted(gone_files):
        gone_stamp = file_stamp(pk)
        world.files.append(tombstone("File", link["file"](pk), gone_stamp, pk=pk))
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
        pdf_url = link["file_pdf"](meeting_pdf.pk)
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
                "size": Later("size", name=stored.name),
                "sha512Checksum": Later("sha512", name=stored.name),
                "accessUrl": link["file_pdf_access"](meeting_pdf.pk),
                "downloadUrl": link["file_pdf_download"](meeting_pdf.pk),
                "meeting": [meeting_url],
            },
            rank=1,
            pk=meeting_pdf.pk,
        )
        world.files.append(pdf_entry)
        world.public_files.add(("pdf", meeting_pdf.pk))
        if version.number == newest_number[version.document]:
            current_pdf[version.document] = pdf_entry.data

    meeting_stamp = stamps.meeting_stamp(meeting, ctx["meeting_changed"], parts)
    if meeting.place:
        world.location = entry(
            "Location",
            link["location"](meeting.pk),
            meeting_stamp,
            {"description": meeting.place, "meetings": [meeting_url]},
            pk=meeting.pk,
        )
    location = world.location

    def meeting_data() -> dict:
        return {
            "name": f"{meeting.body.name} {stamps.format_datetime(meeting.starts_at)[:10]}",
            "meetingState": str(meeting.get_status_display()),
            "cancelled": True if meeting.status == meeting.Status.CANCELLED else None,
            "start": format_datetime(meeting.starts_at),
            "end": format_datetime(meeting.ends_at) if meeting.ends_at else None,
            "organization": [link["organization_body"](meeting.body_id)],
            "participant": ctx["participants"],
            "invitation": _embedded(current_pdf["agenda"]) if "agenda" in current_pdf else None,
            "resultsProtocol": _embedded(current_pdf["minutes"])
            if "minutes" in current_pdf
            else None,
            "agendaItem": [item.data for item in shown_items],
            "web": meeting_web,
            "location": {k: v for k, v in location.data.items() if k != "meetings"}
            if location is not None
            else None,
        }

    world.meeting = lazy_entry("Meeting", meeting_url, meeting_stamp, meeting_data, pk=meeting.pk)
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
    attachment: Any,
    row: dict,
    file_stamp: Stamp,
    item_url: str,
    meeting_url: str,
    link: dict[str, Callable[[int], str]],
) -> Entry:
    def data() -> dict:
        return {
            "name": attachment.title,
            "fileName": _file_name(attachment.title, row["file"] or ""),
            "mimeType": attachment.content_type,
            "size": attachment.size,
            "sha512Checksum": Later("sha512", name=row["file"], size=attachment.size)
            if row["file"]
            else None,
            "text": Later("text", pk=attachment.pk),
            "accessUrl": link["file_access"](attachment.pk),
            "downloadUrl": link["file_download"](attachment.pk),
            "agendaItem": [item_url],
            "meeting": [meeting_url],
        }

    return lazy_entry("File", link["file"](attachment.pk), file_stamp, data, pk=attachment.pk)


def public_meetings() -> QuerySet[Any]:
    """The meetings the public may see (``meetings.access``): published ones only."""
    from meetings.models import Meeting

    return Meeting.objects.visible_to(PUBLIC)


# Bump when the mapping changes what a meeting list prints for the same records: the lists'
# ETags are made from this state, not from their bytes.
LIST_FORMAT = 2


def meeting_list_state(
    body_id: int, kind: str, meeting_id: int | None = None
) -> tuple[list[Any], Any]:
    """What decides a body's meeting, agendaitem, file and location lists, read cheaply (a
    few aggregate queries, no file, no snapshot): the public meetings and their live
    fields (history), publications, withdrawals, the public PDFs, the attendance the body
    publishes, the body's own record and, for files, the texts read. Returns the values for
    a ``state_etag`` and the newest of their times (the list's ``Last-Modified``). With
    ``meeting_id``: the same for that one meeting (its Meeting and Location objects).

    Draft edits are not among them: they change no list until published."""
    from django.db.models import Count, Max, Q

    from councils.models import Body
    from meetings.models import Attachment, Attendance, Meeting, MeetingPdf, PublishedVersion

    public = public_meetings().filter(body_id=body_id)
    if meeting_id is not None:
        public = public.filter(pk=meeting_id)
    values: list[Any] = [LIST_FORMAT]
    times: list[Any] = []

    def read(qs: Any, **aggregates: Any) -> None:
        row = qs.order_by().aggregate(**aggregates)
        for name in sorted(row):
            values.append(row[name])
            if name.startswith("t_"):
                times.append(row[name])

    read(public, n=Count("pk"), top=Max("pk"), t_first=Max("agenda_published_at"))
    changed = stamps.public_changes(
        Meeting, stamps.MEETING_PUBLIC_FIELDS, id__in=public.values("pk")
    )
    values.append(len(changed))
    times.append(max(changed.values(), default=None))
    values.append(times[-1])
    read(Body.history.model.objects.filter(id=body_id), t=Max("history_date"))
    read(
        PublishedVersion.objects.filter(meeting__in=public.values("pk")),
        n=Count("pk"),
        t=Max("published_at"),
    )
    read(
        Attachment.all_objects.filter(
            item__meeting__in=public.values("pk"), withdrawn_at__isnull=False
        ),
        n=Count("pk"),
        t=Max("withdrawn_at"),
    )
    read(
        MeetingPdf.objects.filter(
            version__meeting__in=public.values("pk"), audience=MeetingPdf.Audience.PUBLIC
        ),
        n=Count("pk", filter=Q(status=MeetingPdf.Status.READY)),
        w=Count("pk", filter=Q(withdrawn_at__isnull=False)),
        t_rendered=Max("rendered_at"),
        t_withdrawn=Max("withdrawn_at"),
    )
    if kind == "meeting":
        read(
            Attendance.history.model.objects.filter(meeting_id__in=public.values("pk")),
            t=Max("history_date"),
        )
    if kind == "file":
        try:
            from extraction.models import AttachmentText
        except ImportError:  # pragma: no cover - the app is optional
            pass
        else:
            read(
                AttachmentText.objects.filter(attachment__item__meeting__in=public.values("pk")),
                n=Count("pk"),
                t_read=Max("extracted_at"),
            )
    return [v.isoformat() if hasattr(v, "isoformat") else v for v in values], stamps.newest(*times)
