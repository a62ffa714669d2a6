"""What the composition services share: date text and period overlaps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

FAR_FUTURE = dt.date.max


def _date(value: dt.date) -> str:
    return value.strftime("%d-%m-%Y")


def _overlaps(queryset: Any, start: dt.date, end: dt.date | None) -> Any:
    """Memberships in ``queryset`` whose period shares a day with [start, end]."""
    overlapping = queryset.filter(Q(end__isnull=True) | Q(end__gte=start))
    if end is not None:
        overlapping = overlapping.filter(start__lte=end)
    return overlapping


def _ongoing(queryset: Any, after: dt.date) -> Any:
    """Memberships in ``queryset`` that last beyond ``after`` (open-ended or ending later)."""
    return queryset.filter(Q(end__isnull=True) | Q(end__gt=after))
