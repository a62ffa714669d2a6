"""Access rows for the OParl 1.1 endpoint (issue 15, decision 0028): the public's view for
everyone, signed in or not (OParl is stateless: no session changes the answer)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.access_matrix_base import PUBLIC, R, Row, expect
from tests.access_matrix_fixtures import World

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


def _body(w: World) -> dict[str, Any]:
    return {"pk": w.body_a.pk}


def _list(kind: str) -> Any:
    return lambda w: {"pk": w.body_a.pk, "kind": kind}


def _term(w: World) -> dict[str, Any]:
    from councils.models import Term

    term = Term.objects.filter(body=w.body_a).first() or Term.objects.create(
        body=w.body_a, start=dt.date(2022, 1, 1), end=dt.date(2025, 12, 31)
    )
    return {"pk": term.pk}


def _organisation(w: World) -> dict[str, Any]:
    from councils.models import Organisation

    organisation, _created = Organisation.objects.get_or_create(
        slug="matrix-organisation", defaults={"name": "Matrix Organisation"}
    )
    return {"pk": organisation.pk}


def _membership(w: World) -> dict[str, Any]:
    from councils.models import Membership

    return {"pk": Membership.objects.filter(body=w.body_a).values_list("pk", flat=True)[0]}


ROWS: list[Row] = [
    R("oparl:system", PUBLIC),
    R("oparl:body_index", PUBLIC),
    R("oparl:body", PUBLIC, kwargs=_body),
    *[R("oparl:body_list", PUBLIC, kwargs=_list(kind), variant=kind) for kind in BODY_LISTS],
    R("oparl:organization_body", PUBLIC, kwargs=_body),
    R("oparl:organization", PUBLIC, kwargs=_organisation),
    R("oparl:person", PUBLIC, kwargs=lambda w: {"pk": w.person.pk}),
    R("oparl:membership", PUBLIC, kwargs=_membership),
    R("oparl:legislative_term", PUBLIC, kwargs=_term),
    R("oparl:meeting", PUBLIC, kwargs=lambda w: {"pk": w.published.pk}),
    # Unpublished meetings are nobody's in OParl (the public's view only, for now).
    R("oparl:meeting", expect("404"), kwargs=lambda w: {"pk": w.planned.pk}, variant="planned"),
    R("oparl:location", PUBLIC, kwargs=lambda w: {"pk": w.published.pk}),
    R("oparl:agenda_item", PUBLIC, kwargs=lambda w: {"pk": w.open_item.pk}),
    R("oparl:file", PUBLIC, kwargs=lambda w: {"pk": w.open_attachment.pk}),
    R("oparl:file_access", PUBLIC, kwargs=lambda w: {"pk": w.open_attachment.pk}),
    R("oparl:file_download", PUBLIC, kwargs=lambda w: {"pk": w.open_attachment.pk}),
    R(
        "oparl:file_download",
        expect("404"),
        kwargs=lambda w: {"pk": w.closed_attachment.pk},
        variant="closed",
    ),
    R("oparl:file_pdf", PUBLIC, kwargs=lambda w: {"pk": w.public_pdf.pk}),
    R("oparl:file_pdf_access", PUBLIC, kwargs=lambda w: {"pk": w.public_pdf.pk}),
    R("oparl:file_pdf_download", PUBLIC, kwargs=lambda w: {"pk": w.public_pdf.pk}),
    R("oparl:not_found", expect("404"), kwargs=lambda w: {"rest": "no/such/list/"}),
]


def _paper(public: bool) -> Any:
    """An agreement of body A, made inside the test's rollback: in force (a public Paper) or
    internal (no Paper for anyone: OParl is the public's view)."""

    def make(w: World) -> dict[str, Any]:
        from agreements import services

        title = "Matrix public agreement" if public else "Matrix internal agreement"
        agreement = services.agreement_create(
            actor=None,
            body=w.body_a,
            title=title,
            start=dt.date(2024, 1, 1),
            new_kind="Matrix kind",
            is_internal=not public,
        )
        services.agreement_put_in_force(actor=None, agreement_id=agreement.pk)
        return {"pk": agreement.pk}

    return make


ROWS += [
    R("oparl:paper", PUBLIC, kwargs=_paper(True), variant="public"),
    R("oparl:paper", expect("404"), kwargs=_paper(False), variant="internal"),
]


def _request_paper(public: bool) -> Any:
    """A request for input of body A whose deadline has passed, made inside the test's
    rollback: answers public after the deadline (a Paper for everyone) or for the secretariat
    only (no Paper for anyone)."""

    def make(w: World) -> dict[str, Any]:
        from django.utils import timezone

        from consultations import services
        from consultations.models import RequestForInput

        visibility = (
            RequestForInput.Visibility.PUBLIC_AFTER_DEADLINE
            if public
            else RequestForInput.Visibility.SECRETARIAT
        )
        request = services.request_create(
            actor=None,
            body=w.body_a,
            title="Matrix request",
            deadline=timezone.now() + dt.timedelta(days=1),
            answers_visibility=visibility,
        )
        past = timezone.now() - dt.timedelta(days=1)
        RequestForInput.objects.filter(pk=request.pk).update(
            status=RequestForInput.Status.SENT, sent_at=past, deadline=past
        )
        return {"pk": request.pk}

    return make


ROWS += [
    R("oparl:paper_request", PUBLIC, kwargs=_request_paper(True), variant="public"),
    R("oparl:paper_request", expect("404"), kwargs=_request_paper(False), variant="private"),
]
