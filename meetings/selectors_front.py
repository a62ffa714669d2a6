"""Reads for the front page and "Mine opgaver" (issue 12): coming meetings, the latest
published minutes with their decisions, and the secretariat's waiting work.

Everything goes through ``meetings.access``: ``Meeting.objects.visible_to(user)`` for what
the user may see, ``accounts.rules.edited_body_ids`` for what the user edits. Decisions
are read from the published minutes (``PublishedVersion.snapshot``) as the public sees
them, never from the live rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts.rules import edited_body_ids
from meetings.agenda import ItemView, agenda_views
from meetings.models import Meeting, MeetingPdf, PdfStatus, PublishedVersion


def coming_meetings(*, user: Any, limit: int = 8) -> list[Meeting]:
    """The next meetings the user may see (published agendas for the public), soonest
    first; cancelled ones are left out."""
    return list(
        Meeting.objects.visible_to(user)
        .filter(agenda_published_at__isnull=False, starts_at__gte=timezone.now())
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body")
        .order_by("starts_at")[:limit]
    )


@dataclass(frozen=True)
class PublishedMinutes:
    meeting: Meeting
    version: PublishedVersion
    decisions: list[ItemView]


def latest_minutes(*, user: Any, limit: int = 3) -> list[PublishedMinutes]:
    """The meetings whose minutes were published last, with the decisions of their newest
    minutes as the public reads them (closed items only by number): two queries."""
    minutes = PublishedVersion.objects.filter(document=PublishedVersion.Document.MINUTES).order_by(
        "-number"
    )
    meetings = list(
        Meeting.objects.visible_to(user)
        .filter(minutes_published_at__isnull=False)
        .select_related("body")
        .prefetch_related(Prefetch("published", queryset=minutes, to_attr="minutes_versions"))
        .order_by("-minutes_published_at")[:limit]
    )
    result = []
    for meeting in meetings:
        if not meeting.minutes_versions:
            continue
        version = meeting.minutes_versions[0]
        views = agenda_views(version.snapshot, see_closed=False, show_decisions=True)
        decisions = [view for view in views if view.decision and not view.redacted]
        result.append(PublishedMinutes(meeting=meeting, version=version, decisions=decisions))
    return result


def meetings_awaiting_agenda(*, user: Any, days: int = 60) -> QuerySet[Meeting]:
    """Meetings of the bodies the user edits whose agenda is not yet published and that
    take place within ``days`` (or whose agenda deadline falls within them), soonest first."""
    edited = edited_body_ids(user)
    queryset = Meeting.objects.visible_to(user).filter(
        agenda_published_at__isnull=True, starts_at__gte=timezone.now()
    )
    if edited is not None:
        queryset = queryset.filter(body_id__in=edited)
    horizon = timezone.now() + dt.timedelta(days=days)
    return (
        queryset.exclude(status=Meeting.Status.CANCELLED)
        .filter(starts_at__lte=horizon)
        .select_related("body")
        .order_by("agenda_deadline", "starts_at")
    )


def failed_pdfs(*, user: Any) -> QuerySet[MeetingPdf]:
    """PDFs of published versions that could not be produced, for the bodies the user edits."""
    edited = edited_body_ids(user)
    queryset = MeetingPdf.objects.filter(status=PdfStatus.FAILED)
    if edited is not None:
        queryset = queryset.filter(version__meeting__body_id__in=edited)
    return queryset.select_related("version__meeting__body").order_by("-version__published_at")
