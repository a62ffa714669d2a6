"""``created`` and ``modified`` of every OParl object: the one place that says where they come from.

Most portal models have no ``created``/``modified`` columns yet. Until they do, each OParl type
takes its timestamps from the fields that exist, as listed here (decision 0028). When the
models get real columns, only this module changes: replace the fallback of a type by its
columns and leave the callers alone.

Per OParl object (portal record): created; modified.

* Body and Organization "Gremium" (``councils.Body``): the body's first history row; its
  newest history row or that of one of its terms (Body embeds them).
* Organization (``councils.Organisation``), Membership, LegislativeTerm (``Term``): the
  first history row; the newest.
* Person: the first history row; the newest of the person's or of one of its memberships'
  (embedded).
* Meeting and its Location: the first publication of its agenda (``agenda_published_at``);
  the newest of the meeting's history rows that changed a field OParl prints from the live
  row (``MEETING_PUBLIC_FIELDS``: time, place, status), each publication, and every part's
  ``modified`` (items and files are embedded).
* AgendaItem: its first history row, never before the agenda's first publication; the
  newest of the meeting's newest publication (the public reads the published version) and
  its files. Not its later history rows nor bin times: those are draft edits, public only
  when published (then the publication moves it).
* File (attachment): ``uploaded_at``, never before the agenda's first publication; the
  newest of the meeting's newest publication and its withdrawal (public at once). Not its
  history or bin time (draft).
* File (meeting PDF): ``rendered_at`` (the version's ``published_at`` if missing); the
  newest of that and ``withdrawn_at``.
* System: ``EPOCH``; the newest body ``modified``.
* A deleted Membership or LegislativeTerm (a tombstone): its first history row; its
  deletion row (``deleted_stamps``).

A record without any history row (made around the services, e.g. by a bulk import) gets
``EPOCH`` as ``created`` and its newest related timestamp (else ``EPOCH``) as ``modified``:
a known limitation, stated in docs/oparl.md.

Every value is cut to whole seconds, as OParl prints them, so that a filter compares what a
client has seen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Max, Min

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
# The stable stand-in for a record with no timestamp at all (documented in decision 0028).
EPOCH = dt.datetime(2024, 1, 1, 0, 0, tzinfo=COPENHAGEN)


@dataclass(frozen=True)
class Stamp:
    created: dt.datetime
    modified: dt.datetime


@dataclass(frozen=True)
class Span:
    """The first and newest history rows of one record."""

    first: dt.datetime
    last: dt.datetime


def whole_seconds(value: dt.datetime) -> dt.datetime:
    return value.replace(microsecond=0)


def newest(*values: dt.datetime | None) -> dt.datetime:
    """The newest of ``values`` (``None`` ignored), ``EPOCH`` when there is none."""
    present = [v for v in values if v is not None]
    return whole_seconds(max(present)) if present else EPOCH


def stamp(created: dt.datetime | None, *modified: dt.datetime | None) -> Stamp:
    """A stamp whose ``modified`` is never before its ``created``."""
    first = whole_seconds(created) if created is not None else EPOCH
    return Stamp(first, newest(first, *modified))


def format_datetime(value: dt.datetime) -> str:
    """``2014-08-22T09:00:00+02:00``: local time with its offset, never ``Z``."""
    return value.astimezone(COPENHAGEN).isoformat(timespec="seconds")


def history_spans(model: Any, **lookup: Any) -> dict[int, Span]:
    """First and newest history row per record of ``model`` (django-simple-history), for the
    history rows matching ``lookup``: one query."""
    rows = (
        model.history.model.objects.filter(**lookup)
        .order_by()
        .values("id")
        .annotate(first=Min("history_date"), last=Max("history_date"))
        .values_list("id", "first", "last")
    )
    return {pk: Span(first, last) for pk, first, last in rows}


# The fields of a meeting OParl prints from the live row (the rest is the published version's).
MEETING_PUBLIC_FIELDS = ("body_id", "starts_at", "ends_at", "place", "status")


def public_changes(model: Any, fields: tuple[str, ...], **lookup: Any) -> dict[int, dt.datetime]:
    """Per record, the newest history row that changed one of ``fields`` (or made it): the
    last change the public could see. Rows that changed only other fields (a planned
    publication date, a request to approve the minutes: the secretariat's) do not count.
    One query; it returns only the rows that changed something public."""
    from django.db.models import F, TextField, Value, Window
    from django.db.models.functions import Cast, Coalesce, Concat, Lag

    text = TextField()
    parts: list[Any] = []
    for name in fields:
        parts += [
            Coalesce(Cast(name, text), Value("", output_field=text), output_field=text),
            Value("|", output_field=text),
        ]
    rows = (
        model.history.model.objects.filter(**lookup)
        .annotate(sig=Concat(*parts, output_field=text))
        .annotate(
            prev=Window(
                Lag("sig", 1, Value("", output_field=text)),
                partition_by=[F("id")],
                order_by=[F("history_date").asc(), F("history_id").asc()],
            )
        )
        .exclude(sig=F("prev"))
        .values_list("id", "history_date")
    )
    out: dict[int, dt.datetime] = {}
    for pk, when in rows:
        if pk not in out or when > out[pk]:
            out[pk] = when
    return out


def _last_by(model: Any, field: str, **lookup: Any) -> dict[int, dt.datetime]:
    rows = (
        model.history.model.objects.filter(**lookup)
        .order_by()
        .values(field)
        .annotate(last=Max("history_date"))
        .values_list(field, "last")
    )
    return dict(rows)


def _from_spans(ids: Iterable[int], spans: dict[int, Span], extra: dict[int, Any]) -> dict:
    out = {}
    for pk in ids:
        span = spans.get(pk)
        out[pk] = stamp(span.first if span else None, span.last if span else None, extra.get(pk))
    return out


# --- councils ----------------------------------------------------------------------------


def body_stamps(ids: list[int]) -> dict[int, Stamp]:
    from councils.models import Body, Term

    return _from_spans(
        ids, history_spans(Body, id__in=ids), _last_by(Term, "body_id", body_id__in=ids)
    )


def organisation_stamps(ids: list[int]) -> dict[int, Stamp]:
    from councils.models import Organisation

    return _from_spans(ids, history_spans(Organisation, id__in=ids), {})


def person_stamps(ids: list[int]) -> dict[int, Stamp]:
    from councils.models import Membership, Person

    return _from_spans(
        ids,
        history_spans(Person, id__in=ids),
        _last_by(Membership, "person_id", person_id__in=ids),
    )


def membership_stamps(ids: list[int]) -> dict[int, Stamp]:
    from councils.models import Membership

    return _from_spans(ids, history_spans(Membership, id__in=ids), {})


def agreement_stamps(ids: list[int], links: dict[int, set[int]] | None = None) -> dict[int, Stamp]:
    """An agreement's history: every change to it or to its goals, indicators and parties
    moves its version, which is a save of the agreement (``agreements.services``). A Paper
    also links its parent, children and predecessor (``links``: id → linked ids), and those
    links come and go as they are published or made internal: the newest change of a linked
    agreement moves ``modified`` too, so a sync client fetches the new links."""
    from agreements.models import Agreement

    links = links or {}
    linked = set().union(*links.values()) if links else set()
    spans = history_spans(Agreement, id__in=set(ids) | linked)
    extra = {
        pk: max((spans[o].last for o in links.get(pk, ()) if o in spans), default=None)
        for pk in ids
    }
    return _from_spans(ids, {pk: spans[pk] for pk in ids if pk in spans}, extra)


def request_stamps(requests: Iterable[Any]) -> dict[int, Stamp]:
    """A request for input as Paper: its ``created`` and ``modified`` columns (decision 0033).
    ``modified`` moves on every write and when the request became public at its deadline
    (``consultations.services.requests_opened_to_public``), so it is never older than the
    moment the public could first read it."""
    return {r.pk: stamp(r.created, r.modified) for r in requests}


def term_stamps(ids: list[int]) -> dict[int, Stamp]:
    from councils.models import Term

    return _from_spans(ids, history_spans(Term, id__in=ids), {})


def deleted_stamps(model: Any, **lookup: Any) -> dict[int, Stamp]:
    """Records of ``model`` deleted for good (a ``-`` history row, no row left), matching
    ``lookup`` on their history: created at their first history row, modified when deleted.
    Two queries."""
    from django.db.models import Exists, OuterRef

    historical = model.history.model
    rows = (
        historical.objects.filter(history_type="-", **lookup)
        .exclude(Exists(model._default_manager.filter(pk=OuterRef("id"))))
        .order_by()
        .values("id")
        .annotate(deleted=Max("history_date"))
        .values_list("id", "deleted")
    )
    deleted = dict(rows)
    spans = history_spans(model, id__in=list(deleted)) if deleted else {}
    return {
        pk: stamp(spans[pk].first if pk in spans else None, when) for pk, when in deleted.items()
    }


def withdrawn_agreement_stamps(**lookup: Any) -> dict[int, Stamp]:
    """Agreements the public once saw (a history row neither draft nor internal) and no
    longer sees (made internal, or deleted), matching ``lookup`` on their history: created at
    their first history row, modified at their last (the change that took them away, or a
    later one). Two queries."""
    from agreements.models import Agreement

    historical = Agreement.history.model
    once = set(
        historical.objects.filter(is_internal=False, **lookup)
        .exclude(status="draft")
        .values_list("id", flat=True)
        .distinct()
    )
    gone = once - set(Agreement.objects.public().filter(pk__in=once).values_list("pk", flat=True))
    spans = history_spans(Agreement, id__in=gone) if gone else {}
    return {pk: stamp(spans[pk].first, spans[pk].last) for pk in gone if pk in spans}


def withdrawn_request_stamps(*, public: Any, **lookup: Any) -> dict[int, Stamp]:
    """Requests for input with a tombstone in the REST feed that the public (``public``, the
    access module's queryset) does not see now, matching ``lookup`` on their history:
    created at their first history row, modified at their newest tombstone. Three queries."""
    from django.db.models import Max

    from consultations.models import RequestForInput
    from core.models import Tombstone

    # Only the tombstones of requests matching ``lookup`` (a body's, or one), never all.
    gone_at = dict(
        Tombstone.objects.filter(
            resource=RequestForInput._meta.label_lower,
            object_id__in=RequestForInput.history.model.objects.filter(**lookup).values("id"),
        )
        .values("object_id")
        .annotate(last=Max("deleted_at"))
        .values_list("object_id", "last")
    )
    if not gone_at:
        return {}
    gone = set(gone_at) - set(public.filter(pk__in=gone_at).values_list("pk", flat=True))
    spans = history_spans(RequestForInput, id__in=gone) if gone else {}
    return {pk: stamp(spans[pk].first if pk in spans else None, gone_at[pk]) for pk in sorted(gone)}


def system_stamp(bodies: Iterable[Stamp]) -> Stamp:
    return stamp(EPOCH, *(b.modified for b in bodies))


# --- meetings (from rows oparl.public has loaded; no queries here but the spans) ----------


def meeting_created(meeting: Any) -> dt.datetime:
    """A meeting exists for the public from its agenda's first publication."""
    return whole_seconds(meeting.agenda_published_at or EPOCH)


def meeting_stamp(meeting: Any, changed: dt.datetime | None, parts: Iterable[dt.datetime]) -> Stamp:
    """``changed``: the last change of a public field (``public_changes``); ``parts``:
    publication times and the ``modified`` of every item and file."""
    return stamp(meeting_created(meeting), changed, *parts)


def item_stamp(
    *,
    meeting: Any,
    last_published: dt.datetime | None,
    span: Span | None,
    files: Iterable[dt.datetime] = (),
) -> Stamp:
    """An item: created when made but never before the agenda was public; modified by every
    publication (the public reads the published version) and by the files it embeds. Never
    by its history rows: those are draft edits (a bin, a restore, a closed item's text)
    until a publication makes them public."""
    created = max(
        meeting_created(meeting), whole_seconds(span.first) if span else meeting_created(meeting)
    )
    return stamp(created, last_published, *files)


def attachment_stamp(
    *,
    meeting: Any,
    uploaded_at: dt.datetime | None,
    last_published: dt.datetime | None,
    withdrawn_at: dt.datetime | None,
) -> Stamp:
    """A file: uploaded, never before the agenda was public; modified by every publication
    and its withdrawal (public at once), never by draft edits or the bin."""
    created = max(meeting_created(meeting), whole_seconds(uploaded_at or EPOCH))
    return stamp(created, last_published, withdrawn_at)


def pdf_stamp(
    *,
    rendered_at: dt.datetime | None,
    published_at: dt.datetime | None,
    withdrawn_at: dt.datetime | None,
) -> Stamp:
    return stamp(rendered_at or published_at, withdrawn_at)
