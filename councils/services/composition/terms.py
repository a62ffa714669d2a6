"""Terms of office (funktionsperioder): a body's terms do not overlap."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.history import save_as
from councils.models import (
    Body,
    Term,
)
from councils.services.composition.common import _date


@transaction.atomic
def term_create(*, actor: User | None, body: Body, start: dt.date, end: dt.date) -> Term:
    """Add a term of office; terms of the same body may not overlap."""
    _term_check(body=body, start=start, end=end)
    term = Term(body=body, start=start, end=end)
    save_as(term, actor=actor)
    return term


def _term_check(*, body: Body, start: dt.date, end: dt.date, exclude: int | None = None) -> None:
    if end < start:
        raise ValidationError({"end": _("A term cannot end before it starts.")})
    clashes = body.terms.filter(start__lte=end, end__gte=start)
    if exclude is not None:
        clashes = clashes.exclude(pk=exclude)
    clash = clashes.first()
    if clash is not None:
        raise ValidationError(
            _("The term overlaps the term %(start)s – %(end)s.")
            % {"start": _date(clash.start), "end": _date(clash.end)}
        )


@transaction.atomic
def term_update(*, actor: User | None, term_id: int, start: dt.date, end: dt.date) -> Term:
    """Change a term's dates; it may not end before it starts nor overlap another term of
    the same body."""
    term = Term.objects.select_for_update().select_related("body").get(pk=term_id)
    _term_check(body=term.body, start=start, end=end, exclude=term.pk)
    changed = [
        name for name, value in (("start", start), ("end", end)) if getattr(term, name) != value
    ]
    if changed:
        term.start, term.end = start, end
        save_as(term, actor=actor, update_fields=changed)
    return term


def term_end(*, actor: User | None, term_id: int, end: dt.date) -> Term:
    """End a term early (or move its last day): ``term_update`` with the start kept."""
    term = Term.objects.get(pk=term_id)
    return term_update(actor=actor, term_id=term_id, start=term.start, end=end)
