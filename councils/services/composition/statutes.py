"""A body's statutes as data (vedtægter): the statute's own rules and its seat rules.

Rules enforced here: a seat rule provides for at least one seat; it names at most one
appointer (a body, or a kind of body), and "per appointing body" needs a kind; the body's
members in all, when given, is at least one. Every change leaves a history row naming the
secretary (``core.history``); a removed rule stays in the history.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.history import history_user_set, save_as
from councils.models import Body, Organisation, Statute, StatuteSeatRule

STATUTE_EDITABLE_FIELDS = (
    "source",
    "seats_total",
    "chair_must_be_politician",
    "chair_appointed_by",
    "vice_chair_must_be_politician",
    "vice_chair_appointed_by",
    "notes",
)
RULE_EDITABLE_FIELDS = (
    "label",
    "count",
    "nominating_organisation",
    "appointing_body",
    "appointing_body_kind",
    "per_appointing_body",
    "must_be_politician",
    "personal_substitutes",
    "is_observer",
)


@transaction.atomic
def statute_update(
    *,
    actor: User | None,
    body: Body,
    source: str = "",
    seats_total: int | None = None,
    chair_must_be_politician: bool = False,
    chair_appointed_by: Body | None = None,
    vice_chair_must_be_politician: bool = False,
    vice_chair_appointed_by: Body | None = None,
    notes: str = "",
) -> Statute:
    """Record the body's statutes (made the first time), changing only what differs.

    Refuses a total of no members.
    """
    if seats_total is not None and seats_total < 1:
        raise ValidationError({"seats_total": _("A body has at least one member.")})
    values: dict[str, Any] = {
        "source": " ".join(source.split()),
        "seats_total": seats_total,
        "chair_must_be_politician": chair_must_be_politician,
        "chair_appointed_by": chair_appointed_by,
        "vice_chair_must_be_politician": vice_chair_must_be_politician,
        "vice_chair_appointed_by": vice_chair_appointed_by,
        "notes": notes.strip(),
    }
    statute = Statute.objects.select_for_update().filter(body=body).first()
    if statute is None:
        statute = Statute(body=body, **values)
        statute.full_clean()
        save_as(statute, actor=actor)
        return statute
    changed = [name for name, value in values.items() if getattr(statute, name) != value]
    if changed:
        for name in changed:
            setattr(statute, name, values[name])
        statute.full_clean()
        save_as(statute, actor=actor, update_fields=changed)
    return statute


def _rule_values(
    *,
    label: str,
    count: int,
    nominating_organisation: Organisation | None,
    appointing_body: Body | None,
    appointing_body_kind: str,
    per_appointing_body: bool,
    must_be_politician: bool,
    personal_substitutes: bool,
    is_observer: bool,
) -> dict[str, Any]:
    label = " ".join(label.split())
    if not label:
        raise ValidationError({"label": _("Give the rule a name.")})
    if count < 1:
        raise ValidationError({"count": _("A rule provides for at least one seat.")})
    if appointing_body is not None and appointing_body_kind:
        raise ValidationError(
            {"appointing_body_kind": _("Name the appointing body or the kind of body, not both.")}
        )
    if per_appointing_body and not appointing_body_kind:
        raise ValidationError(
            {
                "per_appointing_body": _(
                    "Choose the kind of body for a number that applies to each of them."
                )
            }
        )
    return {
        "label": label,
        "count": count,
        "nominating_organisation": nominating_organisation,
        "appointing_body": appointing_body,
        "appointing_body_kind": appointing_body_kind,
        "per_appointing_body": per_appointing_body,
        "must_be_politician": must_be_politician,
        "personal_substitutes": personal_substitutes,
        "is_observer": is_observer,
    }


@transaction.atomic
def statute_rule_create(
    *,
    actor: User | None,
    body: Body,
    label: str,
    count: int,
    nominating_organisation: Organisation | None = None,
    appointing_body: Body | None = None,
    appointing_body_kind: str = "",
    per_appointing_body: bool = False,
    must_be_politician: bool = False,
    personal_substitutes: bool = False,
    is_observer: bool = False,
) -> StatuteSeatRule:
    """Add a seat rule to the body's statutes (making the statutes if the body has none)."""
    values = _rule_values(
        label=label,
        count=count,
        nominating_organisation=nominating_organisation,
        appointing_body=appointing_body,
        appointing_body_kind=appointing_body_kind,
        per_appointing_body=per_appointing_body,
        must_be_politician=must_be_politician,
        personal_substitutes=personal_substitutes,
        is_observer=is_observer,
    )
    statute = Statute.objects.filter(body=body).first() or statute_update(actor=actor, body=body)
    rule = StatuteSeatRule(statute=statute, position=statute.rules.count(), **values)
    rule.full_clean()
    save_as(rule, actor=actor)
    return rule


@transaction.atomic
def statute_rule_update(
    *,
    actor: User | None,
    rule_id: int,
    label: str,
    count: int,
    nominating_organisation: Organisation | None = None,
    appointing_body: Body | None = None,
    appointing_body_kind: str = "",
    per_appointing_body: bool = False,
    must_be_politician: bool = False,
    personal_substitutes: bool = False,
    is_observer: bool = False,
) -> StatuteSeatRule:
    """Change a seat rule (the same checks as ``statute_rule_create``)."""
    rule = StatuteSeatRule.objects.select_for_update().get(pk=rule_id)
    values = _rule_values(
        label=label,
        count=count,
        nominating_organisation=nominating_organisation,
        appointing_body=appointing_body,
        appointing_body_kind=appointing_body_kind,
        per_appointing_body=per_appointing_body,
        must_be_politician=must_be_politician,
        personal_substitutes=personal_substitutes,
        is_observer=is_observer,
    )
    changed = [name for name, value in values.items() if getattr(rule, name) != value]
    if changed:
        for name in changed:
            setattr(rule, name, values[name])
        rule.full_clean()
        save_as(rule, actor=actor, update_fields=changed)
    return rule


@transaction.atomic
def statute_rule_delete(*, actor: User | None, rule_id: int) -> None:
    """Remove a seat rule from the statutes; its history row names the secretary."""
    rule = StatuteSeatRule.objects.select_for_update().get(pk=rule_id)
    history_user_set(rule, actor=actor)
    rule.delete()
