"""``{% consultation_outputs rfi %}``: what comes out of a request (the answers side by side,
the compiled PDF and its state, attaching it to the meeting item), shown on the request's
pages as ``consultations.access`` allows the user."""

from __future__ import annotations

from typing import Any

from django import template

from consultations import selectors
from consultations.access import may_attach_to_meeting_item, request_access

register = template.Library()


@register.inclusion_tag("consultations/_outputs_panel.html", takes_context=True)
def consultation_outputs(context: template.Context, rfi: Any) -> dict[str, Any]:
    user = context["request"].user
    access = request_access(user, rfi)
    compiles = access.may_compile and rfi.status != rfi.Status.DRAFT
    latest = selectors.compiled_pdf_latest(request=rfi) if compiles else None
    ready = (
        latest
        if latest is not None and latest.status == latest.Status.READY
        else (selectors.compiled_pdf_ready(request=rfi) if compiles else None)
    )
    return {
        "rfi": rfi,
        "may_compare": access.may_compare and rfi.status != rfi.Status.DRAFT,
        "compiles": compiles,
        "latest": latest,
        "ready": ready,
        "may_attach": compiles and ready is not None and may_attach_to_meeting_item(user, access),
        "csrf_token": context.get("csrf_token"),
    }
