"""The OParl 1.1 endpoint (``/oparl/v1.1/``): thin views over ``oparl.objects``.

Everything here is the public's view (anonymous); see docs/oparl.md and decision 0028.
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from oparl import objects, stamps
from oparl.http import (
    FILTERS,
    LIST_PARAMETERS,
    OBJECT_PARAMETERS,
    PAGE_SIZE,
    OParlError,
    bool_param,
    check_known,
    datetime_param,
    int_param,
    json_response,
    not_modified,
    oparl_view,
    state_etag,
)
from oparl.links import OPARL_VERSION, type_url, url
from oparl.objects import Entry

MAX_ID = 2**31 - 1
# Internal lists a client may ask us to leave out (protocol 2.5, ``omit_internal``).
INTERNAL = {
    "Person": ("membership",),
    "Meeting": ("agendaItem", "auxiliaryFile"),
    "AgendaItem": ("auxiliaryFile",),
}
BODY_LISTS = (
    "organization",
    "person",
    "meeting",
    "paper",
    "agendaitem",
    "file",
    "location",
    "legislativeterm",
    "membership",
)
# The lists made of the public's meetings: their ETag comes from ``meeting_list_state``.
MEETING_LISTS = ("meeting", "agendaitem", "file", "location")


def _pk(pk: int) -> int:
    if not 0 < pk <= MAX_ID:
        raise Http404
    return pk


def _strip_internal(entry: Entry, omit: bool) -> dict[str, Any]:
    if not omit or entry.deleted:
        return entry.data
    return {k: v for k, v in entry.data.items() if k not in INTERNAL.get(entry.type, ())}


def _object(request: HttpRequest, entry: Entry | None) -> HttpResponse:
    check_known(request.GET, OBJECT_PARAMETERS)
    omit = bool_param(request.GET, "omit_internal")
    if entry is None:
        raise Http404
    data = objects.finish([_strip_internal(entry, omit)])[0]
    return json_response(request, data, entry.stamp.modified)


# --- the System and the bodies ----------------------------------------------------------


def _bodies() -> list[Entry]:
    from councils.models import Body

    return objects.body_entries(Body.objects.order_by("pk"))


def _deleted_persons(**membership_lookup: Any) -> list[Entry]:
    """Tombstones of persons deleted for good whose membership history matches the lookup
    (a body's persons: those who were members of it)."""
    from councils.models import Membership, Person

    person_ids = Membership.history.filter(**membership_lookup).values("person_id")
    return objects.deleted_entries(Person, "Person", "person", id__in=person_ids)


@oparl_view
def system(request: HttpRequest) -> HttpResponse:
    check_known(request.GET, ())
    bodies = _bodies()
    stamp = stamps.system_stamp(b.stamp for b in bodies)
    data = {
        "id": url("system"),
        "type": type_url("System"),
        "oparlVersion": OPARL_VERSION,
        "body": url("body_index"),
        "name": _("KKR portal"),
        "website": settings.SITE_URL + "/",
        "web": settings.SITE_URL + "/",
        "created": stamps.format_datetime(stamp.created),
        "modified": stamps.format_datetime(stamp.modified),
    }
    return json_response(request, data, stamp.modified)


@oparl_view
def body_index(request: HttpRequest) -> HttpResponse:
    from councils.models import Body

    deleted = objects.deleted_entries(Body, "Body", "body")
    return _list(request, url("body_index"), _bodies() + deleted)


@oparl_view
def body(request: HttpRequest, pk: int) -> HttpResponse:
    from councils.models import Body

    found = objects.body_entries(Body.objects.filter(pk=_pk(pk)))
    found = found or objects.deleted_entries(Body, "Body", "body", id=pk)
    return _object(request, found[0] if found else None)


@oparl_view
def body_list(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    from councils.models import Body

    if kind not in BODY_LISTS:
        raise Http404
    body_obj = Body.objects.filter(pk=_pk(pk)).first()
    if body_obj is None:
        raise Http404
    check_known(request.GET, LIST_PARAMETERS)
    omit = bool_param(request.GET, "omit_internal")
    state = None
    if kind in MEETING_LISTS:
        # Decided before the list is built: a 304 reads no snapshot, text or file.
        for name in FILTERS:
            datetime_param(request.GET, name)
        int_param(request.GET, "limit", PAGE_SIZE)
        int_param(request.GET, "page", 1)
        values, last_modified = objects.meeting_list_state(body_obj.pk, kind)
        etag = state_etag(
            kind,
            body_obj.pk,
            sorted(request.GET.items()),
            get_language(),
            settings.SITE_URL,
            *values,
        )
        unchanged = not_modified(request, etag, last_modified)
        if unchanged is not None:
            return unchanged
        state = (etag, last_modified)
    entries = _body_entries(body_obj, kind, omit)
    return _list(request, url("body_list", pk=pk, kind=kind), entries, state=state)


def _body_entries(body_obj: Any, kind: str, omit: bool) -> list[Entry]:
    from councils.models import Body, Membership, Organisation, Person, Term

    if kind == "organization":
        return objects.body_organization_entries(
            Body.objects.filter(pk=body_obj.pk)
        ) + objects.organisation_entries(
            Organisation.objects.filter(memberships__body=body_obj).distinct().order_by("pk")
        )
    if kind == "person":
        return objects.person_entries(
            Person.objects.filter(memberships__body=body_obj).distinct().order_by("pk"),
            omit_internal=omit,
        ) + _deleted_persons(body_id=body_obj.pk)
    if kind == "membership":
        return objects.membership_entries(
            Membership.objects.filter(body=body_obj).order_by("pk")
        ) + objects.deleted_entries(Membership, "Membership", "membership", body_id=body_obj.pk)
    if kind == "legislativeterm":
        return objects.term_entries(
            Term.objects.filter(body=body_obj).order_by("pk")
        ) + objects.deleted_entries(
            Term, "LegislativeTerm", "legislative_term", body_id=body_obj.pk
        )
    if kind == "paper":
        # Public agreements and the tombstones of those made internal or deleted since;
        # the requests for input the public may open.
        return (
            objects.paper_entries(objects.public_agreements().filter(body=body_obj).order_by("pk"))
            + objects.withdrawn_paper_entries(body_id=body_obj.pk)
            + objects.request_paper_entries(
                objects.public_requests().filter(body=body_obj).order_by("pk")
            )
            + objects.withdrawn_request_entries(body_id=body_obj.pk)
        )
    worlds = objects.meeting_worlds(objects.public_meetings().filter(body=body_obj).order_by("pk"))
    if kind == "meeting":
        return [w.meeting for w in worlds]
    if kind == "agendaitem":
        return [e for w in worlds for e in w.items]
    if kind == "file":
        return [e for w in worlds for e in w.files]
    return [w.location for w in worlds if w.location is not None]  # location


# --- external lists ---------------------------------------------------------------------


def _list(
    request: HttpRequest,
    base: str,
    entries: list[Entry],
    *,
    state: tuple[str, Any] | None = None,
) -> HttpResponse:
    """One page of an external list (protocol 2.5): filtered by ``created``/``modified``,
    tombstones only with ``modified_since``, in a stable order (modified, kind, id), every
    link keeping the filters."""
    query = request.GET
    check_known(query, LIST_PARAMETERS)
    bounds = {name: datetime_param(query, name) for name in FILTERS}
    omit = bool_param(query, "omit_internal")
    limit = min(int_param(query, "limit", PAGE_SIZE), PAGE_SIZE)
    page = int_param(query, "page", 1)

    since, until = bounds["created_since"], bounds["created_until"]
    m_since, m_until = bounds["modified_since"], bounds["modified_until"]
    chosen = [
        e
        for e in entries
        if (m_since is not None or not e.deleted)
        and (since is None or e.stamp.created >= since)
        and (until is None or e.stamp.created <= until)
        and (m_since is None or e.stamp.modified >= m_since)
        and (m_until is None or e.stamp.modified <= m_until)
    ]
    chosen.sort(key=lambda e: e.sort_key)
    total = len(chosen)
    pages = max(1, math.ceil(total / limit))
    if page > pages:
        raise OParlError(
            404,
            _("There is no page %(page)s: the list has %(pages)s.")
            % {"page": page, "pages": pages},
            "page",
        )
    shown = chosen[(page - 1) * limit : page * limit]

    kept = [(name, query[name]) for name in (*FILTERS, "omit_internal", "limit") if name in query]

    def link(number: int) -> str:
        params = kept + ([("page", str(number))] if number > 1 else [])
        if not params:
            return base
        return base + "?" + "&".join(f"{k}={quote(v, safe='')}" for k, v in params)

    links = {"first": link(1), "self": link(page), "last": link(pages)}
    if page > 1:
        links["prev"] = link(page - 1)
    if page < pages:
        links["next"] = link(page + 1)
    data = {
        # Checksums and texts are read for this page's objects only.
        "data": objects.finish([_strip_internal(e, omit) for e in shown]),
        "pagination": {
            "totalElements": total,
            "elementsPerPage": limit,
            "currentPage": page,
            "totalPages": pages,
        },
        "links": links,
    }
    # Any change to the list (a tombstone included) moves the newest modified.
    if state is not None:
        return json_response(request, data, state[1], etag=state[0])
    last = max((e.stamp.modified for e in entries), default=stamps.EPOCH)
    return json_response(request, data, last)


# --- single objects ---------------------------------------------------------------------


@oparl_view
def organization_body(request: HttpRequest, pk: int) -> HttpResponse:
    from councils.models import Body

    found = objects.body_organization_entries(Body.objects.filter(pk=_pk(pk)))
    return _object(request, found[0] if found else None)


@oparl_view
def organization(request: HttpRequest, pk: int) -> HttpResponse:
    from councils.models import Organisation

    found = objects.organisation_entries(Organisation.objects.filter(pk=_pk(pk)))
    return _object(request, found[0] if found else None)


@oparl_view
def paper(request: HttpRequest, pk: int) -> HttpResponse:
    found = objects.paper_entries(objects.public_agreements().filter(pk=_pk(pk)))
    found = found or objects.withdrawn_paper_entries(id=pk)
    return _object(request, found[0] if found else None)


@oparl_view
def paper_request(request: HttpRequest, pk: int) -> HttpResponse:
    found = objects.request_paper_entries(objects.public_requests().filter(pk=_pk(pk)))
    found = found or objects.withdrawn_request_entries(id=pk)
    return _object(request, found[0] if found else None)


@oparl_view
def person(request: HttpRequest, pk: int) -> HttpResponse:
    from councils.models import Person

    omit = "omit_internal" in request.GET and bool_param(request.GET, "omit_internal")
    found = objects.person_entries(Person.objects.filter(pk=_pk(pk)), omit_internal=omit)
    found = found or objects.deleted_entries(Person, "Person", "person", id=pk)
    return _object(request, found[0] if found else None)


@oparl_view
def membership(request: HttpRequest, pk: int) -> HttpResponse:
    from councils.models import Membership

    found = objects.membership_entries(Membership.objects.filter(pk=_pk(pk)))
    found = found or objects.deleted_entries(Membership, "Membership", "membership", id=pk)
    return _object(request, found[0] if found else None)


@oparl_view
def legislative_term(request: HttpRequest, pk: int) -> HttpResponse:
    from councils.models import Term

    found = objects.term_entries(Term.objects.filter(pk=_pk(pk)))
    found = found or objects.deleted_entries(Term, "LegislativeTerm", "legislative_term", id=pk)
    return _object(request, found[0] if found else None)


def _world_of(meeting_id: int | None) -> objects.MeetingWorld:
    if meeting_id is None:
        raise Http404
    worlds = objects.meeting_worlds(objects.public_meetings().filter(pk=meeting_id))
    if not worlds:
        raise Http404
    return worlds[0]


def _find(entries: list[Entry], id_: str) -> Entry | None:
    return next((e for e in entries if e.id == id_), None)


def _meeting_object(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """A Meeting or Location: its ``ETag`` made from the meeting's state, so a 304 reads
    no snapshot and no file (a meeting embeds every file's checksum)."""
    check_known(request.GET, OBJECT_PARAMETERS)
    omit = bool_param(request.GET, "omit_internal")
    body_id = objects.public_meetings().filter(pk=_pk(pk)).values_list("body_id", flat=True).first()
    if body_id is None:
        raise Http404
    values, last_modified = objects.meeting_list_state(body_id, "meeting", meeting_id=pk)
    etag = state_etag(
        kind, pk, sorted(request.GET.items()), get_language(), settings.SITE_URL, *values
    )
    unchanged = not_modified(request, etag, last_modified)
    if unchanged is not None:
        return unchanged
    world = _world_of(pk)
    found = world.meeting if kind == "meeting" else world.location
    if found is None:
        raise Http404
    data = objects.finish([_strip_internal(found, omit)])[0]
    return json_response(request, data, last_modified, etag=etag)


@oparl_view
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_object(request, pk, "meeting")


@oparl_view
def location(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_object(request, pk, "location")


@oparl_view
def agenda_item(request: HttpRequest, pk: int) -> HttpResponse:
    from meetings.models import AgendaItem

    meeting_id = (
        AgendaItem.all_objects.filter(pk=_pk(pk)).values_list("meeting_id", flat=True).first()
    )
    return _object(request, _find(_world_of(meeting_id).items, url("agenda_item", pk=pk)))


def _attachment_world(pk: int) -> objects.MeetingWorld:
    from meetings.models import Attachment

    meeting_id = (
        Attachment.all_objects.filter(pk=_pk(pk)).values_list("item__meeting_id", flat=True).first()
    )
    return _world_of(meeting_id)


def _pdf_world(pk: int) -> objects.MeetingWorld:
    from meetings.models import MeetingPdf

    meeting_id = (
        MeetingPdf.objects.filter(pk=_pk(pk)).values_list("version__meeting_id", flat=True).first()
    )
    return _world_of(meeting_id)


@oparl_view
def file(request: HttpRequest, pk: int) -> HttpResponse:
    world = _attachment_world(pk)
    return _object(request, _find(world.files, url("file", pk=pk)))


@oparl_view
def file_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _object(request, _find(_pdf_world(pk).files, url("file_pdf", pk=pk)))


def _gone() -> OParlError:
    return OParlError(410, _("This file has been deleted."))


def _serve(stored: Any, content_type: str, name: str, *, download: bool) -> FileResponse:
    response = FileResponse(
        stored.open("rb"), content_type=content_type, as_attachment=download, filename=name
    )
    if not download:
        # Opened in the browser: never as a page of the portal.
        response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _attachment_file(request: HttpRequest, pk: int, *, download: bool) -> HttpResponseBase:
    from meetings.selectors import attachment_get_for_user

    check_known(request.GET, ())
    world = _attachment_world(pk)
    if ("attachment", pk) in world.gone_files:
        raise _gone()
    if ("attachment", pk) not in world.public_files:
        raise Http404
    # The portal's own rule for downloads has the last word (meetings.access).
    attachment = attachment_get_for_user(pk=pk, user=objects.PUBLIC)
    data = _find(world.files, url("file", pk=pk))
    name = data.data.get("fileName", attachment.title) if data else attachment.title
    return _serve(attachment.file, attachment.content_type, name, download=download)


def _pdf_file(request: HttpRequest, pk: int, *, download: bool) -> HttpResponseBase:
    from meetings.selectors import meeting_pdf_get_for_user

    check_known(request.GET, ())
    world = _pdf_world(pk)
    if ("pdf", pk) in world.gone_files:
        raise _gone()
    if ("pdf", pk) not in world.public_files:
        raise Http404
    meeting_pdf = meeting_pdf_get_for_user(pk=pk, user=objects.PUBLIC)
    data = _find(world.files, url("file_pdf", pk=pk))
    name = str(data.data.get("fileName", "document.pdf")) if data else "document.pdf"
    return _serve(meeting_pdf.file, "application/pdf", name, download=download)


@oparl_view
def file_access(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _attachment_file(request, pk, download=False)


@oparl_view
def file_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _attachment_file(request, pk, download=True)


@oparl_view
def file_pdf_access(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _pdf_file(request, pk, download=False)


@oparl_view
def file_pdf_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _pdf_file(request, pk, download=True)


@oparl_view
def not_found(request: HttpRequest, rest: str) -> HttpResponseBase:
    """Nothing here; but an object's or list's URL without its final slash is sent to the
    canonical one (protocol 2.3: 301 to the canonical URL)."""
    from django.http import HttpResponsePermanentRedirect
    from django.urls import Resolver404, resolve

    if not request.path_info.endswith("/"):
        canonical = request.path_info + "/"
        try:
            match = resolve(canonical)
        except Resolver404:
            match = None
        if match is not None and match.namespace == "oparl" and match.url_name != "not_found":
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(canonical + (f"?{query}" if query else ""))
    raise Http404
