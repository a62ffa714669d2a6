"""Writes for accounts: password reset e-mails, second factor, affiliations."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Affiliation, User
from accounts.rules import Action, can, must_use_two_factor, roles_changed
from core.history import history_user_set, save_as


def password_reset_request(
    *, email: str, domain: str, use_https: bool, language: str, client: str | None
) -> int:
    """Queue a reset e-mail for every active user with this address and a usable password.

    Says nothing about whether the address is known (the page shows the same message either
    way), so the form cannot be used to find out who has an account. The e-mail is built
    by the worker from the user's id, so no reset token ever sits in the queue.
    Rate-limited per address and per ``client`` (the requesting IP address), counted whether
    or not the address is known; over the limit nothing is sent and the page still shows
    the same message. Returns the number of e-mails queued.
    """
    from accounts.tasks import send_password_reset_email
    from core.ratelimit import email_allowed

    if not email_allowed(scope="password-reset", email=email, client=client or "-"):
        return 0
    users = [
        user
        for user in User.objects.filter(email__iexact=email.strip(), is_active=True)
        if user.has_usable_password()
    ]
    for user in users:
        send_password_reset_email.delay_on_commit(
            user_id=user.pk, domain=domain, use_https=use_https, language=language
        )
    return len(users)


def password_reset_email_send(
    *, user_id: int, domain: str, use_https: bool, language: str, kind: str = "password_reset"
) -> bool:
    """Render and send one password-reset e-mail (``kind="invitation"``: the first one, for
    an account the secretariat made). Returns False if the user is gone."""
    if kind not in ("password_reset", "invitation"):
        raise ValueError(kind)
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": "KKR-portalen",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if use_https else "http",
    }
    with translation.override(language):
        subject = render_to_string(f"accounts/email/{kind}_subject.txt", context)
        body = render_to_string(f"accounts/email/{kind}_body.txt", context)
    message = EmailMultiAlternatives(
        subject="".join(subject.splitlines()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.send()
    return True


@transaction.atomic
def user_invite(
    *, actor: User, name: str, email: str, domain: str, use_https: bool, language: str
) -> User:
    """Make an account for a person the secretariat manages and e-mail them a link to
    choose their password (the reset link: built by the worker, so no token is stored).

    The account has no password until the person chooses one, and no role of its own: the
    member role follows from linking it to the person (``councils`` does that in the same
    transaction). Refused when an active account already has this address (link that one).
    """
    from accounts.tasks import send_password_reset_email

    email = email.strip()
    if not email:
        raise ValidationError({"email": _("The person has no e-mail address to invite.")})
    if User.objects.filter(email__iexact=email, is_active=True).exists():
        raise ValidationError(
            {"email": _("An account already has this e-mail address: link that account.")}
        )
    base = email.split("@", 1)[0].lower()[:140] or "bruger"
    username, number = base, 1
    while User.objects.filter(username__iexact=username).exists():
        number += 1
        username = f"{base}{number}"
    first, _space, last = name.strip().partition(" ")
    user = User(username=username, email=email, first_name=first[:150], last_name=last[:150])
    user.set_unusable_password()
    save_as(user, actor=actor)
    send_password_reset_email.delay_on_commit(
        user_id=user.pk, domain=domain, use_https=use_https, language=language, kind="invitation"
    )
    return user


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """The user's unconfirmed TOTP device, created if missing, for the set-up page."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, user: User, token: str) -> TOTPDevice:
    """Confirm the unconfirmed device with a code from the app; removes older devices.

    Raises ``ValidationError`` with a message for the user when the code is wrong.
    """
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None:
        raise ValidationError(_("Start the set-up again: no authenticator is waiting."))
    if not device.verify_token(token.strip().replace(" ", "")):
        raise ValidationError(
            _("The code was not accepted. Check the time on your phone and try the newest code.")
        )
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


@transaction.atomic
def totp_device_remove(*, actor: User, user: User) -> None:
    """Turn off two-factor sign-in. Administrators may not: for them it is required."""
    if must_use_two_factor(user):
        raise ValidationError(_("Administrators must use two-factor sign-in."))
    if actor.pk != user.pk and not actor.is_superuser:
        raise ValidationError(_("You may only change your own sign-in."))
    TOTPDevice.objects.filter(user=user).delete()


@transaction.atomic
def affiliation_grant(
    *,
    actor: User | None,
    user: User,
    kind: str,
    body_id: int | None = None,
    municipality_id: int | None = None,
    organisation_id: int | None = None,
) -> Affiliation:
    """Give a user a secretariat role for a body or a contact role for a municipality or an
    organisation."""
    target: dict[str, int | None] = {
        "body_id": body_id,
        "municipality_id": municipality_id,
        "organisation_id": organisation_id,
    }
    existing = Affiliation.objects.filter(user=user, kind=kind, **target).first()
    if existing is not None:
        return existing
    affiliation = Affiliation(user=user, kind=kind, **target)
    affiliation.full_clean()
    save_as(affiliation, actor=actor)
    roles_changed([user.pk])
    return affiliation


@transaction.atomic
def municipal_contact_grant(*, actor: User, user: User, municipality_id: int) -> Affiliation:
    """Make ``user`` a contact person of a municipality (with history naming the actor).

    The rule is ``Action.GRANT_MUNICIPAL_CONTACT``: the secretariat of the KKR of the
    municipality's region, or the platform administrator. Granting twice changes nothing.
    """
    affiliation = Affiliation(
        user=user, kind=Affiliation.Kind.MUNICIPAL_CONTACT, municipality_id=municipality_id
    )
    if not can(actor, Action.GRANT_MUNICIPAL_CONTACT, affiliation.municipality):
        raise PermissionDenied
    if not user.is_active:
        raise ValidationError({"account": _("The user account is not active.")})
    return affiliation_grant(
        actor=actor,
        user=user,
        kind=Affiliation.Kind.MUNICIPAL_CONTACT,
        municipality_id=municipality_id,
    )


@transaction.atomic
def organisation_contact_grant(*, actor: User, user: User, organisation_id: int) -> Affiliation:
    """Make ``user`` a contact person of an organisation: they answer the requests for input
    sent to it (decision 0023). History names the actor.

    The rule is ``Action.GRANT_ORGANISATION_CONTACT``: the secretariat of a body to one of
    whose seats the organisation nominates, or the platform administrator. Granting twice
    changes nothing.
    """
    affiliation = Affiliation(
        user=user, kind=Affiliation.Kind.ORGANISATION_CONTACT, organisation_id=organisation_id
    )
    if not can(actor, Action.GRANT_ORGANISATION_CONTACT, affiliation.organisation):
        raise PermissionDenied
    if not user.is_active:
        raise ValidationError({"account": _("The user account is not active.")})
    return affiliation_grant(
        actor=actor,
        user=user,
        kind=Affiliation.Kind.ORGANISATION_CONTACT,
        organisation_id=organisation_id,
    )


@transaction.atomic
def affiliation_revoke(*, actor: User, affiliation_id: int) -> None:
    """Take a role away: a municipal contact by the rule of ``municipal_contact_grant``, an
    organisation contact by ``Action.REVOKE_ORGANISATION_CONTACT`` (also after the
    organisation's seat was made inactive); a secretariat only by the
    platform administrator (a platform role). The history row of the deletion names the
    actor."""
    affiliation = (
        Affiliation.objects.select_for_update(of=("self",))
        .select_related("municipality", "organisation")
        .filter(pk=affiliation_id)
        .first()
    )
    if affiliation is None:
        return
    if affiliation.kind == Affiliation.Kind.MUNICIPAL_CONTACT:
        allowed = can(actor, Action.GRANT_MUNICIPAL_CONTACT, affiliation.municipality)
    elif affiliation.kind == Affiliation.Kind.ORGANISATION_CONTACT:
        allowed = can(actor, Action.REVOKE_ORGANISATION_CONTACT, affiliation.organisation)
    else:
        allowed = can(actor, Action.ADMINISTER_PLATFORM)
    if not allowed:
        raise PermissionDenied
    history_user_set(affiliation, actor=actor)
    affiliation.delete()
    roles_changed([affiliation.user_id])
