"""Webhooks (issue 15, decision 0032): a body's secretariat subscribes a system's address to
events of the body; each event the public may see becomes one signed delivery per
subscription, queued after the commit and sent by the Celery worker with retries.

Writes live here (the webhook half of the app's services); the rule of who manages a body's
subscriptions is ``integrations.access``; the payload carries only what the public sees, as
``meetings.access`` decides.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import logging
import secrets
import ssl
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import history_user_set, save_as
from core.outbox import email_enqueue
from integrations import signing, targets
from integrations.access import may_manage_body
from integrations.models import (
    DeliveryStatus,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)

logger = logging.getLogger(__name__)


@transaction.atomic
def webhook_subscribe(
    *, actor: Any, body: Any, name: str, url: str, events: list[str]
) -> WebhookSubscription:
    """Subscribe ``url`` to ``events`` of ``body`` with a new signing secret. Only whoever
    edits the body may; the address must be one webhooks may be sent to (``targets``)."""
    if not may_manage_body(actor, body):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Give the subscription a name: which system receives it.")
    unknown = set(events) - set(WebhookEvent.values)
    if not events or unknown:
        errors["events"] = _("Choose at least one event.")
    try:
        targets.resolve(url)
    except targets.TargetRefused as refusal:
        errors["url"] = str(refusal)
    if errors:
        raise ValidationError(errors)
    subscription = WebhookSubscription(
        body=body,
        name=name.strip(),
        url=url,
        events=[e for e in WebhookEvent.values if e in events],
        secret=signing.new_secret(),
        created_by=actor,
    )
    save_as(subscription, actor=actor)
    return subscription


def _managed(actor: Any, subscription_id: int) -> WebhookSubscription:
    subscription = (
        WebhookSubscription.objects.select_for_update()
        .select_related("body")
        .get(pk=subscription_id)
    )
    if not may_manage_body(actor, subscription.body):
        raise PermissionDenied
    return subscription


@transaction.atomic
def webhook_delete(*, actor: Any, subscription_id: int) -> None:
    """End a subscription (its deliveries go with it; the deletion is in the history)."""
    subscription = _managed(actor, subscription_id)
    history_user_set(subscription, actor=actor)
    subscription.delete()


@transaction.atomic
def webhook_reactivate(*, actor: Any, subscription_id: int) -> WebhookSubscription:
    """Switch a subscription that was switched off for failing back on."""
    subscription = _managed(actor, subscription_id)
    subscription.is_active = True
    subscription.failing_since = None
    subscription.disabled_reason = ""
    save_as(
        subscription, actor=actor, update_fields=["is_active", "failing_since", "disabled_reason"]
    )
    return subscription


def _payload(event: str, data: dict[str, Any]) -> dict[str, Any]:
    return {"type": event, "timestamp": timezone.localtime().isoformat(), "data": data}


@transaction.atomic
def webhook_event(*, event: str, body_id: int, data: dict[str, Any]) -> list[WebhookDelivery]:
    """Record ``event`` of body ``body_id`` for every active subscription that asked for it,
    and send each delivery from the worker after the commit. ``data`` is what the public may
    see (the caller, ``integrations.receivers``, decides that through ``meetings.access``)."""
    subscriptions = [
        s
        for s in WebhookSubscription.objects.filter(body_id=body_id, is_active=True)
        if event in s.events
    ]
    deliveries = [
        WebhookDelivery.objects.create(
            subscription=s,
            message_id="msg_" + secrets.token_hex(12),
            event=event,
            payload=_payload(event, data),
            next_attempt_at=timezone.now(),
        )
        for s in subscriptions
    ]
    if deliveries:
        from integrations.tasks import deliver_webhook

        ids = [d.pk for d in deliveries]
        transaction.on_commit(lambda: [deliver_webhook.delay(pk) for pk in ids], robust=True)
    return deliveries


def _tell_owner(subscription: WebhookSubscription) -> None:
    """The subscription was switched off: tell who made it (through the outbox)."""
    owner = subscription.created_by
    if owner is None or not owner.email:
        return
    link = settings.SITE_URL + reverse("integrations:webhooks")
    email_enqueue(
        key=f"webhook-disabled:{subscription.pk}:{subscription.failing_since:%Y%m%d%H%M%S}",
        to=owner.email,
        subject=_("Webhook switched off: %(name)s") % {"name": subscription.name},
        text=_(
            "The portal could not deliver to %(url)s since %(since)s and has switched the "
            "subscription “%(name)s” off. Check the receiving system, then switch it on "
            "again here: %(link)s"
        )
        % {
            "url": subscription.url,
            "since": timezone.localtime(subscription.failing_since).strftime("%d.%m.%Y %H:%M"),
            "name": subscription.name,
            "link": link,
        },
        body_id=subscription.body_id,
    )


# How long a claimed delivery is left to the worker that claimed it before another may try.
CLAIM_SECONDS_OVER_TIMEOUT = 60


@dataclass(frozen=True)
class _Claim:
    delivery_id: int
    subscription_id: int
    url: str
    secret: str
    message_id: str
    body: bytes
    attempt_at: dt.datetime


def _claim(delivery_id: int) -> _Claim | None:
    """Take the delivery for one attempt, in a short transaction: it must be pending, its
    subscription on and its attempt due (a copy of the task, or the beat, finding it early
    ends: the one that claimed it, or the beat, sends it when it is due). The claim moves
    ``next_attempt_at`` past the attempt's
    deadline, so no other worker sends it meanwhile; a worker that dies leaves it to the
    beat once that time has passed."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            # Only the delivery's row: the subscription's is locked by _record meanwhile.
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("subscription")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != DeliveryStatus.PENDING:
            return None  # gone, done, or being claimed by another worker right now
        subscription = delivery.subscription
        if not subscription.is_active:
            return None
        if delivery.next_attempt_at is not None and delivery.next_attempt_at > now:
            return None  # not yet: its own task or the beat sends it then
        delivery.attempts += 1
        delivery.last_attempt_at = now
        delivery.next_attempt_at = now + dt.timedelta(
            seconds=settings.WEBHOOK_TIMEOUT_SECONDS + CLAIM_SECONDS_OVER_TIMEOUT
        )
        delivery.save(update_fields=["attempts", "last_attempt_at", "next_attempt_at"])
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    return _Claim(
        delivery.pk,
        subscription.pk,
        subscription.url,
        subscription.secret,
        delivery.message_id,
        body,
        now,
    )


def webhook_deliver(*, delivery_id: int) -> int | None:
    """Send one delivery, signed, and record how it went. Returns the seconds to wait before
    the next attempt, or None when there is nothing more to do (delivered, given up, or the
    subscription is gone or switched off).

    No transaction is open while the receiver is called (it may take up to
    ``WEBHOOK_TIMEOUT_SECONDS``): the attempt is claimed in one short transaction and its
    outcome recorded in another."""
    claim = _claim(delivery_id)
    if claim is None:
        return None
    headers = signing.headers(
        claim.secret, claim.message_id, int(claim.attempt_at.timestamp()), claim.body
    )
    status: int | None = None
    milliseconds: int | None = None
    try:
        answer = targets.send(claim.url, claim.body, headers, settings.WEBHOOK_TIMEOUT_SECONDS)
    except targets.TargetRefused as refusal:
        error = str(refusal)
    except (OSError, ValueError, http.client.HTTPException) as problem:
        error = _failure_in_words(problem)
    else:
        status, milliseconds = answer.status, answer.milliseconds
        error = "" if 200 <= answer.status < 300 else f"HTTP {answer.status}"
    return _record(claim, status=status, milliseconds=milliseconds, error=error[:300])


def _failure_in_words(problem: Exception) -> str:
    """Why an attempt failed, as the secretariat reads it in the delivery log (the technical
    detail in brackets, for the receiving system's administrator)."""
    detail = str(problem) or type(problem).__name__
    if isinstance(problem, ConnectionRefusedError):
        return _("The receiving system refused the connection.")
    if isinstance(problem, TimeoutError):
        return _("The receiving system did not answer within %(seconds)s seconds.") % {
            "seconds": settings.WEBHOOK_TIMEOUT_SECONDS
        }
    if isinstance(problem, ssl.SSLError):
        return _("The receiving system's certificate could not be checked (%(detail)s).") % {
            "detail": detail
        }
    return _("The receiving system could not be reached (%(detail)s).") % {"detail": detail}


@transaction.atomic
def _record(
    claim: _Claim, *, status: int | None, milliseconds: int | None, error: str
) -> int | None:
    # The subscription first, then the delivery: the order webhook_delete locks them in.
    subscription = (
        WebhookSubscription.objects.select_for_update().filter(pk=claim.subscription_id).first()
    )
    delivery = WebhookDelivery.objects.select_for_update().filter(pk=claim.delivery_id).first()
    if delivery is None or subscription is None:
        return None  # deleted while it was being sent
    if delivery.status != DeliveryStatus.PENDING or delivery.last_attempt_at != claim.attempt_at:
        return None  # claimed again after this attempt overran its time: the later one records
    delivery.response_status, delivery.response_ms, delivery.error = status, milliseconds, error
    if not error:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.next_attempt_at = None
        delivery.save()
        if subscription.failing_since is not None:
            subscription.failing_since = None
            subscription.save(update_fields=["failing_since"])
        return None
    schedule = settings.WEBHOOK_RETRY_SECONDS
    wait = schedule[delivery.attempts - 1] if delivery.attempts <= len(schedule) else None
    now = timezone.now()
    if wait is None:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = now + dt.timedelta(seconds=wait)
    delivery.save()
    _failed(subscription, at=claim.attempt_at, given_up=wait is None)
    return wait if subscription.is_active else None


def _failed(subscription: WebhookSubscription, *, at: dt.datetime, given_up: bool) -> None:
    """A failed attempt: mark since when the subscription fails; switch it off when a
    delivery is given up (all its retries failed) and every attempt has failed for
    ``WEBHOOK_DISABLE_AFTER_HOURS``. Called with the subscription locked."""
    if subscription.failing_since is None:
        subscription.failing_since = at
        subscription.save(update_fields=["failing_since"])
    limit = dt.timedelta(hours=settings.WEBHOOK_DISABLE_AFTER_HOURS)
    if given_up and at - subscription.failing_since >= limit:
        subscription.is_active = False
        subscription.disabled_reason = _("Every delivery failed for %(hours)s hours.") % {
            "hours": settings.WEBHOOK_DISABLE_AFTER_HOURS
        }
        save_as(subscription, actor=None, update_fields=["is_active", "disabled_reason"])
        logger.warning("webhook subscription %s switched off after failing", subscription.pk)
        _tell_owner(subscription)


def webhook_deliveries_due(*, older_than: dt.timedelta) -> list[int]:
    """Pending deliveries whose attempt is due since ``older_than``: the waits too long for a
    task's countdown, and those whose task was lost (a worker died, the broker was emptied).
    The beat sends them; a copy that finds one already claimed or not yet due does nothing."""
    cutoff = timezone.now() - older_than
    return list(
        WebhookDelivery.objects.filter(
            status=DeliveryStatus.PENDING,
            next_attempt_at__lt=cutoff,
            subscription__is_active=True,
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:500]
    )
