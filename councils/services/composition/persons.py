"""Persons: create, link to a user account, invite to an account."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.history import save_as
from core.slugs import readable_slug
from councils.models import (
    Municipality,
    Person,
)
from councils.services.composition.common import _ongoing


@transaction.atomic
def person_create(
    *,
    actor: User | None,
    name: str,
    title: str = "",
    email: str = "",
    municipality: Municipality | None = None,
    is_elected_politician: bool = False,
) -> Person:
    """A new person (for appointing someone directly); the slug keeps Danish letters
    readable and is made unique with a number."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Write the person's name.")})
    base = readable_slug(name) or "person"
    slug, number = base, 1
    while Person.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    person = Person(
        name=name,
        slug=slug,
        title=title.strip(),
        email=email.strip(),
        municipality=municipality,
        is_elected_politician=is_elected_politician,
    )
    person.full_clean()
    save_as(person, actor=actor)
    return person


@transaction.atomic
def person_user_link(*, actor: User | None, person_id: int, user: Any | None) -> Person:
    """Link a person to a user account (or unlink with ``user=None``).

    The member role follows from the person's memberships (decision 0003), so linking gives
    the account every body the person sits in now or later: a secretariat may link only
    when it manages the composition of each of them (else the administrator does); the
    same holds for unlinking, which takes that access away. One account belongs to one
    person.
    """
    from accounts import rules

    person = Person.objects.select_for_update().get(pk=person_id)
    # Linking and unlinking alike: the link decides the person's member role in every body
    # they sit in, so only a secretariat that manages all of them changes it.
    scope = rules.composition_body_ids(actor)
    if scope is not None:
        today = timezone.localdate()
        other = (
            _ongoing(person.memberships.all(), today - dt.timedelta(days=1))
            .exclude(body_id__in=scope)
            .select_related("body")
            .first()
        )
        if other is not None:
            raise ValidationError(
                _(
                    "%(name)s also sits in %(body)s, which you do not manage; its "
                    "secretariat or the administrator links the account."
                )
                % {"name": person.name, "body": other.body.name}
            )
    if user is not None:
        if not user.is_active:
            raise ValidationError({"user": _("The user account is not active.")})
        taken = Person.objects.filter(user=user).exclude(pk=person.pk).first()
        if taken is not None:
            raise ValidationError(
                {
                    "user": _("The account %(user)s belongs to %(name)s.")
                    % {"user": user.get_username(), "name": taken.name}
                }
            )
    if person.user_id != (user.pk if user is not None else None):
        rules.roles_changed([person.user_id, user.pk if user is not None else None])
        person.user = user
        save_as(person, actor=actor, update_fields=["user"])
    return person


@transaction.atomic
def person_account_invite(
    *, actor: User, person_id: int, domain: str, use_https: bool, language: str
) -> Person:
    """Make an account for a member who has none, link it (with the same scope rule as
    ``person_user_link``) and e-mail them a link to choose their password. All or nothing:
    a refused link leaves no account behind and sends nothing."""
    from accounts.services import user_invite

    person = Person.objects.get(pk=person_id)
    if person.user_id is not None:
        raise ValidationError(_("%(name)s already has an account.") % {"name": person.name})
    user = user_invite(
        actor=actor,
        name=person.name,
        email=person.email,
        domain=domain,
        use_https=use_https,
        language=language,
    )
    return person_user_link(actor=actor, person_id=person.pk, user=user)
