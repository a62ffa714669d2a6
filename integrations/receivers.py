"""Meetings', agreements' and requests for input's events as webhook deliveries (decision
0032). None of them knows about integrations: they send their signals after the commit
(``meetings.signals``, ``agreements.signals``, ``consultations.signals``) and this module
turns each into the event of the body's subscriptions, with what the public may see of it
(``Meeting.objects.visible_to(None)``, ``Agreement.objects.public()``,
``consultations.access.public_requests``: what the public may not know of sends nothing)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from agreements import signals as agreement_signals
from agreements.models import Agreement
from consultations import signals as request_signals
from consultations.access import public_requests
from integrations.models import WebhookEvent
from integrations.webhooks import webhook_event
from meetings import signals
from meetings.models import Meeting, Newsletter, PublishedVersion
from oparl.links import url as oparl_url


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _body_data(body: Any) -> dict[str, str]:
    return {"slug": body.slug, "name": body.name, "url": _absolute(body.get_absolute_url())}


def _meeting_data(meeting: Meeting) -> dict[str, Any]:
    return {
        "body": _body_data(meeting.body),
        "meeting": {
            "id": meeting.pk,
            "starts_at": timezone.localtime(meeting.starts_at).isoformat(),
            "place": meeting.place,
            "status": meeting.status,
            "url": _absolute(meeting.get_absolute_url()),
            "api": _absolute(reverse("meeting-detail", args=[meeting.pk])),
            "oparl": oparl_url("meeting", pk=meeting.pk),
        },
    }


def _public_meeting(meeting_id: int) -> Meeting | None:
    return Meeting.objects.visible_to(None).select_related("body").filter(pk=meeting_id).first()


def _version_published(sender: Any, *, version_id: int, **kwargs: Any) -> None:
    version = PublishedVersion.objects.filter(pk=version_id).first()
    meeting = _public_meeting(version.meeting_id) if version else None
    if version is None or meeting is None:
        return
    first = version.number == 1
    if version.document == PublishedVersion.Document.AGENDA:
        event = WebhookEvent.AGENDA_PUBLISHED if first else WebhookEvent.AGENDA_CHANGED
    else:
        event = WebhookEvent.MINUTES_PUBLISHED if first else WebhookEvent.MINUTES_CHANGED
    data = _meeting_data(meeting)
    data["version"] = {"document": version.document, "number": version.number}
    webhook_event(event=event, body_id=meeting.body_id, data=data)


def _meeting_event(event: str) -> Any:
    def receiver(sender: Any, *, meeting_id: int, **kwargs: Any) -> None:
        meeting = _public_meeting(meeting_id)
        if meeting is not None:
            webhook_event(event=event, body_id=meeting.body_id, data=_meeting_data(meeting))

    return receiver


def _newsletter_published(sender: Any, *, newsletter_id: int, **kwargs: Any) -> None:
    newsletter = (
        Newsletter.objects.visible_to(None).select_related("body").filter(pk=newsletter_id).first()
    )
    if newsletter is None:
        return
    data = {
        "body": _body_data(newsletter.body),
        "newsletter": {
            "id": newsletter.pk,
            "title": newsletter.title,
            "url": _absolute(newsletter.get_absolute_url()),
        },
    }
    webhook_event(event=WebhookEvent.NEWSLETTER_PUBLISHED, body_id=newsletter.body_id, data=data)


def _agreement_changed(sender: Any, *, agreement_id: int, **kwargs: Any) -> None:
    agreement = Agreement.objects.public().select_related("body").filter(pk=agreement_id).first()
    if agreement is None:  # a draft or an internal agreement: the public may not know of it
        return
    data = {
        "body": _body_data(agreement.body),
        "agreement": {
            "id": agreement.pk,
            "title": agreement.title,
            "status": agreement.status,
            "url": _absolute(agreement.get_absolute_url()),
            "api": _absolute(reverse("agreement-detail", args=[agreement.pk])),
        },
    }
    webhook_event(event=WebhookEvent.AGREEMENT_CHANGED, body_id=agreement.body_id, data=data)


def _request_event(event: str) -> Any:
    def receiver(sender: Any, *, request_id: int, **kwargs: Any) -> None:
        request = public_requests().select_related("body").filter(pk=request_id).first()
        if request is None:  # the public may not open it (yet): nothing is told
            return
        data = {
            "body": _body_data(request.body),
            "request_for_input": {
                "id": request.pk,
                "title": request.title,
                "status": request.status,
                "deadline": timezone.localtime(request.deadline).isoformat(),
                "url": _absolute(request.get_absolute_url()),
                "api": _absolute(reverse("requestforinput-detail", args=[request.pk])),
            },
        }
        webhook_event(event=event, body_id=request.body_id, data=data)

    return receiver


# Kept at module level: signals hold their receivers weakly.
_on_meeting_changed = _meeting_event(WebhookEvent.MEETING_CHANGED)
_on_meeting_cancelled = _meeting_event(WebhookEvent.MEETING_CANCELLED)
_on_minutes_approved = _meeting_event(WebhookEvent.MINUTES_APPROVED)
_on_request_public = _request_event(WebhookEvent.REQUEST_PUBLIC)
_on_request_closed = _request_event(WebhookEvent.REQUEST_CLOSED)


def connect() -> None:
    uid = "integrations.webhooks"
    signals.version_published.connect(_version_published, dispatch_uid=uid)
    signals.meeting_changed.connect(_on_meeting_changed, dispatch_uid=uid)
    signals.meeting_cancelled.connect(_on_meeting_cancelled, dispatch_uid=uid)
    signals.minutes_approved.connect(_on_minutes_approved, dispatch_uid=uid)
    signals.newsletter_published.connect(_newsletter_published, dispatch_uid=uid)
    agreement_signals.agreement_changed.connect(_agreement_changed, dispatch_uid=uid)
    request_signals.request_public.connect(_on_request_public, dispatch_uid=uid)
    request_signals.request_closed.connect(_on_request_closed, dispatch_uid=uid)
