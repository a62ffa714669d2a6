"""``{% agreement_outputs agreement %}`` and ``{% agreement_list_outputs %}``: what comes out of
agreements (the PDF with its state, the CSV and Excel tables), shown on the agreement page
and the list as ``agreements.access`` allows the user."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import OuterRef, Q, Subquery

from agreements.access import agreement_access
from agreements.models_pdf import AgreementPdf

register = template.Library()


def _pdfs(agreement: Any) -> tuple[AgreementPdf | None, AgreementPdf | None]:
    """The newest PDF whatever its state and the newest ready one: one query."""
    newest = AgreementPdf.objects.filter(agreement=OuterRef("agreement")).order_by(
        "-created_at", "-pk"
    )
    found = list(
        AgreementPdf.objects.filter(agreement=agreement)
        .filter(
            Q(pk=Subquery(newest.values("pk")[:1]))
            | Q(pk=Subquery(newest.filter(status=AgreementPdf.Status.READY).values("pk")[:1]))
        )
        .order_by("-created_at", "-pk")
    )
    latest = found[0] if found else None
    ready = next((p for p in found if p.status == AgreementPdf.Status.READY), None)
    return latest, ready


@register.inclusion_tag("agreements/_outputs_panel.html", takes_context=True)
def agreement_outputs(context: template.Context, agreement: Any) -> dict[str, Any]:
    access = agreement_access(context["request"].user, agreement)
    latest, ready = _pdfs(agreement) if access.may_view else (None, None)
    return {
        "agreement": agreement,
        "may_order": access.may_edit,
        "ready": ready,
        "in_progress": latest is not None
        and latest.status in (AgreementPdf.Status.PENDING, AgreementPdf.Status.RENDERING),
        "failed": latest
        if latest is not None and latest.status == AgreementPdf.Status.FAILED
        else None,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("agreements/_list_outputs_panel.html", takes_context=True)
def agreement_list_outputs(context: template.Context) -> dict[str, Any]:
    query = context["request"].GET.copy()
    query.pop("side", None)
    return {"query": query.urlencode()}
