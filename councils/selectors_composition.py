"""Reads for composition: the body's seats and holders, the appointments overview, a
person's page. Each runs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts import rules
from councils.models import (
    Body,
    Membership,
    MembershipRole,
    Nomination,
    Person,
    Seat,
    membership_current_q,
)


@dataclass
class SeatRow:
    seat: Seat
    holder: Membership | None
    substitute: Membership | None

    @property
    def is_vacant(self) -> bool:
        return self.holder is None


@dataclass
class SeatGroup:
    label: str
    organisation: Any
    appointing_body: Any
    rows: list[SeatRow] = field(default_factory=list)

    @property
    def vacancies(self) -> int:
        return sum(1 for row in self.rows if row.is_vacant)


def _seat_rows(seats: list[Seat]) -> list[SeatRow]:
    rows = []
    for seat in seats:
        current = seat.current_memberships  # prefetched
        holder = next((m for m in current if m.role != MembershipRole.SUBSTITUTE), None)
        substitute = next((m for m in current if m.role == MembershipRole.SUBSTITUTE), None)
        rows.append(SeatRow(seat=seat, holder=holder, substitute=substitute))
    return rows


def _seats_with_holders(today: dt.date) -> QuerySet[Seat]:
    return (
        Seat.objects.filter(is_active=True)
        .select_related("body", "nominating_organisation", "appointing_body")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.current(today).select_related("person", "municipality"),
                to_attr="current_memberships",
            )
        )
    )


def body_composition(*, body: Body, today: dt.date | None = None) -> list[SeatGroup]:
    """The body's seats grouped by who nominates or appoints them, with today's holders."""
    today = today or timezone.localdate()
    groups: dict[tuple, SeatGroup] = {}
    for row in _seat_rows(list(_seats_with_holders(today).filter(body=body))):
        seat = row.seat
        key = (seat.label, seat.nominating_organisation_id, seat.appointing_body_id)
        group = groups.get(key)
        if group is None:
            group = groups[key] = SeatGroup(
                label=seat.label,
                organisation=seat.nominating_organisation,
                appointing_body=seat.appointing_body,
            )
        group.rows.append(row)
    return list(groups.values())


def current_term(*, body: Body, today: dt.date | None = None) -> Any:
    today = today or timezone.localdate()
    terms = list(body.terms.all())
    return next((t for t in terms if t.start <= today <= t.end), terms[0] if terms else None)


def appointments_overview(
    *,
    user: Any,
    body_slug: str = "",
    organisation_slug: str = "",
    municipality_code: str = "",
    vacant_only: bool = False,
    today: dt.date | None = None,
) -> list[SeatRow]:
    """Every seat the user decides appointments for (``rules.appointed_seats_q``), with
    today's holder.

    Filters: the receiving body, the nominating organisation, the holder's municipality.
    """
    today = today or timezone.localdate()
    seats = (
        _seats_with_holders(today)
        .filter(rules.appointed_seats_q(user))
        .order_by("body__name", "position", "pk")
    )
    if body_slug:
        seats = seats.filter(body__slug=body_slug)
    if organisation_slug:
        seats = seats.filter(nominating_organisation__slug=organisation_slug)
    if municipality_code:
        seats = seats.filter(
            Q(memberships__municipality__code=municipality_code)
            & membership_current_q(today, prefix="memberships__")
        ).distinct()
    rows = _seat_rows(list(seats))
    if vacant_only:
        rows = [row for row in rows if row.is_vacant]
    return rows


def person_get(*, slug: str) -> Person:
    person = (
        Person.objects.select_related("organisation", "municipality")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("body", "seat", "on_behalf_of").order_by(
                    "-start"
                ),
            )
        )
        .filter(slug=slug)
        .first()
    )
    if person is None:
        raise Http404
    return person


def appointing_bodies(*, user: Any) -> QuerySet[Body]:
    """The bodies with seats the user decides appointments for (the overview's filter)."""
    return Body.objects.filter(
        pk__in=Seat.objects.filter(rules.appointed_seats_q(user)).values("body_id")
    ).order_by("name")


def nominations_for_user(*, user: Any, pending: bool) -> QuerySet[Nomination]:
    """Proposals for seats the user decides for (``rules.appointed_seats_q``: the seat's
    appointing body, or its own body when none appoints to it); pending ones, or the
    decided ones newest first."""
    nominations = Nomination.objects.select_related(
        "seat__body", "seat__appointing_body", "on_behalf_of_municipality", "proposed_by"
    )
    if pending:
        nominations = nominations.filter(status=Nomination.Status.PROPOSED)
    else:
        nominations = nominations.exclude(status=Nomination.Status.PROPOSED).order_by("-decided_at")
    return nominations.filter(rules.appointed_seats_q(user, prefix="seat__"))
