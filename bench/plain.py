"""The floors the API is measured against: plain SQL turned into the same JSON by hand.

Each function here produces what an endpoint answers the public, from its rows, without the
portal's machinery (DRF, filters, serializers, access modules, published snapshots): the
cost of "serialising rows on every request" that issue 17 asks the API to beat.
``bench.measure`` checks that each produces the same JSON as its endpoint (parsed and
compared whole) before it times either, so a difference in what they produce cannot pass
for a difference in speed.

They read the data ``bench.generate`` makes (its agendas are published as they stand, so
the live rows are what the published versions hold); on other data the comparison fails
instead of measuring something else.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection

from meetings.models import DefaultDecisionType

BASE = "http://testserver"
LOCAL = ZoneInfo("Europe/Copenhagen")
MINUTES_SHOWN = ("minutes_published", "minutes_approved")


def _iso(value: dt.datetime | None) -> str | None:
    """As DRF prints a date-time: local time with its offset."""
    return value.astimezone(LOCAL).isoformat() if value is not None else None


def _agenda_order(rows: list[tuple]) -> list[tuple[str, tuple]]:
    """Items (id, parent_id, position, …) numbered 1, 1.1, 2 … as the agenda shows them."""
    children: dict[int, list[tuple]] = {}
    for row in rows:
        if row[1] is not None:
            children.setdefault(row[1], []).append(row)
    ordered = []
    tops = sorted((r for r in rows if r[1] is None), key=lambda r: (r[2], r[0]))
    for number, top in enumerate(tops, start=1):
        ordered.append((str(number), top))
        subs = sorted(children.get(top[0], []), key=lambda r: (r[2], r[0]))
        for sub, child in enumerate(subs, start=1):
            ordered.append((f"{number}.{sub}", child))
    return ordered


def _rows(sql: str, params: list[Any]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def meetings_json(limit: int) -> bytes:
    """``/api/meetings/?items=true&page_size=LIMIT`` as the public gets it (its first page)."""
    meetings = _rows(
        "SELECT m.id, b.slug, m.starts_at, m.ends_at, m.place, m.status, m.created, "
        "m.modified, m.body_id FROM meetings_meeting m JOIN councils_body b ON b.id = m.body_id "
        "WHERE m.agenda_published_at IS NOT NULL ORDER BY m.starts_at, m.id LIMIT %s",
        [limit],
    )
    total = _rows(
        "SELECT count(*) FROM meetings_meeting WHERE agenda_published_at IS NOT NULL", []
    )[0][0]
    ids = [row[0] for row in meetings]
    # items: id, parent_id, position, meeting_id, title, presenter, kind, case text,
    # recommendation, decision, decision type, closed
    items = _rows(
        "SELECT i.id, i.parent_id, i.position, i.meeting_id, i.title, "
        "coalesce(p.name, i.presenter_text), i.kind, i.case_text, i.recommendation, "
        "i.decision, i.decision_type, i.is_closed "
        "FROM meetings_agendaitem i LEFT JOIN councils_person p ON p.id = i.presenter_id "
        "WHERE i.meeting_id = ANY(%s) AND i.deleted_at IS NULL",
        [ids],
    )
    attachments = _rows(
        "SELECT a.id, a.item_id, a.title, a.content_type, a.position, a.is_closed, "
        "CASE WHEN a.withdrawn_at IS NULL THEN '' ELSE a.withdrawn_reason END "
        "FROM meetings_attachment a JOIN meetings_agendaitem i ON i.id = a.item_id "
        "WHERE i.meeting_id = ANY(%s) AND a.deleted_at IS NULL AND i.deleted_at IS NULL",
        [ids],
    )
    # A body's own decision types print their label; the default ones theirs, translated.
    labels = {
        (body_id, code): label
        for body_id, code, label in _rows(
            "SELECT body_id, code, label FROM meetings_decisiontype WHERE body_id = ANY(%s)",
            [list({row[8] for row in meetings})],
        )
    }
    defaults = {code: str(label) for code, label in DefaultDecisionType.choices}
    by_item: dict[int, list[tuple]] = {}
    for attachment in attachments:
        by_item.setdefault(attachment[1], []).append(attachment)
    by_meeting: dict[int, list[tuple]] = {}
    for item in items:
        by_meeting.setdefault(item[3], []).append(item)
    results = []
    for meeting_id, body, starts, ends, place, status, created, modified, body_id in meetings:
        ordered = _agenda_order(by_meeting.get(meeting_id, []))
        closed = {row[0] for _n, row in ordered if row[11]}
        closed |= {row[0] for _n, row in ordered if row[1] in closed}
        bilag, counter = {}, 0
        for _number, row in ordered:
            for attachment in sorted(by_item.get(row[0], []), key=lambda a: (a[4], a[0])):
                counter += 1
                bilag[attachment[0]] = counter
        decisions = status in MINUTES_SHOWN
        out_items: list[dict[str, Any]] = []
        for number, row in ordered:
            if row[0] in closed:
                out_items.append({"number": number, "is_closed": True})
                continue
            out_items.append(
                {
                    "number": number,
                    "is_closed": False,
                    "title": row[4],
                    "presenter": row[5],
                    "kind": row[6],
                    "case_text": row[7],
                    "recommendation": row[8],
                    "decision": row[9] if decisions else "",
                    "decision_type": row[10] if decisions else "",
                    "decision_type_label": (
                        labels.get((body_id, row[10])) or defaults.get(row[10], "")
                    )
                    if decisions
                    else "",
                    "attendance": [],
                    "attachments": [
                        {
                            "number": bilag[a[0]],
                            "title": a[2],
                            "content_type": a[3],
                            "url": None if a[6] else f"{BASE}/moeder/bilag/{a[0]}/",
                            "withdrawn_reason": a[6],
                        }
                        for a in sorted(by_item.get(row[0], []), key=lambda a: bilag[a[0]])
                        if not a[5]
                    ],
                }
            )
        results.append(
            {
                "id": meeting_id,
                "body": body,
                "starts_at": _iso(starts),
                "ends_at": _iso(ends),
                "place": place,
                "status": status,
                "url": f"{BASE}/moeder/{meeting_id}/",
                "created": _iso(created),
                "modified": _iso(modified),
                "items": out_items,
            }
        )
    pages = -(-total // limit)
    return json.dumps(
        {
            "count": total,
            "next": f"{BASE}/api/meetings/?items=true&page=2&page_size={limit}"
            if pages > 1
            else None,
            "previous": None,
            "results": results,
        },
        ensure_ascii=False,
    ).encode()


# --- OParl --------------------------------------------------------------------------------

OPARL_TYPE = "https://schema.oparl.org/1.1/"
# The columns of a meeting that the public reads live (oparl.stamps.MEETING_PUBLIC_FIELDS):
# the last history row that changed one of them moves the meeting's ``modified``.
MEETING_CHANGES = """
SELECT id, max(history_date) FROM (
    SELECT id, history_date, sig,
           lag(sig, 1, '') OVER (PARTITION BY id ORDER BY history_date, history_id) AS prev
    FROM (
        SELECT id, history_date, history_id,
               coalesce(body_id::text, '') || '|' || coalesce(starts_at::text, '') || '|' ||
               coalesce(ends_at::text, '') || '|' || coalesce(place, '') || '|' ||
               coalesce(status, '') || '|' AS sig
        FROM meetings_historicalmeeting WHERE id = ANY(%s)
    ) signed
) changes WHERE sig <> prev GROUP BY id
"""


def _seconds(value: dt.datetime) -> dt.datetime:
    return value.replace(microsecond=0)


def _oparl_time(value: dt.datetime) -> str:
    return value.astimezone(LOCAL).isoformat(timespec="seconds")


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None and v != "" and v != [] and v != {}}


def _object(kind: str, id_: str, created: dt.datetime, modified: dt.datetime, **data: Any) -> dict:
    return _compact(
        {
            "id": id_,
            "type": OPARL_TYPE + kind,
            **data,
            "created": _oparl_time(created),
            "modified": _oparl_time(modified),
        }
    )


def oparl_list_json(body_id: int, kind: str) -> bytes:
    """The first page of ``/oparl/v1.1/body/ID/KIND/`` (``meeting`` or ``agendaitem``) as
    the public gets it: the body's published meetings with their items, files and PDFs, read
    with plain SQL; the stamps computed as ``oparl.stamps`` defines them (documented in
    decision 0028), the checksums read from the cache as the endpoint reads them."""
    from django.conf import settings
    from django.utils import translation
    from django.utils.html import strip_tags
    from django.utils.text import slugify

    from meetings.models import AgendaItem, Meeting, PublishedVersion
    from oparl.objects import sha512_many

    site = settings.SITE_URL
    api = f"{site}/oparl/v1.1"
    with translation.override(settings.LANGUAGE_CODE):
        states = {code: str(label) for code, label in Meeting.Status.choices}
        kinds = {code: str(label) for code, label in AgendaItem.Kind.choices}
        documents = {code: str(label) for code, label in PublishedVersion.Document.choices}
        defaults = {code: str(label) for code, label in DefaultDecisionType.choices}
    meetings = _rows(
        "SELECT m.id, m.starts_at, m.ends_at, m.place, m.status, m.agenda_published_at, "
        "b.name, b.short_name, b.publishes_attendance FROM meetings_meeting m "
        "JOIN councils_body b ON b.id = m.body_id "
        "WHERE m.body_id = %s AND m.agenda_published_at IS NOT NULL",
        [body_id],
    )
    ids = [row[0] for row in meetings]
    versions: dict[int, list[tuple]] = {}
    for row in _rows(
        "SELECT meeting_id, document, number, published_at FROM meetings_publishedversion "
        "WHERE meeting_id = ANY(%s)",
        [ids],
    ):
        versions.setdefault(row[0], []).append(row)
    items: dict[int, list[tuple]] = {}
    for row in _rows(
        "SELECT i.id, i.parent_id, i.position, i.meeting_id, i.title, i.kind, i.decision, "
        "i.decision_type, i.is_closed, (SELECT min(h.history_date) FROM "
        "meetings_historicalagendaitem h WHERE h.id = i.id) "
        "FROM meetings_agendaitem i WHERE i.meeting_id = ANY(%s) AND i.deleted_at IS NULL",
        [ids],
    ):
        items.setdefault(row[3], []).append(row)
    files: dict[int, list[tuple]] = {}
    for row in _rows(
        "SELECT a.id, a.item_id, a.title, a.content_type, a.size, a.position, a.is_closed, "
        "a.file, a.uploaded_at, a.withdrawn_at FROM meetings_attachment a "
        "JOIN meetings_agendaitem i ON i.id = a.item_id "
        "WHERE i.meeting_id = ANY(%s) AND a.deleted_at IS NULL AND i.deleted_at IS NULL",
        [ids],
    ):
        files.setdefault(row[1], []).append(row)
    changed = dict(_rows(MEETING_CHANGES, [ids]))
    pdfs: dict[int, list[tuple]] = {}
    for row in _rows(
        "SELECT v.meeting_id, p.id, p.file, p.rendered_at, p.withdrawn_at, v.published_at, "
        "v.document, v.number FROM meetings_meetingpdf p "
        "JOIN meetings_publishedversion v ON v.id = p.version_id "
        "WHERE v.meeting_id = ANY(%s) AND p.audience = 'public' AND p.status = 'ready' "
        "ORDER BY v.published_at, p.id",
        [ids],
    ):
        pdfs.setdefault(row[0], []).append(row)
    participants: dict[int, list[str]] = {}
    for meeting_id, person_id in _rows(
        "SELECT a.meeting_id, a.person_id FROM meetings_attendance a "
        "JOIN meetings_meeting m ON m.id = a.meeting_id "
        "JOIN councils_body b ON b.id = m.body_id "
        "WHERE a.meeting_id = ANY(%s) AND b.publishes_attendance "
        "AND a.status IN ('present', 'substitute') ORDER BY a.id",
        [ids],
    ):
        participants.setdefault(meeting_id, []).append(f"{api}/person/{person_id}/")
    labels = {
        code: label
        for code, label in _rows(
            "SELECT code, label FROM meetings_decisiontype WHERE body_id = %s", [body_id]
        )
    }

    meeting_entries: list[tuple] = []
    item_entries: list[tuple] = []
    for meeting_id, starts, ends, place, status, agenda_at, name, short, _att in meetings:
        made = _seconds(agenda_at)
        own_versions = versions.get(meeting_id, [])
        last_published = max((v[3] for v in own_versions), default=None)
        published = _seconds(last_published) if last_published else None
        minutes = any(v[1] == "minutes" for v in own_versions)
        meeting_url = f"{api}/meeting/{meeting_id}/"
        web = f"{site}/moeder/{meeting_id}/"
        parts = [made, changed.get(meeting_id), last_published]
        ordered = _agenda_order(items.get(meeting_id, []))
        closed = {row[0] for _n, row in ordered if row[8]}
        closed |= {row[0] for _n, row in ordered if row[1] in closed}
        bilag, counter = {}, 0
        for _number, row in ordered:
            for file in sorted(files.get(row[0], []), key=lambda f: (f[5], f[0])):
                counter += 1
                bilag[file[0]] = counter
        item_objects = []
        for order, (number, row) in enumerate(ordered, start=1):
            item_made = max(made, _seconds(row[9])) if row[9] else made
            item_url = f"{api}/agendaitem/{row[0]}/"
            if row[0] in closed:
                modified = _newest(item_made, published)
                data = _object(
                    "AgendaItem",
                    item_url,
                    item_made,
                    modified,
                    number=number,
                    order=order,
                    public=False,
                )
                item_objects.append(data)
                item_entries.append((modified, row[0], data))
                parts.append(modified)
                continue
            embedded, file_times = [], []
            for file in sorted(files.get(row[0], []), key=lambda f: bilag[f[0]]):
                if file[6] or file[9] is not None:
                    continue
                file_made = max(made, _seconds(file[8]))
                file_modified = _newest(file_made, published)
                stored = file[7] or ""
                extension = stored.rsplit(".", 1)[-1] if "." in stored.rsplit("/", 1)[-1] else ""
                embedded.append(
                    _object(
                        "File",
                        f"{api}/file/{file[0]}/",
                        file_made,
                        file_modified,
                        name=file[2],
                        fileName=f"{file[2]}.{extension}" if extension else file[2],
                        mimeType=file[3],
                        size=file[4],
                        sha512Checksum=Checksum(stored, file[4] or _size(stored) or 0)
                        if stored
                        else None,
                        accessUrl=f"{api}/file/{file[0]}/access/",
                        downloadUrl=f"{api}/file/{file[0]}/download/",
                    )
                )
                file_times.append(file_modified)
            modified = _newest(item_made, published, *file_times)
            parts += file_times
            data = _object(
                "AgendaItem",
                item_url,
                item_made,
                modified,
                meeting=meeting_url,
                number=number,
                order=order,
                name=row[4],
                public=True,
                result=(labels.get(row[7]) or defaults.get(row[7], "")) if minutes else None,
                resolutionText=strip_tags(row[6]).strip() if minutes and row[6] else None,
                auxiliaryFile=embedded,
                keyword=[kinds[row[5]]] if kinds.get(row[5]) else [],
                web=web,
            )
            item_objects.append(data)
            item_entries.append((modified, row[0], data))
            parts.append(modified)
        current: dict[str, dict] = {}
        newest = {d: max((v[2] for v in own_versions if v[1] == d), default=0) for d in documents}
        for _m, pdf_id, stored, rendered, withdrawn, published, document, number in pdfs.get(
            meeting_id, []
        ):
            pdf_made = _seconds(rendered or published)
            pdf_modified = _newest(pdf_made, withdrawn and _seconds(withdrawn))
            parts.append(pdf_modified)
            if withdrawn is not None:
                continue
            label = "Referat" if document == "minutes" else "Dagsorden"
            file_name = slugify(
                f"{label} {short or name} {starts.astimezone(LOCAL):%Y-%m-%d} v{number}"
            )
            size = _size(stored)
            data = _object(
                "File",
                f"{api}/file/pdf/{pdf_id}/",
                pdf_made,
                pdf_modified,
                name=f"{documents[document]} {number}",
                fileName=f"{file_name}-offentlig.pdf",
                mimeType="application/pdf",
                date=published.astimezone(LOCAL).date().isoformat(),
                size=size,
                sha512Checksum=Checksum(stored, size or 0),
                accessUrl=f"{api}/file/pdf/{pdf_id}/access/",
                downloadUrl=f"{api}/file/pdf/{pdf_id}/download/",
            )
            if number == newest[document]:
                current[document] = data
        modified = max(_seconds(p) for p in parts if p)
        location = (
            _object("Location", f"{api}/location/{meeting_id}/", made, modified, description=place)
            if place
            else None
        )
        data = _object(
            "Meeting",
            meeting_url,
            made,
            modified,
            name=f"{name} {_oparl_time(starts)[:10]}",
            meetingState=states[status],
            cancelled=True if status == "cancelled" else None,
            start=_oparl_time(starts),
            end=_oparl_time(ends) if ends else None,
            organization=[f"{api}/organization/body/{body_id}/"],
            participant=participants.get(meeting_id, []),
            invitation=current.get("agenda"),
            resultsProtocol=current.get("minutes"),
            agendaItem=item_objects,
            web=web,
            location=location,
        )
        meeting_entries.append((modified, meeting_id, data))

    chosen = sorted(meeting_entries if kind == "meeting" else item_entries, key=lambda e: e[:2])
    pages = max(1, -(-len(chosen) // 100))
    base = f"{api}/body/{body_id}/{kind}/"
    links = {"first": base, "self": base, "last": base + (f"?page={pages}" if pages > 1 else "")}
    if pages > 1:
        links["next"] = base + "?page=2"
    page = [data for _m, _pk, data in chosen[:100]]
    # The page's checksums, read from the cache in one round trip as the endpoint reads them.
    found: list[Checksum] = []
    _walk(page, found.append)
    sums = sha512_many((c.name, c.size) for c in found)
    page = _walk(page, lambda c: sums.get((c.name, c.size)))
    return json.dumps(
        {
            "data": page,
            "pagination": {
                "totalElements": len(chosen),
                "elementsPerPage": 100,
                "currentPage": 1,
                "totalPages": pages,
            },
            "links": links,
        },
        ensure_ascii=False,
    ).encode()


@dataclass(frozen=True)
class Checksum:
    """A file's checksum to read once the page is known."""

    name: str
    size: int


def _walk(value: Any, replace: Any) -> Any:
    """``value`` with every ``Checksum`` replaced by ``replace(checksum)`` (left out when
    that is ``None``)."""
    if isinstance(value, Checksum):
        return replace(value)
    if isinstance(value, dict):
        out = {}
        for key, inner in value.items():
            inner = _walk(inner, replace)
            if inner is not None:
                out[key] = inner
        return out
    if isinstance(value, list):
        return [_walk(inner, replace) for inner in value]
    return value


def _newest(*values: dt.datetime | None) -> dt.datetime:
    return max(value for value in values if value is not None)


def _size(name: str) -> int | None:
    from django.core.files.storage import default_storage

    try:
        return int(default_storage.size(name))
    except OSError:
        return None
