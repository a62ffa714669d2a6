"""A real Celery worker delivers a webhook after the commit of a publication, retries it after
the receiver failed, and the receiver verifies every attempt with the independent
``standardwebhooks`` library; the documentation's own verify() accepts it too."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.test import Client
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from accounts.models import User
from councils.models import Body
from integrations import webhooks
from integrations.models import DeliveryStatus, WebhookDelivery, WebhookEvent
from meetings import services as meeting_services
from tests.integrations.receiver import receiver

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.worker]


def _documented_verify():
    """The verify() printed on /aabne-data/, as a reader would copy it."""
    import html

    page = Client().get("/aabne-data/").content.decode()
    [code] = [
        html.unescape(block)
        for block in re.findall(r"<pre><code>(.*?)</code></pre>", page, re.S)
        if "def verify" in block
    ]
    namespace: dict = {}
    exec(compile(code, "documentation-verify", "exec"), namespace)  # noqa: S102
    return namespace["verify"]


def test_the_worker_delivers_after_the_commit_and_retries_a_failure(worker_factory, demo):
    body = Body.objects.get(slug="kd-net-midtjylland")
    secretary = User.objects.get(username="sekretariat")
    with receiver([500, 200]) as hook:
        subscription = webhooks.webhook_subscribe(
            actor=secretary,
            body=body,
            name="Intranet",
            url=hook.url,
            events=[WebhookEvent.AGENDA_PUBLISHED],
        )
        # The worker retries after 1 second instead of 5 (the schedule is a setting).
        worker_factory(KKR_WEBHOOK_RETRY_SECONDS="1,1", KKR_WEBHOOK_ALLOW_PRIVATE_TARGETS="true")
        start = timezone.make_aware(dt.datetime(2018, 6, 4, 9))
        meeting = meeting_services.meeting_schedule(
            actor=None, body=body, starts_at=start, ends_at=start + dt.timedelta(hours=2)
        )
        meeting_services.agenda_item_add(actor=None, meeting=meeting, title="Regional vækst")
        meeting_services.agenda_publish(actor=None, meeting_id=meeting.pk)
        deadline = time.monotonic() + 60
        delivery = None
        while time.monotonic() < deadline:
            delivery = WebhookDelivery.objects.filter(subscription=subscription).first()
            if delivery is not None and delivery.status == DeliveryStatus.DELIVERED:
                break
            time.sleep(0.2)
    assert delivery is not None and delivery.status == DeliveryStatus.DELIVERED, delivery
    assert delivery.attempts == 2 and delivery.response_status == 200
    assert len(hook.requests) == 2
    verify = _documented_verify()
    for got in hook.requests:
        payload = Webhook(subscription.secret).verify(got.body, got.headers)
        assert payload["data"]["meeting"]["id"] == meeting.pk
        assert verify(subscription.secret, got.headers, got.body)
        assert not verify(subscription.secret, got.headers, got.body + b" ")
    assert hook.requests[0].headers["webhook-id"] == hook.requests[1].headers["webhook-id"]
