"""Writes for the base records. Every service takes ``actor`` and runs in a transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import ConflictError
from core.history import save_as
from councils.models import Body, Membership, Municipality, Organisation, Person, Region

BODY_EDITABLE_FIELDS = ("short_name", "description", "website", "is_active")


def _upsert(
    model: Any, *, actor: User | None, lookup: dict[str, Any], values: dict[str, Any]
) -> Any:
    """Create the record, or update it where a field differs; a no-op writes nothing."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean()
        save_as(instance, actor=actor)
        return instance
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.full_clean()
        save_as(instance, actor=actor, update_fields=changed)
    return instance


@transaction.atomic
def region_upsert(*, actor: User | None, code: str, name: str, country: str = "DK") -> Region:
    return _upsert(
        Region,
        actor=actor,
        lookup={"code": code},
        values={"name": name, "slug": slugify(name), "country": country},
    )


@transaction.atomic
def municipality_upsert(
    *, actor: User | None, code: str, name: str, region: Region
) -> Municipality:
    return _upsert(
        Municipality,
        actor=actor,
        lookup={"code": code},
        values={
            "name": name,
            "slug": Municipality.slug_for(name=name, code=code, country=region.country),
            "region": region,
        },
    )


@transaction.atomic
def organisation_upsert(
    *, actor: User | None, name: str, kind: str, short_name: str = "", website: str = ""
) -> Organisation:
    return _upsert(
        Organisation,
        actor=actor,
        lookup={"slug": slugify(name)},
        values={"name": name, "kind": kind, "short_name": short_name, "website": website},
    )


@transaction.atomic
def body_upsert(
    *,
    actor: User | None,
    slug: str,
    name: str,
    kind: str,
    region: Region | None = None,
    parent: Body | None = None,
    secretariat: Organisation | None = None,
    short_name: str = "",
    description: str = "",
) -> Body:
    """Create or update a body by its slug (used by the demo data and imports)."""
    return _upsert(
        Body,
        actor=actor,
        lookup={"slug": slug},
        values={
            "name": name,
            "kind": kind,
            "region": region,
            "parent": parent,
            "secretariat": secretariat,
            "short_name": short_name,
            "description": description,
        },
    )


@transaction.atomic
def body_update(*, actor: User | None, body_id: int, expected_version: int, **fields: Any) -> Body:
    """Change a body's editable details, refusing to overwrite someone else's newer save.

    Rule: the form must carry the version it was loaded at. If the stored version is newer,
    ``ConflictError`` says which fields the other person changed and nothing is saved.
    """
    unknown = set(fields) - set(BODY_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    body = Body.objects.select_for_update().get(pk=body_id)
    if body.version != expected_version:
        loaded = body.history.filter(version=expected_version).order_by("-history_id").first()
        changes = [
            (
                str(getattr(Body._meta.get_field(name), "verbose_name", name)),
                str(getattr(body, name)),
            )
            for name in BODY_EDITABLE_FIELDS
            if loaded is None or getattr(loaded, name) != getattr(body, name)
        ]
        raise ConflictError(
            _(
                "Someone else saved this body while you were editing it. Their version is "
                "shown below; your changes were not saved. Check them and save again."
            ),
            changes=changes,
        )
    changed = [name for name, value in fields.items() if getattr(body, name) != value]
    for name in changed:
        setattr(body, name, fields[name])
    body.version += 1
    body.full_clean()
    save_as(body, actor=actor, update_fields=[*changed, "version"])
    return body


@transaction.atomic
def person_upsert(
    *,
    actor: User | None,
    slug: str,
    name: str,
    title: str = "",
    organisation: Organisation | None = None,
    municipality: Municipality | None = None,
    email: str = "",
) -> Person:
    return _upsert(
        Person,
        actor=actor,
        lookup={"slug": slug},
        values={
            "name": name,
            "title": title,
            "organisation": organisation,
            "municipality": municipality,
            "email": email,
        },
    )


@transaction.atomic
def membership_ensure(
    *,
    actor: User | None,
    person: Person,
    body: Body,
    role: str,
    start: dt.date,
    end: dt.date | None = None,
    on_behalf_of: Organisation | None = None,
    municipality: Municipality | None = None,
) -> Membership:
    """Record that a person holds a seat in a body for a period.

    Rule: a membership cannot end before it starts. The same person, body, role and start
    is one membership, so running the demo loader or an import again changes nothing.
    """
    if end is not None and end < start:
        raise ValidationError(
            {"end": _("A membership cannot end before it starts.")}, code="end_before_start"
        )
    return _upsert(
        Membership,
        actor=actor,
        lookup={"person": person, "body": body, "role": role, "start": start},
        values={"end": end, "on_behalf_of": on_behalf_of, "municipality": municipality},
    )
