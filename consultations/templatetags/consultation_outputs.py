"""``{% consultation_outputs rfi %}``: what comes out of a request (the answers side by side,
the compiled PDF and its state, attaching it to the meeting item), shown on the request's
pages as ``consultations.access`` allows the user."""

from __future__ import annotations

from typing import Any

from django import template

from consultations import selectors
from consultations.access import RequestAccess, may_attach_to_meeting_item, request_access

register = template.Library()


@register.inclusion_tag("consultations/_outputs_panel.html", takes_context=True)
def consultation_outputs(
    context: template.Context, rfi: Any, access: RequestAccess | None = None
) -> dict[str, Any]:
    """``access``: the page's own ``request_access`` of the user, if it has one (saves
    asking again)."""
    user = context["request"].user
    if not isinstance(access, RequestAccess) or access.request.pk != rfi.pk:
        access = request_access(user, rfi)
    compiles = access.offers_compiled_pdf
    latest = selectors.compiled_pdf_latest(request=rfi) if compiles else None
    # No PDF at all (latest is None): none is ready either, without asking.
    ready = (
        latest
        if latest is None or latest.status == latest.Status.READY
        else selectors.compiled_pdf_ready(request=rfi)
    )
    return {
        "rfi": rfi,
        "may_compare": access.offers_comparison,
        "compiles": compiles,
        "latest": latest,
        "ready": ready,
        "may_attach": compiles and ready is not None and may_attach_to_meeting_item(user, access),
        "csrf_token": context.get("csrf_token"),
    }
