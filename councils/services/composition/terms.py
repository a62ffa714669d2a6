"""Terms of office (funktionsperioder): a body's terms do not overlap, and by default they
follow the municipal election period (``councils.election_periods``)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.history import save_as
from councils.election_periods import ElectionPeriod, country_of, election_period
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


def term_for_election_period(*, body: Body, on: dt.date) -> ElectionPeriod:
    """The default term of office of ``body`` around ``on``: the election period of its
    region's country (2026-2029 in Denmark for any day of those years)."""
    return election_period(on=on, country=country_of(body))


@transaction.atomic
def term_create_for_election_period(*, actor: User | None, body: Body, on: dt.date) -> Term:
    """Give the body the term of the election period ``on`` falls in; a term with exactly
    those dates is kept as it is (so running it twice adds nothing). Refuses a period that
    overlaps another term of the body, like ``term_create``."""
    period = term_for_election_period(body=body, on=on)
    existing = body.terms.filter(start=period.start, end=period.end).first()
    if existing is not None:
        return existing
    return term_create(actor=actor, body=body, start=period.start, end=period.end)


def membership_default_end(*, body: Body, start: dt.date) -> dt.date:
    """When an appointment from ``start`` ends unless the secretariat says otherwise: the
    last day of the body's term of office that ``start`` falls in, or else of the election
    period (terms follow the municipal election period by default)."""
    term = body.terms.filter(start__lte=start, end__gte=start).first()
    if term is not None:
        return term.end
    return term_for_election_period(body=body, on=start).end
