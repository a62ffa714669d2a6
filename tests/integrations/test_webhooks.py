"""Webhooks (issue 15, decision 0032): subscriptions per body and event, deliveries of what
the public may see, signed as Standard Webhooks says (verified with the independent
``standardwebhooks`` library), sent to a real receiver, retried on failure, refused for
private addresses, switched off after failing for days with the maker told."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from accounts.models import User
from councils.models import Body
from integrations import webhooks
from integrations.models import DeliveryStatus, WebhookDelivery, WebhookEvent, WebhookSubscription
from meetings import services as meeting_services
from notifications.models import OutgoingEmail
from tests.integrations.receiver import receiver

ALL = list(WebhookEvent.values)


@pytest.fixture
def kd_net(demo) -> Body:
    return Body.objects.get(slug="kd-net-midtjylland")


@pytest.fixture
def secretariat(demo) -> User:
    user = User.objects.get(username="sekretariat")
    user.email = "sekretariat@kd-net.example.dk"
    user.save(update_fields=["email"])
    return user


def _meeting(body: Body, closed_title: str = "Fortrolig personsag"):
    start = timezone.make_aware(dt.datetime(2017, 5, 8, 9))
    meeting = meeting_services.meeting_schedule(
        actor=None,
        body=body,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="Regionshuset",
    )
    meeting_services.agenda_item_add(actor=None, meeting=meeting, title="Åbent punkt")
    meeting_services.agenda_item_add(
        actor=None, meeting=meeting, title=closed_title, is_closed=True
    )
    return meeting


def _subscribe(actor, body, url, events=None):
    return webhooks.webhook_subscribe(
        actor=actor, body=body, name="Intranet", url=url, events=events or ALL
    )


def test_only_the_bodys_secretariat_subscribes_and_the_address_is_checked(
    secretariat, kd_net, settings
) -> None:
    with pytest.raises(PermissionDenied):
        _subscribe(User.objects.get(username="medlem"), kd_net, "https://example.org/h")
    with pytest.raises(ValidationError) as error:
        webhooks.webhook_subscribe(
            actor=secretariat, body=kd_net, name="", url="ftp://x", events=[]
        )
    assert set(error.value.message_dict) == {"name", "url", "events"}
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    settings.WEBHOOK_ALLOW_HTTP = False
    for url in (
        "https://127.0.0.1/h",
        "https://localhost/h",
        "https://10.1.2.3/h",
        "https://192.168.0.10/h",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/h",
        "https://[fe80::1]/h",
        "https://0.0.0.0/h",
    ):
        with pytest.raises(ValidationError) as refused:
            _subscribe(secretariat, kd_net, url)
        assert "privat eller lokalt netværk" in str(refused.value), url
    with pytest.raises(ValidationError) as plain:
        _subscribe(secretariat, kd_net, "http://93.184.215.14/h")
    assert "https://" in str(plain.value)
    with pytest.raises(ValidationError) as unknown:
        _subscribe(secretariat, kd_net, "https://no-such-host.invalid/h")
    assert "kan ikke findes" in str(unknown.value)
    assert not WebhookSubscription.objects.exists()
    subscription = _subscribe(secretariat, kd_net, "https://93.184.215.14/h")
    assert subscription.secret.startswith("whsec_")
    [row] = subscription.history.all()
    assert row.history_user == secretariat and not hasattr(row, "secret")


@pytest.fixture
def hook():
    """A local receiver for the tests whose deliveries the eager tasks really send."""
    with receiver() as local:
        yield local


def test_events_become_deliveries_of_what_the_public_sees(
    secretariat, kd_net, django_capture_on_commit_callbacks, hook
) -> None:
    agenda_only = _subscribe(secretariat, kd_net, hook.url, [WebhookEvent.AGENDA_PUBLISHED])
    everything = _subscribe(secretariat, kd_net, hook.url + "/b")
    other_body = Body.objects.exclude(pk=kd_net.pk).order_by("pk").first()
    admin = User.objects.create_superuser("hook-admin", "a@example.dk", "x")
    elsewhere = _subscribe(admin, other_body, hook.url + "/c")
    meeting = _meeting(kd_net)
    with django_capture_on_commit_callbacks(execute=True):
        # Not published: the public may not know of the meeting; nothing is sent.
        meeting_services.meeting_update(
            actor=None, meeting_id=meeting.pk, expected_version=meeting.version, place="Andetsteds"
        )
    assert not WebhookDelivery.objects.exists()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        meeting_services.agenda_publish(actor=None, meeting_id=meeting.pk)
    assert callbacks
    # The tasks ran in-process after the commit: both deliveries reached the receiver.
    assert sorted(r.path for r in hook.requests) == ["/hooks/kkr", "/hooks/kkr/b"]
    deliveries = WebhookDelivery.objects.filter(event=WebhookEvent.AGENDA_PUBLISHED)
    assert sorted(d.subscription_id for d in deliveries) == sorted([agenda_only.pk, everything.pk])
    assert not WebhookDelivery.objects.filter(subscription=elsewhere).exists()
    payload = deliveries.first().payload
    assert payload["type"] == "agenda.published"
    assert payload["data"]["meeting"]["url"].endswith(f"/moeder/{meeting.pk}/")
    assert payload["data"]["meeting"]["oparl"].endswith(f"/oparl/v1.1/meeting/{meeting.pk}/")
    assert payload["data"]["version"] == {"document": "agenda", "number": 1}
    assert "Fortrolig personsag" not in json.dumps(payload, ensure_ascii=False)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_cancel(actor=None, meeting_id=meeting.pk)
    [cancelled] = WebhookDelivery.objects.filter(event=WebhookEvent.MEETING_CANCELLED)
    assert cancelled.subscription_id == everything.pk
    assert cancelled.payload["data"]["meeting"]["status"] == "cancelled"


def _due(delivery: WebhookDelivery) -> None:
    """Let the waiting time before the next attempt pass."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - dt.timedelta(seconds=1)
    )


def _delivery(secretariat, kd_net, url) -> WebhookDelivery:
    subscription = _subscribe(secretariat, kd_net, url)
    [delivery] = webhooks.webhook_event(
        event=WebhookEvent.AGENDA_PUBLISHED, body_id=kd_net.pk, data={"meeting": {"id": 1}}
    )
    assert delivery.subscription == subscription
    return delivery


def test_a_delivery_is_signed_as_standard_webhooks_says(secretariat, kd_net) -> None:
    with receiver() as hook:
        delivery = _delivery(secretariat, kd_net, hook.url)
        assert webhooks.webhook_deliver(delivery_id=delivery.pk) is None
    [got] = hook.requests
    assert got.path == "/hooks/kkr"
    secret = delivery.subscription.secret
    verified = Webhook(secret).verify(got.body, got.headers)
    assert verified["type"] == "agenda.published" and verified["data"] == {"meeting": {"id": 1}}
    assert got.headers["webhook-id"] == delivery.message_id
    assert got.headers["content-type"] == "application/json"
    # Another secret, or a changed body, does not verify.
    with pytest.raises(Exception):  # noqa: B017 (the library's own error class)
        Webhook("whsec_" + "A" * 43 + "=").verify(got.body, got.headers)
    with pytest.raises(Exception):  # noqa: B017
        Webhook(secret).verify(got.body.replace(b"1", b"2"), got.headers)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 1
    assert delivery.response_status == 200 and delivery.response_ms is not None


def test_a_failed_delivery_is_retried_on_the_schedule_then_given_up(
    secretariat, kd_net, settings
) -> None:
    settings.WEBHOOK_RETRY_SECONDS = [5, 300]
    with receiver([500, 503, 500]) as hook:
        delivery = _delivery(secretariat, kd_net, hook.url)
        assert webhooks.webhook_deliver(delivery_id=delivery.pk) == 5
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.response_status) == (
            DeliveryStatus.PENDING,
            1,
            500,
        )
        assert delivery.error == "HTTP 500"
        assert delivery.subscription.__class__.objects.get().failing_since is not None
        # A copy of the task, or the beat, finding it before its time sends nothing and
        # ends (the task that made the attempt waits, or the beat sends it when due).
        assert webhooks.webhook_deliver(delivery_id=delivery.pk) is None
        assert len(hook.requests) == 1
        _due(delivery)
        assert webhooks.webhook_deliver(delivery_id=delivery.pk) == 300
        _due(delivery)
        assert webhooks.webhook_deliver(delivery_id=delivery.pk) is None
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 3
    # Every attempt carried the same message id (a receiver may drop repeats).
    assert {r.headers["webhook-id"] for r in hook.requests} == {delivery.message_id}
    # A finished delivery is not sent again.
    assert webhooks.webhook_deliver(delivery_id=delivery.pk) is None
    assert len(hook.requests) == 3


def test_success_after_failure_clears_the_failing_mark(secretariat, kd_net) -> None:
    with receiver([500, 204]) as hook:
        delivery = _delivery(secretariat, kd_net, hook.url)
        webhooks.webhook_deliver(delivery_id=delivery.pk)
        _due(delivery)
        assert webhooks.webhook_deliver(delivery_id=delivery.pk) is None
    assert WebhookSubscription.objects.get().failing_since is None
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 2


def test_redirects_are_not_followed(secretariat, kd_net) -> None:
    with receiver([302]) as hook, receiver() as elsewhere:
        hook.redirect_to = elsewhere.url
        delivery = _delivery(secretariat, kd_net, hook.url)
        webhooks.webhook_deliver(delivery_id=delivery.pk)
    assert len(hook.requests) == 1 and elsewhere.requests == []
    delivery.refresh_from_db()
    assert delivery.error == "HTTP 302" and delivery.status == DeliveryStatus.PENDING


def test_an_address_that_turned_private_is_refused_at_delivery(
    secretariat, kd_net, settings
) -> None:
    with receiver() as hook:
        delivery = _delivery(secretariat, kd_net, hook.url)
        settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
        webhooks.webhook_deliver(delivery_id=delivery.pk)
    assert hook.requests == []
    delivery.refresh_from_db()
    assert "privat eller lokalt netværk" in delivery.error


def test_an_unreachable_receiver_is_recorded(secretariat, kd_net) -> None:
    with receiver() as hook:
        url = hook.url
    delivery = _delivery(secretariat, kd_net, url)  # the server is gone: connection refused
    assert webhooks.webhook_deliver(delivery_id=delivery.pk) is not None
    delivery.refresh_from_db()
    assert delivery.error == "Det modtagende system afviste forbindelsen."
    assert delivery.response_status is None


def test_a_subscription_failing_for_days_is_switched_off_and_its_maker_told(
    secretariat, kd_net, settings, django_capture_on_commit_callbacks
) -> None:
    settings.WEBHOOK_DISABLE_AFTER_HOURS = 72
    settings.WEBHOOK_RETRY_SECONDS = [5]
    with receiver([500]) as hook:
        delivery = _delivery(secretariat, kd_net, hook.url)
        WebhookSubscription.objects.update(failing_since=timezone.now() - dt.timedelta(hours=73))
        # One failure is not enough while the delivery still has retries left.
        assert webhooks.webhook_deliver(delivery_id=delivery.pk) == 5
        assert WebhookSubscription.objects.get().is_active
        _due(delivery)
        with django_capture_on_commit_callbacks(execute=False):
            assert webhooks.webhook_deliver(delivery_id=delivery.pk) is None
    subscription = WebhookSubscription.objects.get()
    assert not subscription.is_active and "72" in subscription.disabled_reason
    [email] = OutgoingEmail.objects.filter(to=secretariat.email)
    assert subscription.url in email.text and subscription.name in email.subject
    # Switched off: nothing more is sent, and new events make no deliveries.
    assert (
        webhooks.webhook_event(event=WebhookEvent.AGENDA_PUBLISHED, body_id=kd_net.pk, data={})
        == []
    )
    webhooks.webhook_reactivate(actor=secretariat, subscription_id=subscription.pk)
    subscription.refresh_from_db()
    assert subscription.is_active and subscription.failing_since is None


def test_due_deliveries_are_found_for_the_beat(secretariat, kd_net, hook) -> None:
    delivery = _delivery(secretariat, kd_net, hook.url)
    assert webhooks.webhook_deliveries_due(older_than=dt.timedelta(minutes=10)) == []
    WebhookDelivery.objects.update(next_attempt_at=timezone.now() - dt.timedelta(minutes=11))
    assert webhooks.webhook_deliveries_due(older_than=dt.timedelta(minutes=10)) == [delivery.pk]


def test_an_agreement_change_is_sent_only_once_the_public_may_know_of_it(
    secretariat, kd_net, django_capture_on_commit_callbacks, hook
) -> None:
    from agreements import services as agreement_services

    subscription = _subscribe(secretariat, kd_net, hook.url, [WebhookEvent.AGREEMENT_CHANGED])
    start = dt.date(2024, 1, 1)
    with django_capture_on_commit_callbacks(execute=True):
        public = agreement_services.agreement_create(
            actor=secretariat,
            body=kd_net,
            title="Resultatkontrakt 2024",
            start=start,
            new_kind="Resultatkontrakt",
        )
        internal = agreement_services.agreement_create(
            actor=secretariat,
            body=kd_net,
            title="Intern aftale om sekretariatsbistand",
            start=start,
            new_kind="Resultatkontrakt",
            is_internal=True,
        )
    assert not WebhookDelivery.objects.exists()  # drafts: nothing
    with django_capture_on_commit_callbacks(execute=True):
        agreement_services.agreement_put_in_force(actor=secretariat, agreement_id=internal.pk)
    assert not WebhookDelivery.objects.exists()  # internal: nothing
    with django_capture_on_commit_callbacks(execute=True):
        agreement_services.agreement_put_in_force(actor=secretariat, agreement_id=public.pk)
    [delivery] = WebhookDelivery.objects.all()
    assert delivery.subscription == subscription
    agreement = delivery.payload["data"]["agreement"]
    assert agreement["title"] == "Resultatkontrakt 2024" and agreement["status"] == "in_force"
    assert agreement["api"].endswith(f"/api/agreements/{public.pk}/")


def test_a_receiver_that_answers_too_slowly_is_cut_off(secretariat, kd_net, settings) -> None:
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    with receiver([200]) as hook:
        hook.delay = 3  # seconds before it answers (it trickles nothing meanwhile)
        delivery = _delivery(secretariat, kd_net, hook.url)
        assert webhooks.webhook_deliver(delivery_id=delivery.pk) is not None
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING and delivery.response_status is None
    assert delivery.error.startswith("Det modtagende system svarede ikke inden for 1 sekunder")


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::a00:5",
        "64:ff9b::7f00:1",
        "2002:a00:1::1",
        "::127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:0:a00:1",
        "fec0::1",
    ],
)
def test_ipv6_addresses_that_lead_to_private_ipv4_hosts_are_refused(address, settings) -> None:
    from integrations import targets

    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    with pytest.raises(targets.TargetRefused):
        targets.resolve(f"https://[{address}]/h")


def test_nat64_to_a_public_ipv4_host_is_allowed(settings) -> None:
    from integrations import targets

    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    assert targets.resolve("https://[64:ff9b::5db8:d70e]/h").address == "64:ff9b::5db8:d70e"


def test_a_late_record_never_overwrites_a_newer_attempt(secretariat, kd_net, hook) -> None:
    """An attempt that overran its claim (the beat claimed the delivery again) records
    nothing: the newer attempt's outcome stands."""
    from integrations.webhooks import _claim, _record

    delivery = _delivery(secretariat, kd_net, hook.url)
    first = _claim(delivery.pk)
    assert first is not None
    _due(delivery)
    second = _claim(delivery.pk)
    assert second is not None and second.attempt_at > first.attempt_at
    assert _record(second, status=200, milliseconds=5, error="") is None
    assert _record(first, status=None, milliseconds=None, error="timed out") is None
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.error == ""


def test_a_request_for_input_is_told_when_the_public_may_read_it_and_when_closed(
    secretariat, kd_net, django_capture_on_commit_callbacks, hook, client
) -> None:
    """Nothing while only its recipients may open it; at the deadline (answers public after
    it) one ``request_for_input.public``, its modified moved for the REST feed; closing it
    then sends ``request_for_input.closed``. A request whose answers stay with the
    secretariat is never told."""
    from accounts.models import Affiliation
    from consultations import services as consultation_services
    from consultations.models import RequestForInput
    from councils.models import Municipality
    from tests.factories import AffiliationFactory, UserFactory

    subscription = _subscribe(secretariat, kd_net, hook.url)
    municipalities = list(Municipality.objects.order_by("code")[:2])
    for n, municipality in enumerate(municipalities):
        AffiliationFactory(
            user=UserFactory(username=f"hook-contact-{n}", email=f"kontakt{n}@example.dk"),
            kind=Affiliation.Kind.MUNICIPAL_CONTACT,
            body=None,
            municipality=municipality,
        )

    def make(title: str, visibility: str) -> RequestForInput:
        request = consultation_services.request_create(
            actor=secretariat,
            body=kd_net,
            title=title,
            deadline=timezone.now() + dt.timedelta(days=5),
            answers_visibility=visibility,
            municipalities=municipalities,
        )
        consultation_services.question_add(
            actor=secretariat, request=request, kind="long_text", text="Input"
        )
        return consultation_services.request_send(actor=secretariat, request_id=request.pk)

    with django_capture_on_commit_callbacks(execute=True):
        public = make("Input til erhvervsplan", RequestForInput.Visibility.PUBLIC_AFTER_DEADLINE)
        private = make("Input om lønforhold", RequestForInput.Visibility.SECRETARIAT)
        assert consultation_services.requests_opened_to_public() == 0
    assert not WebhookDelivery.objects.exists()

    # The deadline passes (time, not a write: the beat's task notices it), and the request is
    # written after it before the task runs (this update moves modified past the deadline):
    # it is announced all the same.
    past = timezone.now() - dt.timedelta(hours=1)
    since = timezone.now().isoformat()
    RequestForInput.objects.filter(pk__in=[public.pk, private.pk]).update(deadline=past)
    with django_capture_on_commit_callbacks(execute=True):
        assert consultation_services.requests_opened_to_public() == 1
    assert consultation_services.requests_opened_to_public() == 0  # told once
    [delivery] = WebhookDelivery.objects.all()
    assert delivery.subscription == subscription
    assert delivery.event == WebhookEvent.REQUEST_PUBLIC
    told = delivery.payload["data"]["request_for_input"]
    assert told["title"] == "Input til erhvervsplan" and told["status"] == "sent"
    assert told["api"].endswith(f"/api/requests-for-input/{public.pk}/")
    assert "lønforhold" not in json.dumps(delivery.payload, ensure_ascii=False)
    # The public's change feed now holds it (its modified moved), and not the other.
    feed = client.get("/api/requests-for-input/", {"modified_since": since}).json()
    assert [r["id"] for r in feed["results"]] == [public.pk]

    with django_capture_on_commit_callbacks(execute=True):
        consultation_services.request_close(actor=secretariat, request_id=public.pk)
        consultation_services.request_close(actor=secretariat, request_id=private.pk)
    closed = WebhookDelivery.objects.filter(event=WebhookEvent.REQUEST_CLOSED)
    assert [d.payload["data"]["request_for_input"]["id"] for d in closed] == [public.pk]
    assert closed[0].payload["data"]["request_for_input"]["status"] == "closed"


def test_the_secretariat_switches_a_subscription_on_again_on_its_page(
    client, secretariat, kd_net, hook
) -> None:
    subscription = _subscribe(secretariat, kd_net, hook.url)
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        is_active=False,
        failing_since=timezone.now() - dt.timedelta(days=4),
        disabled_reason="Alle forsøg er fejlet i 72 timer.",
    )
    url = f"/aabne-data/webhooks/{subscription.pk}/"
    member = User.objects.get(username="medlem")
    client.force_login(member)
    assert client.post(url, {"reactivate": "1"}).status_code == 404  # not theirs to manage
    client.force_login(secretariat)
    page = client.get(url).content.decode()
    assert "Alle forsøg er fejlet i 72 timer." in page and 'name="reactivate"' in page

    response = client.post(url, {"reactivate": "1"})
    assert response.status_code == 302 and response["Location"] == url
    subscription.refresh_from_db()
    assert subscription.is_active and subscription.failing_since is None
    assert subscription.disabled_reason == ""
    assert subscription.history.latest().history_user == secretariat
    assert 'name="reactivate"' not in client.get(url).content.decode()
