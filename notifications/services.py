"""Writes for subscriptions and e-mail notifications.

Rules enforced here:
- members of a body are subscribed by default; anyone else subscribes with an address they
  confirm from an e-mail, and asking changes nothing for the address until then; asking is
  rate-limited per address and per client (``core.ratelimit``); everyone can
  unsubscribe with one click from every e-mail;
- every e-mail of the portal goes through this outbox, also the other apps' notices and
  reminders (through ``core.outbox.email_enqueue``, registered in ``apps.py``);
- each notification is recorded once per address (``OutgoingEmail.key`` is unique), so a
  repeated or retried task does not send it twice; sending claims the row first;
- a failed send is retried with backoff by the task, and after the last retry the row is
  "failed" and shown to the body's secretariat, who can send it again;
- people who chose a daily digest get one e-mail a day listing the day's events.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core import ratelimit
from councils.models import Body
from notifications import selectors
from notifications.models import DigestEntry, Frequency, OutgoingEmail, Subscription

EMAIL_LANGUAGE = "da"
UNSUBSCRIBE_SALT = "notifications.unsubscribe"
CONFIRM_SALT = "notifications.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def unsubscribe_url(*, body: Body, email: str) -> str:
    token = signing.dumps({"b": body.pk, "e": email.lower()}, salt=UNSUBSCRIBE_SALT)
    return _absolute(reverse("notifications:unsubscribe", args=[token]))


def _queue(
    *,
    key: str,
    to: str,
    subject: str,
    text: str,
    body: Body | None,
    unsubscribe: bool = True,
) -> int | None:
    """Record one e-mail and send it when the transaction commits; None if already recorded.

    ``body`` is the body the e-mail is about: its secretariat sees the e-mail if it fails.
    With ``unsubscribe`` (a subscription's e-mail) it carries a one-click unsubscribe link.
    """
    from notifications.tasks import send_email

    link = unsubscribe_url(body=body, email=to) if body is not None and unsubscribe else ""
    if link and body is not None:
        text += "\n\n" + _("Unsubscribe from %(body)s: %(url)s") % {
            "body": body.name,
            "url": link,
        }
    try:
        with transaction.atomic():
            email = OutgoingEmail.objects.create(
                key=key[:300],
                to=to,
                subject=subject[:300],
                text=text,
                body=body,
                unsubscribe_url=link,
            )
    except IntegrityError:
        return None  # recorded before: this notification has been sent or is on its way
    transaction.on_commit(lambda: send_email.delay(email_id=email.pk), robust=True)
    return email.pk


def email_enqueue(
    *, key: str, to: str, subject: str, text: str, body_id: int | None = None
) -> bool:
    """The outbox for the other apps (``core.outbox.email_enqueue``): a notice or
    reminder to one address, without an unsubscribe link (it is not a subscription). False
    when the key was recorded before."""
    body = Body.objects.filter(pk=body_id).first() if body_id is not None else None
    return (
        _queue(key=key, to=to, subject=subject, text=text, body=body, unsubscribe=False) is not None
    )


def _event(*, body: Body, key: str, subject: str, text: str, digest_line: str) -> int:
    """Tell every recipient of the body: now, or in tomorrow's digest."""
    count = 0
    for recipient in selectors.recipients_for_body(body=body):
        event_key = f"{key}:{recipient.email}"
        if recipient.frequency == Frequency.DAILY:
            _created = DigestEntry.objects.get_or_create(
                key=event_key[:300],
                defaults={"email": recipient.email, "body": body, "line": digest_line},
            )[1]
            count += int(_created)
        elif _queue(key=event_key, to=recipient.email, subject=subject, text=text, body=body):
            count += 1
    return count


def publication_notify(*, version_id: int) -> int:
    """E-mail the body's subscribers that an agenda or minutes was published or changed."""
    from meetings.models import PublishedVersion

    version = PublishedVersion.objects.select_related("meeting__body").filter(pk=version_id).first()
    if version is None:
        return 0
    meeting = version.meeting
    body = meeting.body
    with translation.override(EMAIL_LANGUAGE):
        document = version.get_document_display()
        when = timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y %H:%M")
        if version.number == 1:
            subject = _("%(document)s published: %(body)s %(when)s")
        else:
            subject = _("%(document)s changed: %(body)s %(when)s")
        subject = subject % {"document": document, "body": body.name, "when": when}
        page = _absolute(meeting.get_absolute_url())
        pdf = _absolute(reverse("meetings:meeting_pdfs", args=[meeting.pk, version.document]))
        lines = [subject, "", _("Read it: %(url)s") % {"url": page}]
        lines.append(_("PDF: %(url)s") % {"url": pdf})
        if version.change_note:
            lines += ["", _("What changed: %(note)s") % {"note": version.change_note}]
        digest_line = f"{subject}\n  {page}\n  PDF: {pdf}"
    return _event(
        body=body,
        key=f"publication:{version.pk}",
        subject=subject,
        text="\n".join(lines),
        digest_line=digest_line,
    )


def newsletter_notify(*, newsletter_id: int) -> int:
    """E-mail a published newsletter to the body's subscribers."""
    from meetings.models import Newsletter

    newsletter = Newsletter.objects.select_related("body").filter(pk=newsletter_id).first()
    if newsletter is None or newsletter.published_at is None:
        return 0
    from django.utils.html import strip_tags

    with translation.override(EMAIL_LANGUAGE):
        page = _absolute(newsletter.get_absolute_url())
        text = "\n\n".join(
            [
                newsletter.title,
                strip_tags(newsletter.content).strip(),
                _("Read it: %(url)s") % {"url": page},
            ]
        )
        digest_line = f"{newsletter.title}\n  {page}"
    return _event(
        body=newsletter.body,
        key=f"newsletter:{newsletter.pk}",
        subject=newsletter.title,
        text=text,
        digest_line=digest_line,
    )


def _meeting_when(starts_at: Any, ends_at: Any) -> str:
    start = timezone.localtime(starts_at)
    text = f"{start:%d.%m.%Y %H:%M}"
    if ends_at is not None:
        end = timezone.localtime(ends_at)
        text += f"–{end:%H:%M}" if end.date() == start.date() else f"–{end:%d.%m.%Y %H:%M}"
    return text


def meeting_change_notify(*, meeting_id: int, history_id: int) -> int:
    """Tell the body's members and subscribers that a meeting whose agenda is published has
    a new time or place (``meetings.services.meeting_update``).

    ``history_id`` names the change: the e-mail describes the meeting as that change left it
    and as it was before, and each address is recorded once per change (a repeated task
    sends nothing twice; a later change is a new e-mail)."""
    from meetings.models import Meeting

    meeting = Meeting.objects.select_related("body").filter(pk=meeting_id).first()
    if meeting is None or not meeting.agenda_is_published:
        return 0
    record = meeting.history.filter(history_id=history_id).first()
    if record is None:
        return 0
    before = meeting.history.filter(history_id__lt=history_id).order_by("-history_id").first()
    body = meeting.body
    with translation.override(EMAIL_LANGUAGE):
        now = _meeting_when(record.starts_at, record.ends_at)
        subject = _("Meeting changed: %(body)s %(when)s") % {"body": body.name, "when": now}
        page = _absolute(meeting.get_absolute_url())
        lines = [
            _("The meeting of %(body)s has been changed.") % {"body": body.name},
            "",
            _("Now: %(when)s, %(place)s") % {"when": now, "place": record.place or "-"},
        ]
        if before is not None:
            lines.append(
                _("Before: %(when)s, %(place)s")
                % {
                    "when": _meeting_when(before.starts_at, before.ends_at),
                    "place": before.place or "-",
                }
            )
        lines += ["", _("The agenda: %(url)s") % {"url": page}]
        digest_line = f"{subject}\n  {page}"
    return _event(
        body=body,
        key=f"meeting-change:{meeting.pk}:{history_id}",
        subject=subject,
        text="\n".join(lines),
        digest_line=digest_line,
    )


def email_send(*, email_id: int) -> bool:
    """Send one recorded e-mail, once. Returns False when it was sent or is being sent.

    Raises the mail server's error after giving the claim back, so the task retries it.
    """
    if not OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.Status.QUEUED).update(
        status=OutgoingEmail.Status.SENDING,
        attempts=F("attempts") + 1,
        claimed_at=timezone.now(),
    ):
        return False
    email = OutgoingEmail.objects.get(pk=email_id)
    headers = {}
    if email.unsubscribe_url:
        # RFC 2369 and RFC 8058: mail programs show an "unsubscribe" button that POSTs here.
        headers["List-Unsubscribe"] = f"<{email.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMessage(
        subject=email.subject,
        body=email.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers=headers,
    )
    try:
        message.send()
    except Exception as error:
        OutgoingEmail.objects.filter(pk=email_id).update(
            status=OutgoingEmail.Status.QUEUED, last_error=f"{type(error).__name__}: {error}"
        )
        raise
    OutgoingEmail.objects.filter(pk=email_id).update(
        status=OutgoingEmail.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def email_give_up(*, email_id: int, error: str) -> None:
    """After the last retry: the secretariat sees the e-mail as failed."""
    OutgoingEmail.objects.filter(pk=email_id).exclude(status=OutgoingEmail.Status.SENT).update(
        status=OutgoingEmail.Status.FAILED, last_error=error[:2000]
    )


def email_retry(*, actor: User | None, email_id: int) -> None:
    """Queue a failed e-mail again (the secretariat's "send again")."""
    from notifications.tasks import send_email

    with transaction.atomic():
        if OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.Status.FAILED).update(
            status=OutgoingEmail.Status.QUEUED
        ):
            transaction.on_commit(lambda: send_email.delay(email_id=email_id), robust=True)


def digests_send(*, today: Any = None) -> int:
    """Send each address its daily digest of the events since the last one."""
    today = today or timezone.localdate()
    pending: dict[str, list[DigestEntry]] = defaultdict(list)
    for entry in DigestEntry.objects.filter(digest__isnull=True).select_related("body"):
        pending[entry.email].append(entry)
    sent = 0
    for address, entries in pending.items():
        with transaction.atomic(), translation.override(EMAIL_LANGUAGE):
            lines = [_("News from the KKR portal, %(date)s:") % {"date": f"{today:%d.%m.%Y}"}]
            lines += ["", *(f"- {entry.line}" for entry in entries)]
            bodies = sorted({entry.body.name for entry in entries})
            lines += ["", _("Unsubscribe:")]
            lines += [
                f"{entry.body.name}: {unsubscribe_url(body=entry.body, email=address)}"
                for entry in {e.body_id: e for e in entries}.values()
            ]
            email_id = _queue(
                key=f"digest:{address}:{today:%Y-%m-%d}",
                to=address,
                subject=_("Daily digest: %(bodies)s") % {"bodies": ", ".join(bodies)},
                text="\n".join(lines),
                body=None,
            )
            if email_id is None:
                continue  # today's digest went out already; the rest waits for tomorrow
            DigestEntry.objects.filter(pk__in=[e.pk for e in entries], digest__isnull=True).update(
                digest_id=email_id
            )
            sent += 1
    return sent


# --- Subscribing ---------------------------------------------------------------------------


class SubscriptionRateLimited(Exception):
    """Too many confirmation e-mails for this address or from this client just now."""


def confirm_token(*, body: Body, email: str, frequency: str) -> str:
    """The signed link data for confirming a subscription (valid for 7 days)."""
    return signing.dumps(
        {"b": body.pk, "e": email.strip().lower(), "f": frequency}, salt=CONFIRM_SALT
    )


def subscription_request(
    *, actor: User | None, body: Body, email: str, frequency: str, client: str | None
) -> None:
    """Start a subscription: an e-mail with a confirmation link goes to the address.

    Nothing changes for the address until the link is confirmed from the address itself:
    not whether it gets e-mails, not how often (anyone can type anyone's address here). The
    choice travels in the signed link. Asking again sends a new link, whether or not the
    address was subscribed before, so the page reveals nothing about it.

    Rate-limited per address and per ``client`` (the requesting IP address; None when not
    asked for over the web): raises ``SubscriptionRateLimited`` and sends nothing.
    """
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from error
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": _("Choose how often.")})
    if not ratelimit.email_allowed(scope="subscription-confirm", email=email, client=client or "-"):
        raise SubscriptionRateLimited
    link = _absolute(
        reverse(
            "notifications:confirm",
            args=[confirm_token(body=body, email=email, frequency=frequency)],
        )
    )
    with transaction.atomic(), translation.override(EMAIL_LANGUAGE):
        _queue(
            key=f"confirm:{body.pk}:{uuid.uuid4().hex}",
            to=email,
            subject=_("Confirm your subscription to %(body)s") % {"body": body.name},
            text="\n\n".join(
                [
                    _(
                        "Someone (hopefully you) asked for e-mails when %(body)s publishes "
                        "agendas, minutes and newsletters."
                    )
                    % {"body": body.name},
                    _("Confirm within 7 days: %(link)s") % {"link": link},
                    _("If it was not you, ignore this e-mail."),
                ]
            ),
            body=None,
        )


def subscription_confirm(*, token: str) -> Subscription:
    """Confirm an address from the link in the e-mail (valid for 7 days): only now is the
    subscription created or changed (subscribed again, with the frequency asked for)."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ValidationError(_("The link has expired. Subscribe again.")) from error
    except signing.BadSignature as error:
        raise ValidationError(_("The link is not valid.")) from error
    if "s" in data:  # a link sent before the subscription waited for confirmation
        old = Subscription.objects.select_related("body").filter(pk=data["s"]).first()
        body, email = (old.body, old.email) if old is not None else (None, "")
    else:
        body, email = Body.objects.filter(pk=data["b"]).first(), data["e"]
    if body is None or data.get("f") not in Frequency.values:
        raise ValidationError(_("The link is not valid."))
    with transaction.atomic():
        subscription, _created = Subscription.objects.select_for_update().get_or_create(
            body=body, email=email, defaults={"frequency": data["f"]}
        )
        subscription.confirmed_at = subscription.confirmed_at or timezone.now()
        subscription.unsubscribed_at = None
        subscription.frequency = data["f"]
        subscription.save(update_fields=["confirmed_at", "unsubscribed_at", "frequency"])
    return subscription


def unsubscribe_token_read(token: str) -> tuple[Body, str]:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise ValidationError(_("The link is not valid.")) from error
    body = Body.objects.filter(pk=data["b"]).first()
    if body is None:
        raise ValidationError(_("The link is not valid."))
    return body, data["e"]


def unsubscribe(*, token: str) -> Subscription:
    """Stop e-mails about a body to an address (also a member's default subscription)."""
    body, email = unsubscribe_token_read(token)
    subscription, _created = Subscription.objects.get_or_create(
        body=body, email=email, defaults={"confirmed_at": timezone.now()}
    )
    subscription.unsubscribed_at = subscription.unsubscribed_at or timezone.now()
    subscription.save(update_fields=["unsubscribed_at"])
    return subscription


def member_frequency_set(*, actor: User, body: Body, frequency: str) -> Subscription:
    """A signed-in user chooses one e-mail per publication or a daily digest for a body."""
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": _("Choose how often.")})
    email = actor.email.strip().lower()
    if not email:
        raise ValidationError(_("Your account has no e-mail address."))
    subscription, _created = Subscription.objects.get_or_create(
        body=body, email=email, defaults={"confirmed_at": timezone.now()}
    )
    subscription.frequency = frequency
    subscription.confirmed_at = subscription.confirmed_at or timezone.now()
    subscription.unsubscribed_at = None
    subscription.save(update_fields=["frequency", "confirmed_at", "unsubscribed_at"])
    return subscription


# --- Reminders -----------------------------------------------------------------------------

DEADLINE_REMINDER_DAYS = 3
MEETING_REMINDER_DAYS = 2


def reminders_send(*, now: Any = None) -> int:
    """Remind the secretariat of agenda deadlines within 3 days (agenda not yet published)
    and the members of meetings within 2 days. Each reminder is recorded once."""
    import datetime as dt

    from councils.selectors import secretariat_emails
    from meetings.models import Meeting

    now = now or timezone.now()
    today = timezone.localdate(now)
    count = 0
    due = Meeting.objects.filter(
        status=Meeting.Status.PLANNED,
        agenda_deadline__gte=today,
        agenda_deadline__lte=today + dt.timedelta(days=DEADLINE_REMINDER_DAYS),
    ).select_related("body")
    for meeting in due:
        with transaction.atomic(), translation.override(EMAIL_LANGUAGE):
            for address in secretariat_emails(meeting.body):
                subject = _("Agenda deadline %(date)s: %(body)s") % {
                    "date": f"{meeting.agenda_deadline:%d.%m.%Y}",
                    "body": meeting.body.name,
                }
                text = _(
                    "The agenda for %(body)s's meeting on %(when)s must go out by %(date)s "
                    "and is not published yet: %(url)s"
                ) % {
                    "body": meeting.body.name,
                    "when": f"{timezone.localtime(meeting.starts_at):%d.%m.%Y %H:%M}",
                    "date": f"{meeting.agenda_deadline:%d.%m.%Y}",
                    "url": _absolute(reverse("meetings:agenda_edit", args=[meeting.pk])),
                }
                if _queue(
                    key=f"deadline:{meeting.pk}:{meeting.agenda_deadline}:{address}",
                    to=address,
                    subject=subject,
                    text=text,
                    body=meeting.body,  # a failure is shown to the body's secretariat
                    unsubscribe=False,
                ):
                    count += 1
    coming = Meeting.objects.filter(
        starts_at__gt=now,
        starts_at__lte=now + dt.timedelta(days=MEETING_REMINDER_DAYS),
        status=Meeting.Status.AGENDA_PUBLISHED,
    ).select_related("body")
    for meeting in coming:
        with transaction.atomic(), translation.override(EMAIL_LANGUAGE):
            when = f"{timezone.localtime(meeting.starts_at):%d.%m.%Y %H:%M}"
            for address in selectors.member_emails(body=meeting.body):
                if _queue(
                    key=f"meeting-reminder:{meeting.pk}:{meeting.starts_at:%Y%m%d%H%M}:{address}",
                    to=address,
                    subject=_("Meeting %(when)s: %(body)s")
                    % {"when": when, "body": meeting.body.name},
                    text=_("Reminder: %(body)s meets %(when)s, %(place)s. Agenda: %(url)s")
                    % {
                        "body": meeting.body.name,
                        "when": when,
                        "place": meeting.place or "-",
                        "url": _absolute(meeting.get_absolute_url()),
                    },
                    body=meeting.body,
                ):
                    count += 1
    return count
