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
from accounts.models import Affiliation
from accounts.rules import Action, can
from councils.models import (
    Body,
    Membership,
    MembershipRole,
    Municipality,
    Nomination,
    Organisation,
    Person,
    Seat,
    membership_current_q,
)


@dataclass
class SeatRow:
    seat: Seat
    holder: Membership | None
    substitute: Membership | None
    # Memberships of the seat that begin later (e.g. an accepted nomination from next
    # year): shown as "coming" on the seat.
    coming: list[Membership] = field(default_factory=list)

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


def _seat_rows(seats: list[Seat], today: dt.date) -> list[SeatRow]:
    rows = []
    for seat in seats:
        # Prefetched by _seats_with_holders (to_attr): current and coming.
        held: list[Membership] = seat.current_memberships  # type: ignore[attr-defined]  # see above
        current = [m for m in held if m.start <= today]
        holder = seat_holder(seat, today)
        substitute = next((m for m in current if m.role == MembershipRole.SUBSTITUTE), None)
        coming = sorted((m for m in held if m.start > today), key=lambda m: m.start)
        rows.append(SeatRow(seat=seat, holder=holder, substitute=substitute, coming=coming))
    return rows


def public_seats() -> QuerySet[Seat]:
    """The seats the composition pages and the seat list show: active ones (an abolished
    seat stays for the history of its holders). ``Seat.public_pks`` asks this too."""
    return Seat.objects.filter(is_active=True)


def _seats_with_holders(today: dt.date) -> QuerySet[Seat]:
    """Active seats with their current and coming memberships prefetched (one query)."""
    return (
        public_seats()
        .select_related("body", "nominating_organisation", "appointing_body")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(Q(end__isnull=True) | Q(end__gte=today))
                .select_related("person", "municipality")
                .order_by("start", "pk"),
                to_attr="current_memberships",
            )
        )
    )


def seat_holder(seat: Seat, today: dt.date) -> Membership | None:
    """Who holds ``seat`` on ``today`` (a substitute holds no seat), from the memberships
    ``_seats_with_holders`` prefetched; a coming appointment does not hold it yet."""
    held: list[Membership] = seat.current_memberships  # type: ignore[attr-defined]  # prefetched (to_attr)
    return next((m for m in held if m.role != MembershipRole.SUBSTITUTE and m.start <= today), None)


def body_composition(*, body: Body, today: dt.date | None = None) -> list[SeatGroup]:
    """The body's seats grouped by who nominates or appoints them, with today's holders."""
    today = today or timezone.localdate()
    seats = list(_seats_with_holders(today).filter(body=body))
    return _composition_groups(_seat_rows(seats, today))


def _composition_groups(rows: list[SeatRow]) -> list[SeatGroup]:
    groups: dict[tuple, SeatGroup] = {}
    for row in rows:
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
    rows = _seat_rows(list(seats), today)
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


def appointment_filter_choices(*, user: Any) -> dict[str, Any]:
    """The appointments overview's filters as ``(value, label)`` pairs: the bodies the user
    appoints to, the organisations that nominate to a seat, Denmark's municipalities (value
    pairs, not rows: a hundred options a page, ``{% select_options %}``)."""
    return {
        "bodies": appointing_bodies(user=user).values_list("slug", "name"),
        "organisations": Organisation.objects.filter(nominated_seats__isnull=False)
        .distinct()
        .order_by("name")
        .values_list("slug", "name"),
        "municipalities": Municipality.objects.filter(region__country="DK")
        .order_by("name")
        .values_list("code", "name"),
    }


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


# --- Composition upkeep (issue 12) --------------------------------------------------------


def composition_terms(*, body: Body) -> list[Any]:
    """The body's terms of office, newest first."""
    return list(body.terms.all())


def composition_seat_get(*, body: Body, seat_id: int) -> Seat:
    """An active seat of the body, or 404."""
    seat = (
        Seat.objects.select_related("body", "appointing_body", "nominating_organisation")
        .filter(pk=seat_id, body=body, is_active=True)
        .first()
    )
    if seat is None:
        raise Http404
    return seat


def composition_membership_get(*, body: Body, membership_id: int) -> Membership:
    """A membership in the body (with its person and seat), or 404."""
    membership = (
        Membership.objects.select_related("person__user", "seat", "body")
        .filter(pk=membership_id, body=body)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def composition_members_without_seat(*, body: Body, today: dt.date | None = None) -> list[Any]:
    """Current and coming memberships of the body that hold no seat (registered before
    seats existed), so the secretariat can end them or link accounts too."""
    today = today or timezone.localdate()
    return list(
        Membership.objects.filter(body=body, seat__isnull=True)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .select_related("person__user", "municipality")
        .order_by("person__name")
    )


def nominable_seats(*, user: Any) -> QuerySet[Seat]:
    """The seats the user may propose a candidate for (``rules.nominable_seats_q``)."""
    return (
        Seat.objects.filter(rules.nominable_seats_q(user))
        .select_related("body")
        .order_by("body__name", "position", "pk")
    )


def nominations_own(*, user: Any) -> QuerySet[Nomination]:
    """ "Mine indstillinger": proposals the user made, and those made on behalf of the
    municipalities the user is contact person for, newest first."""
    municipality_ids = rules.contact_municipality_ids(user)
    return (
        Nomination.objects.filter(
            Q(proposed_by=user) | Q(on_behalf_of_municipality_id__in=municipality_ids)
        )
        .select_related(
            "seat__body", "seat__appointing_body", "on_behalf_of_municipality", "membership"
        )
        .order_by("-proposed_at")
    )


@dataclass
class MunicipalityContacts:
    municipality: Municipality
    contacts: list[Affiliation]


def municipal_contacts(*, user: Any) -> list[MunicipalityContacts]:
    """The municipalities whose contact persons the user appoints
    (``rules.contact_region_ids``), each with its contact persons (two queries)."""
    region_ids = rules.contact_region_ids(user)
    municipalities = Municipality.objects.select_related("region").order_by("region__name", "name")
    if region_ids is not None:
        municipalities = municipalities.filter(region_id__in=region_ids)
    rows: dict[int | None, MunicipalityContacts] = {
        m.pk: MunicipalityContacts(municipality=m, contacts=[]) for m in municipalities
    }
    for affiliation in (
        Affiliation.objects.filter(
            kind=Affiliation.Kind.MUNICIPAL_CONTACT, municipality_id__in=list(rows)
        )
        .select_related("user")
        .order_by("user__username")
    ):
        rows[affiliation.municipality_id].contacts.append(affiliation)
    return list(rows.values())


# --- Seats a body appoints to, a person's seats (issue 18) ------------------------------


@dataclass
class AppointedBody:
    """A body that ``appointer`` appoints members to, with those seats and their holders."""

    body: Body
    rows: list[SeatRow] = field(default_factory=list)

    @property
    def vacancies(self) -> int:
        return sum(1 for row in self.rows if row.is_vacant)


def seats_appointed_by(*, appointer: Body, today: dt.date | None = None) -> list[AppointedBody]:
    """The bodies ``appointer`` (e.g. a KKR) appoints to, each with the seats whose
    appointing body it is, today's holders, substitutes and coming members (two queries)."""
    today = today or timezone.localdate()
    seats = (
        _seats_with_holders(today)
        .filter(appointing_body=appointer, body__is_active=True)
        .exclude(body=appointer)
        .order_by("body__name", "body_id", "position", "pk")
    )
    return _appointed_groups(_seat_rows(list(seats), today))


def _appointed_groups(rows: list[SeatRow]) -> list[AppointedBody]:
    groups: dict[int, AppointedBody] = {}
    for row in rows:
        group = groups.get(row.seat.body_id)
        if group is None:
            group = groups[row.seat.body_id] = AppointedBody(body=row.seat.body)
        group.rows.append(row)
    return list(groups.values())


def body_seats(
    *, body: Body, today: dt.date | None = None
) -> tuple[list[SeatGroup], list[AppointedBody]]:
    """For the body's page, in the two queries of one: its composition
    (``body_composition``) and the seats it appoints to in other bodies
    (``seats_appointed_by``)."""
    today = today or timezone.localdate()
    seats = list(
        _seats_with_holders(today)
        .filter(Q(body=body) | Q(appointing_body=body, body__is_active=True))
        .order_by("body__name", "body_id", "position", "pk")
    )
    rows = _seat_rows(seats, today)
    return (
        _composition_groups([row for row in rows if row.seat.body_id == body.pk]),
        _appointed_groups([row for row in rows if row.seat.body_id != body.pk]),
    )


@dataclass
class PersonSeats:
    person: Person
    current: list[Membership]
    coming: list[Membership]
    past: list[Membership]


def person_seats(*, slug: str, today: dt.date | None = None) -> PersonSeats:
    """A person with all their memberships across bodies, current, coming and past, each
    with its seat, who appointed and the decision (two queries whatever the number)."""
    today = today or timezone.localdate()
    person = (
        Person.objects.select_related("organisation", "municipality")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related(
                    "body",
                    "seat",
                    "seat__appointing_body",
                    "on_behalf_of",
                    "municipality",
                    "appointment__appointing_body",
                ).order_by("-start", "pk"),
            )
        )
        .filter(slug=slug)
        .first()
    )
    if person is None:
        raise Http404
    memberships = list(person.memberships.all())
    return PersonSeats(
        person=person,
        current=[m for m in memberships if m.start <= today and (m.end is None or m.end >= today)],
        coming=[m for m in memberships if m.start > today],
        past=[m for m in memberships if m.end is not None and m.end < today],
    )


# --- The re-appointment round (issue 18) ------------------------------------------------


class RoundStatus:
    REAPPOINTED = "reappointed"
    NEW_PERSON = "new_person"
    NOMINATION = "nomination"
    OPEN = "open"


# A membership "ends with the period" when its last day falls in the period's last months.
ENDS_WITH_PERIOD_DAYS = 92


@dataclass
class RoundRow:
    seat: Seat
    ending: Membership
    successor: Membership | None
    pending: list[Nomination]
    may_appoint: bool
    new_start: dt.date
    new_end: dt.date

    @property
    def is_substitute(self) -> bool:
        return self.ending.role == MembershipRole.SUBSTITUTE

    @property
    def status(self) -> str:
        if self.successor is not None:
            if self.successor.person_id == self.ending.person_id:
                return RoundStatus.REAPPOINTED
            return RoundStatus.NEW_PERSON
        if self.pending:
            return RoundStatus.NOMINATION
        return RoundStatus.OPEN

    @property
    def is_done(self) -> bool:
        return self.successor is not None


@dataclass
class ReappointmentRound:
    old: Any  # councils.election_periods.ElectionPeriod
    new: Any
    rows: list[RoundRow]

    @property
    def done(self) -> int:
        return sum(1 for row in self.rows if row.is_done)


def reappointment_round(
    *, user: Any, seats: QuerySet[Seat], old: Any, today: dt.date | None = None
) -> ReappointmentRound:
    """Every membership of ``seats`` that ends with the election period ``old`` (its last
    day in the period's last three months), with what has become of its seat for the next
    period: the same person re-appointed, a new person appointed, a proposal waiting for a
    decision, or still open; and whether ``user`` may appoint to the seat. Three queries
    whatever the number of seats (seats, their memberships, their pending proposals)."""
    new = old.following()
    window_start = old.end - dt.timedelta(days=ENDS_WITH_PERIOD_DAYS)
    seats = (
        seats.filter(
            is_active=True,
            memberships__end__gte=window_start,
            memberships__end__lte=old.end,
        )
        .distinct()
        .select_related("body", "nominating_organisation", "appointing_body")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(
                    Q(end__gte=window_start, end__lte=old.end)
                    | Q(start__gt=window_start, start__lte=new.end)
                )
                .select_related("person", "municipality")
                .order_by("start", "pk"),
                to_attr="round_memberships",
            ),
            Prefetch(
                "nominations",
                queryset=Nomination.objects.filter(status=Nomination.Status.PROPOSED).order_by(
                    "proposed_at"
                ),
                to_attr="pending_nominations",
            ),
        )
        .order_by("body__name", "body_id", "position", "pk")
    )
    rows: list[RoundRow] = []
    for seat in seats:
        memberships: list[Membership] = seat.round_memberships
        may_appoint = can(user, Action.APPOINT_TO_SEAT, seat)
        for ending in memberships:
            if ending.end is None or not (window_start <= ending.end <= old.end):
                continue
            substitute = ending.role == MembershipRole.SUBSTITUTE
            successor = next(
                (
                    m
                    for m in memberships
                    if m.pk != ending.pk
                    and (m.role == MembershipRole.SUBSTITUTE) == substitute
                    and m.start > ending.end
                ),
                None,
            )
            rows.append(
                RoundRow(
                    seat=seat,
                    ending=ending,
                    successor=successor,
                    pending=[] if substitute else seat.pending_nominations,
                    may_appoint=may_appoint,
                    new_start=ending.end + dt.timedelta(days=1),
                    new_end=new.end,
                )
            )
    return ReappointmentRound(old=old, new=new, rows=rows)
