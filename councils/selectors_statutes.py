"""Where a body departs from its statutes (``Statute``, ``StatuteSeatRule``).

``statute_deviations`` compares the body's active seats, today's holders and substitutes
and its chair and vice chair with the statutes, in a fixed number of queries whatever the
number of seats or rules. Each departure is a ``Deviation`` with a Danish text for the
secretariat (gettext) and, where it concerns one seat, that seat.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from councils.models import (
    Body,
    Membership,
    MembershipRole,
    Seat,
    Statute,
    StatuteSeatRule,
    membership_current_q,
)
from councils.selectors_composition import SeatRow, body_composition


class DeviationKind:
    TOO_FEW_SEATS = "too_few_seats"
    TOO_MANY_SEATS = "too_many_seats"
    SEAT_OUTSIDE_STATUTES = "seat_outside_statutes"
    TOTAL = "total"
    NOT_POLITICIAN = "not_politician"
    MISSING_SUBSTITUTE = "missing_substitute"
    CHAIR_MISSING = "chair_missing"
    CHAIR_NOT_POLITICIAN = "chair_not_politician"
    CHAIR_WRONG_APPOINTER = "chair_wrong_appointer"


@dataclass(frozen=True)
class Deviation:
    kind: str
    message: str
    seat: Seat | None = None
    # "chair" or "vice_chair" for the chair rules.
    role: str = ""


@dataclass
class StatuteCheck:
    statute: Statute | None
    rules: list[StatuteSeatRule]
    deviations: list[Deviation]

    @property
    def has_statute(self) -> bool:
        return self.statute is not None


def statute_get(*, body: Body) -> Statute | None:
    """The body's statutes with their seat rules (two queries), or None."""
    statute = (
        Statute.objects.select_related("chair_appointed_by", "vice_chair_appointed_by")
        .filter(body=body)
        .first()
    )
    if statute is not None:
        statute.rule_list = list(  # type: ignore[attr-defined]  # read by statute_deviations
            statute.rules.select_related("nominating_organisation", "appointing_body")
        )
    return statute


def _rule_name(rule: StatuteSeatRule) -> str:
    return rule.label


def _appointer_bodies(body: Body, rules: list[StatuteSeatRule]) -> dict[str, list[Body]]:
    """For "per appointing body" rules: the active bodies of each kind named (in the body's
    region for a regional body). One query, and none without such rules."""
    kinds = {rule.appointing_body_kind for rule in rules if rule.per_appointing_body}
    if not kinds:
        return {}
    bodies = Body.objects.filter(kind__in=kinds, is_active=True).order_by("name")
    if body.region_id is not None:
        bodies = bodies.filter(region_id=body.region_id)
    found: dict[str, list[Body]] = {kind: [] for kind in kinds}
    for other in bodies:
        found[other.kind].append(other)
    return found


def _seat_counts(
    body: Body, rules: list[StatuteSeatRule], rows: list[SeatRow], statute: Statute
) -> tuple[list[Deviation], dict[int, StatuteSeatRule]]:
    """Count the seats each rule provides for; the departures, and each seat's rule."""
    deviations: list[Deviation] = []
    matched: dict[int, list[Seat]] = {rule.pk: [] for rule in rules}
    rule_of_seat: dict[int, StatuteSeatRule] = {}
    outside: list[Seat] = []
    ordered = sorted(rules, key=lambda rule: (-rule.specificity, rule.position, rule.pk))
    for row in rows:
        rule = next((r for r in ordered if r.matches(row.seat)), None)
        if rule is None:
            outside.append(row.seat)
        else:
            matched[rule.pk].append(row.seat)
            rule_of_seat[row.seat.pk] = rule
    appointers = _appointer_bodies(body, rules)
    for rule in rules:
        seats = matched[rule.pk]
        if rule.per_appointing_body:
            for appointer in appointers.get(rule.appointing_body_kind, []):
                actual = sum(1 for seat in seats if seat.appointing_body_id == appointer.pk)
                if actual != rule.count:
                    deviations.append(
                        Deviation(
                            DeviationKind.TOO_FEW_SEATS
                            if actual < rule.count
                            else DeviationKind.TOO_MANY_SEATS,
                            ngettext(
                                "The statutes give %(appointer)s %(expected)s seat "
                                "(%(rule)s); the body has %(actual)s.",
                                "The statutes give %(appointer)s %(expected)s seats "
                                "(%(rule)s); the body has %(actual)s.",
                                rule.count,
                            )
                            % {
                                "appointer": appointer.name,
                                "expected": rule.count,
                                "rule": _rule_name(rule),
                                "actual": actual,
                            },
                        )
                    )
            continue
        actual = len(seats)
        if actual != rule.count:
            deviations.append(
                Deviation(
                    DeviationKind.TOO_FEW_SEATS
                    if actual < rule.count
                    else DeviationKind.TOO_MANY_SEATS,
                    ngettext(
                        "The statutes provide %(expected)s seat for “%(rule)s”; the body "
                        "has %(actual)s.",
                        "The statutes provide %(expected)s seats for “%(rule)s”; the body "
                        "has %(actual)s.",
                        rule.count,
                    )
                    % {"expected": rule.count, "rule": _rule_name(rule), "actual": actual},
                )
            )
    members = [row for row in rows if row.seat.role != MembershipRole.OBSERVER]
    if statute.seats_total is not None:
        if len(members) != statute.seats_total:
            deviations.append(
                Deviation(
                    DeviationKind.TOTAL,
                    _(
                        "The statutes say %(expected)s members in all (observers not "
                        "counted); the body has %(actual)s seats."
                    )
                    % {"expected": statute.seats_total, "actual": len(members)},
                )
            )
    elif rules:  # statutes without seat rules say nothing about the seats
        for seat in outside:
            deviations.append(
                Deviation(
                    DeviationKind.SEAT_OUTSIDE_STATUTES,
                    _("The seat “%(seat)s” is not provided for in the statutes.")
                    % {"seat": seat.label},
                    seat=seat,
                )
            )
    return deviations, rule_of_seat


def _holders(rows: list[SeatRow], rule_of_seat: dict[int, StatuteSeatRule]) -> list[Deviation]:
    deviations: list[Deviation] = []
    for row in rows:
        rule = rule_of_seat.get(row.seat.pk)
        if rule is None or row.holder is None:
            continue
        person = row.holder.person
        if rule.must_be_politician and not person.is_elected_politician:
            deviations.append(
                Deviation(
                    DeviationKind.NOT_POLITICIAN,
                    _(
                        "%(name)s holds the seat “%(seat)s”, which the statutes reserve for "
                        "an elected politician, but is not registered as one."
                    )
                    % {"name": person.name, "seat": row.seat.label},
                    seat=row.seat,
                )
            )
        if rule.personal_substitutes and row.substitute is None:
            deviations.append(
                Deviation(
                    DeviationKind.MISSING_SUBSTITUTE,
                    _(
                        "The seat “%(seat)s” held by %(name)s has no personal substitute; "
                        "the statutes require one."
                    )
                    % {"name": person.name, "seat": row.seat.label},
                    seat=row.seat,
                )
            )
    return deviations


def _chairs(body: Body, statute: Statute, today: dt.date) -> list[Deviation]:
    """The chair and vice chair rules against today's chair and vice chair (one query,
    none when the statutes set no such rule)."""
    wanted = {
        MembershipRole.CHAIR: (statute.chair_must_be_politician, statute.chair_appointed_by),
        MembershipRole.VICE_CHAIR: (
            statute.vice_chair_must_be_politician,
            statute.vice_chair_appointed_by,
        ),
    }
    wanted = {role: rule for role, rule in wanted.items() if rule[0] or rule[1] is not None}
    if not wanted:
        return []
    current: dict[str, Membership] = {}
    for membership in (
        Membership.objects.filter(membership_current_q(today), body=body, role__in=list(wanted))
        .select_related("person", "seat", "appointment")
        .order_by("start", "pk")
    ):
        current.setdefault(membership.role, membership)
    deviations: list[Deviation] = []
    for role, (politician, appointer) in wanted.items():
        is_chair = role == MembershipRole.CHAIR
        found = current.get(role)
        if found is None:
            deviations.append(
                Deviation(
                    DeviationKind.CHAIR_MISSING,
                    _("The body has no chair, whom the statutes provide for.")
                    if is_chair
                    else _("The body has no vice chair, whom the statutes provide for."),
                    role=role,
                )
            )
            continue
        membership = found
        name = membership.person.name
        if politician and not membership.person.is_elected_politician:
            deviations.append(
                Deviation(
                    DeviationKind.CHAIR_NOT_POLITICIAN,
                    (
                        _(
                            "The chair, %(name)s, is not registered as an elected politician; "
                            "the statutes require one."
                        )
                        if is_chair
                        else _(
                            "The vice chair, %(name)s, is not registered as an elected "
                            "politician; the statutes require one."
                        )
                    )
                    % {"name": name},
                    seat=membership.seat,
                    role=role,
                )
            )
        if appointer is not None:
            appointment = getattr(membership, "appointment", None)
            appointed_by = (
                appointment.appointing_body_id
                if appointment is not None and appointment.appointing_body_id
                else (membership.seat.appointing_body_id if membership.seat else None)
            )
            if appointed_by != appointer.pk:
                deviations.append(
                    Deviation(
                        DeviationKind.CHAIR_WRONG_APPOINTER,
                        (
                            _(
                                "The chair, %(name)s, is not appointed by %(body)s, as the "
                                "statutes require."
                            )
                            if is_chair
                            else _(
                                "The vice chair, %(name)s, is not appointed by %(body)s, as "
                                "the statutes require."
                            )
                        )
                        % {"name": name, "body": appointer.name},
                        seat=membership.seat,
                        role=role,
                    )
                )
    return deviations


def statute_deviations(
    *, body: Body, composition: list[Any] | None = None, today: dt.date | None = None
) -> StatuteCheck:
    """The body's statutes and where the body departs from them today: seat counts per
    rule (and per appointing body), seats no rule provides for (or the total), holders of
    politicians' seats who are not registered as elected politicians, missing personal
    substitutes, and the chair and vice chair rules.

    ``composition`` is ``body_composition``'s answer when the page has it already (saves
    its two queries). Without statutes: no departures (the page shows a hint instead).
    Queries: two for the statutes, two for the seats unless given, one for the chairs when
    the statutes have chair rules, one for "per appointing body" rules.
    """
    today = today or timezone.localdate()
    statute = statute_get(body=body)
    if statute is None:
        return StatuteCheck(statute=None, rules=[], deviations=[])
    rules: list[StatuteSeatRule] = statute.rule_list  # type: ignore[attr-defined]  # statute_get
    groups = composition if composition is not None else body_composition(body=body, today=today)
    rows: list[SeatRow] = [row for group in groups for row in group.rows]
    deviations, rule_of_seat = _seat_counts(body, rules, rows, statute)
    deviations += _holders(rows, rule_of_seat)
    deviations += _chairs(body, statute, today)
    return StatuteCheck(statute=statute, rules=rules, deviations=deviations)


def statute_history(*, body: Body, limit: int = 100) -> list[Any]:
    """Who changed the body's statutes and seat rules, newest first (two queries)."""
    from core.history import history_entries

    statute_records = list(
        Statute.history.filter(body_id=body.pk)
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    )
    statute_ids = {record.id for record in statute_records}
    rule_records = list(
        StatuteSeatRule.history.filter(Q(statute_id__in=statute_ids))
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    )
    entries = history_entries(statute_records, lambda r: _("Statutes")) + history_entries(
        rule_records, lambda r: r.label
    )
    return sorted(entries, key=lambda e: e.when, reverse=True)[:limit]
