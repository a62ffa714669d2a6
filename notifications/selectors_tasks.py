"""Reads for "Mine opgaver" (issue 12): e-mails the outbox gave up on, for the
secretariat of their body (``accounts.rules.edited_body_ids``: the same rule as the outbox
page)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from accounts.rules import edited_body_ids
from notifications.models import OutgoingEmail


def failed_emails(*, user: Any) -> QuerySet[OutgoingEmail]:
    """Failed e-mails of the bodies the user edits (all of them for administrators), newest
    first. E-mails without a body (none today) are left out for secretariats."""
    edited = edited_body_ids(user)
    queryset = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED)
    if edited is not None:
        queryset = queryset.filter(body_id__in=edited)
    return queryset.select_related("body").order_by("-created_at")
