"""A body's composition: seats, terms, appointments and nominations.

Rules enforced here (and tested in tests/councils/test_composition.py):
* a seat has at most one holder at a time, and at most one personal substitute, so a body
  never has more holders than seats and terms on the same seat do not overlap;
* a seat that requires an elected politician is only given to one;
* a membership cannot end before it starts;
* a body's terms of office do not overlap;
* the same candidate cannot be proposed twice for the same seat;
* a municipality's contact person proposes only for seats open to their municipality
  (``accounts.rules.seat_municipal_region_id``), on behalf of that municipality;
* a seat that is abolished has no holder after its last day; a person's user account is
  linked by a secretariat only when it manages every body the person sits in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.history import save_as
from core.outbox import email_enqueue
from councils.models import (
    Appointment,
    Body,
    Membership,
    MembershipRole,
    Municipality,
    Nomination,
    Organisation,
    Person,
    Seat,
    Term,
)
from councils.selectors import secretariat_emails

__all__ = [
    "NOT_ELECTED_POLITICIAN",
    "SEAT_EDITABLE_FIELDS",
    "appointment_notice_send",
    "membership_appoint",
    "membership_end",
    "nomination_accept",
    "nomination_decline",
    "nomination_propose",
    "person_account_invite",
    "person_create",
    "person_user_link",
    "seat_end",
    "seat_update",
    "seats_create",
    "term_create",
    "term_end",
    "term_reminders_send",
    "term_update",
]

FAR_FUTURE = dt.date.max

# The code of the refusal that a confirmation lifts: the seat requires an elected
# politician and the person is not registered as one (``membership_appoint``).
NOT_ELECTED_POLITICIAN = "not_elected_politician"


def _date(value: dt.date) -> str:
    return value.strftime("%d-%m-%Y")


def _overlaps(queryset: Any, start: dt.date, end: dt.date | None) -> Any:
    """Memberships in ``queryset`` whose period shares a day with [start, end]."""
    overlapping = queryset.filter(Q(end__isnull=True) | Q(end__gte=start))
    if end is not None:
        overlapping = overlapping.filter(start__lte=end)
    return overlapping


@transaction.atomic
def seats_create(
    *,
    actor: Any,
    body: Body,
    count: int,
    label: str,
    role: str = MembershipRole.MEMBER,
    nominating_organisation: Organisation | None = None,
    appointing_body: Body | None = None,
    requires_elected_politician: bool = False,
    has_personal_substitute: bool = False,
) -> list[Seat]:
    """Add ``count`` seats of one kind to a body (e.g. six seats nominated by DA)."""
    if count < 1:
        raise ValidationError({"count": _("A body needs at least one seat of a kind.")})
    if role == MembershipRole.SUBSTITUTE:
        raise ValidationError(
            {"role": _("Substitutes are attached to a seat, not seats of their own.")}
        )
    start = body.seats.count()
    seats = []
    for number in range(count):
        seat = Seat(
            body=body,
            label=label,
            role=role,
            nominating_organisation=nominating_organisation,
            appointing_body=appointing_body,
            requires_elected_politician=requires_elected_politician,
            has_personal_substitute=has_personal_substitute,
            position=start + number,
        )
        save_as(seat, actor=actor)
        seats.append(seat)
    return seats


@transaction.atomic
def term_create(*, actor: Any, body: Body, start: dt.date, end: dt.date) -> Term:
    """Add a term of office; terms of the same body may not overlap."""
    _term_check(body=body, start=start, end=end)
    term = Term(body=body, start=start, end=end)
    save_as(term, actor=actor)
    return term


def _term_check(*, body: Body, start: dt.date, end: dt.date, exclude: int | None = None) -> None:
    if end < start:
        raise ValidationError({"end": _("A term cannot end before it starts.")})
    clash = body.terms.filter(start__lte=end, end__gte=start).exclude(pk=exclude).first()
    if clash is not None:
        raise ValidationError(
            _("The term overlaps the term %(start)s – %(end)s.")
            % {"start": _date(clash.start), "end": _date(clash.end)}
        )


@transaction.atomic
def term_update(*, actor: Any, term_id: int, start: dt.date, end: dt.date) -> Term:
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


def term_end(*, actor: Any, term_id: int, end: dt.date) -> Term:
    """End a term early (or move its last day): ``term_update`` with the start kept."""
    term = Term.objects.get(pk=term_id)
    return term_update(actor=actor, term_id=term_id, start=term.start, end=end)


SEAT_EDITABLE_FIELDS = (
    "label",
    "role",
    "nominating_organisation",
    "appointing_body",
    "requires_elected_politician",
    "has_personal_substitute",
)


def _ongoing(queryset: Any, after: dt.date) -> Any:
    """Memberships in ``queryset`` that last beyond ``after`` (open-ended or ending later)."""
    return queryset.filter(Q(end__isnull=True) | Q(end__gt=after))


@transaction.atomic
def seat_update(
    *,
    actor: Any,
    seat_id: int,
    label: str,
    role: str,
    nominating_organisation: Organisation | None = None,
    appointing_body: Body | None = None,
    requires_elected_politician: bool = False,
    has_personal_substitute: bool = False,
) -> Seat:
    """Change a seat's label, role, who nominates and who appoints to it, and its demands.

    Refuses a substitute's role (substitutes belong to a seat), an empty name, and taking
    away the personal substitute while someone is registered as it now or later (end that
    membership first).
    """
    seat = Seat.objects.select_for_update(of=("self",)).get(pk=seat_id)
    if not seat.is_active:
        raise ValidationError(_("The seat has been abolished."))
    label = " ".join(label.split())
    if not label:
        raise ValidationError({"label": _("Give the seat a name.")})
    if role == MembershipRole.SUBSTITUTE:
        raise ValidationError(
            {"role": _("Substitutes are attached to a seat, not seats of their own.")}
        )
    today = timezone.localdate()
    if (
        seat.has_personal_substitute
        and not has_personal_substitute
        and _ongoing(seat.memberships.filter(role=MembershipRole.SUBSTITUTE), today).exists()
    ):
        raise ValidationError(
            {
                "has_personal_substitute": _(
                    "The seat has a substitute now or later; end that membership first."
                )
            }
        )
    values = {
        "label": label,
        "role": role,
        "nominating_organisation": nominating_organisation,
        "appointing_body": appointing_body,
        "requires_elected_politician": requires_elected_politician,
        "has_personal_substitute": has_personal_substitute,
    }
    changed = [name for name, value in values.items() if getattr(seat, name) != value]
    if changed:
        for name in changed:
            setattr(seat, name, values[name])
        seat.full_clean()
        save_as(seat, actor=actor, update_fields=changed)
    return seat


@transaction.atomic
def seat_end(*, actor: Any, seat_id: int, last_day: dt.date | None = None) -> Seat:
    """Abolish a seat (it stays in the history, with its former holders).

    Refuses while anyone holds it, or is its substitute, after ``last_day`` (today by
    default): end those memberships first, so nobody silently loses a seat.
    """
    last_day = last_day or timezone.localdate()
    seat = Seat.objects.select_for_update(of=("self",)).get(pk=seat_id)
    if not seat.is_active:
        raise ValidationError(_("The seat has been abolished."))
    remaining = _ongoing(seat.memberships.all(), last_day).select_related("person").first()
    if remaining is not None:
        raise ValidationError(
            _("%(name)s holds the seat after %(date)s. End that membership first.")
            % {"name": remaining.person.name, "date": _date(last_day)}
        )
    seat.is_active = False
    save_as(seat, actor=actor, update_fields=["is_active"])
    return seat


@transaction.atomic
def person_create(
    *,
    actor: Any,
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
    base = (
        slugify(
            name.replace("æ", "ae")
            .replace("ø", "oe")
            .replace("å", "aa")
            .replace("Æ", "Ae")
            .replace("Ø", "Oe")
            .replace("Å", "Aa")
        )
        or "person"
    )
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
def membership_end(*, actor: Any, membership_id: int, end: dt.date) -> Membership:
    """End a membership on ``end`` (its last day), e.g. when someone leaves the seat.

    Refuses an end before the start, and moving the end later into a period in which the
    seat (or its substitute place) is held by someone else.
    """
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("person", "seat")
        .get(pk=membership_id)
    )
    if end < membership.start:
        raise ValidationError({"end": _("A membership cannot end before it starts.")})
    if membership.end == end:
        return membership
    if membership.seat is not None and (membership.end is not None and end > membership.end):
        same_kind = membership.seat.memberships.exclude(pk=membership.pk)
        same_kind = (
            same_kind.filter(role=MembershipRole.SUBSTITUTE)
            if membership.role == MembershipRole.SUBSTITUTE
            else same_kind.exclude(role=MembershipRole.SUBSTITUTE)
        )
        holder = _overlaps(same_kind, membership.start, end).select_related("person").first()
        if holder is not None:
            raise ValidationError(
                {
                    "end": _("%(name)s holds the seat from %(start)s.")
                    % {"name": holder.person.name, "start": _date(holder.start)}
                }
            )
    membership.end = end
    membership.end_reminded_at = None
    save_as(membership, actor=actor, update_fields=["end", "end_reminded_at"])
    return membership


@transaction.atomic
def person_user_link(*, actor: Any, person_id: int, user: Any | None) -> Person:
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
        person.user = user
        save_as(person, actor=actor, update_fields=["user"])
    return person


@transaction.atomic
def person_account_invite(
    *, actor: Any, person_id: int, domain: str, use_https: bool, language: str
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


@transaction.atomic
def membership_appoint(
    *,
    actor: Any,
    seat: Seat,
    person: Person,
    start: dt.date,
    end: dt.date | None = None,
    as_substitute: bool = False,
    municipality: Municipality | None = None,
    decided_on: dt.date | None = None,
    decision_reference: str = "",
    decision_url: str = "",
    confirm_not_politician: bool = False,
) -> Membership:
    """Appoint a person to a seat for a period, recording who appointed and where decided.

    Refuses, with a message saying why: an end before the start; a seat (or its substitute
    place) already held during any part of the period; the same person twice on the same
    seat at once. A politician-only seat for someone not registered as an elected
    politician is refused with the code ``NOT_ELECTED_POLITICIAN`` unless
    ``confirm_not_politician`` says the secretariat has seen the warning and goes on.
    """
    # Lock only the seat row: PostgreSQL cannot lock the nullable side of the outer join.
    seat = (
        Seat.objects.select_for_update(of=("self",))
        .select_related("body", "appointing_body")
        .get(pk=seat.pk)
    )
    if end is not None and end < start:
        raise ValidationError({"end": _("A membership cannot end before it starts.")})
    if not seat.is_active:
        raise ValidationError(_("The seat has been abolished."))
    if as_substitute and not seat.has_personal_substitute:
        raise ValidationError(_("This seat has no personal substitute."))
    if (
        seat.requires_elected_politician
        and not as_substitute
        and not person.is_elected_politician
        and not confirm_not_politician
    ):
        raise ValidationError(
            _("%(name)s is not registered as an elected politician, which this seat requires.")
            % {"name": person.name},
            code=NOT_ELECTED_POLITICIAN,
        )
    role = MembershipRole.SUBSTITUTE if as_substitute else seat.role
    same_kind = (
        seat.memberships.filter(role=MembershipRole.SUBSTITUTE)
        if as_substitute
        else seat.memberships.exclude(role=MembershipRole.SUBSTITUTE)
    )
    if _overlaps(seat.memberships.filter(person=person), start, end).exists():
        raise ValidationError(
            _("%(name)s already holds this seat during that period.") % {"name": person.name}
        )
    holder = _overlaps(same_kind, start, end).select_related("person").first()
    if holder is not None:
        raise ValidationError(
            _(
                "The seat is held by %(name)s from %(start)s%(until)s; all seats of this kind "
                "are taken for that period."
            )
            % {
                "name": holder.person.name,
                "start": holder.start.strftime("%d-%m-%Y"),
                "until": _(" to %(end)s") % {"end": holder.end.strftime("%d-%m-%Y")}
                if holder.end
                else "",
            }
        )
    membership = Membership(
        person=person,
        body=seat.body,
        role=role,
        start=start,
        end=end,
        seat=seat,
        on_behalf_of=seat.nominating_organisation,
        municipality=municipality,
    )
    membership.full_clean()
    save_as(membership, actor=actor)
    appointment = Appointment(
        appointing_body=seat.appointing_body,
        membership=membership,
        decided_on=decided_on,
        decision_reference=decision_reference,
        decision_url=decision_url,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    save_as(appointment, actor=actor)
    Seat.objects.filter(pk=seat.pk).update(vacancy_notified_at=None)
    return membership


def nomination_propose(
    *,
    actor: Any,
    seat: Seat,
    candidate_name: str,
    candidate_title: str = "",
    candidate_email: str = "",
    candidate_is_elected_politician: bool = False,
    on_behalf_of_municipality: Municipality | None = None,
    motivation: str = "",
) -> Nomination:
    """Propose a candidate for a seat. The same name cannot be pending or accepted twice.

    A municipality's contact person proposes on behalf of one of their municipalities that
    the seat is open to (``accounts.rules.nomination_municipality_ids``); whoever decides
    for the seat may propose on behalf of any. ``actor=None`` is the system (demo, imports).
    """
    from accounts import rules

    if actor is not None:
        allowed = rules.nomination_municipality_ids(actor, seat)
        if allowed is not None and (
            on_behalf_of_municipality is None or on_behalf_of_municipality.pk not in allowed
        ):
            raise ValidationError(
                {"municipality": _("Your municipality does not propose candidates for this seat.")}
            )
    name = " ".join(candidate_name.split())
    if not name:
        raise ValidationError({"candidate_name": _("Write the candidate's name.")})
    duplicate = Nomination.objects.filter(
        seat=seat, candidate_name__iexact=name, status__in=["proposed", "accepted"]
    ).first()
    if duplicate is not None:
        raise ValidationError(
            {
                "candidate_name": _(
                    "%(name)s has already been proposed for this seat (%(status)s)."
                )
                % {"name": name, "status": duplicate.get_status_display().lower()}
            }
        )
    nomination = Nomination(
        seat=seat,
        candidate_name=name,
        candidate_title=candidate_title.strip(),
        candidate_email=candidate_email.strip(),
        candidate_is_elected_politician=candidate_is_elected_politician,
        on_behalf_of_municipality=on_behalf_of_municipality,
        motivation=motivation.strip(),
        proposed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():
            save_as(nomination, actor=actor)
    except IntegrityError:  # a concurrent proposal of the same name won the race
        raise ValidationError(
            {
                "candidate_name": _("%(name)s has already been proposed for this seat.")
                % {"name": name}
            }
        ) from None
    return nomination


@transaction.atomic
def nomination_accept(
    *,
    actor: Any,
    nomination_id: int,
    start: dt.date,
    end: dt.date | None = None,
    decided_on: dt.date | None = None,
    decision_reference: str = "",
    confirm_not_politician: bool = False,
) -> Membership:
    """Accept a proposed candidate: the person (found by name, or created), the membership
    and the appointment are created together, and both secretariats are told."""
    nomination = Nomination.objects.select_for_update().select_related("seat").get(pk=nomination_id)
    if nomination.status != Nomination.Status.PROPOSED:
        raise ValidationError(_("The proposal has already been decided."))
    slug = slugify(
        nomination.candidate_name.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    )
    person = Person.objects.filter(slug=slug).first()
    if person is None:
        person = Person(
            name=nomination.candidate_name,
            slug=slug,
            title=nomination.candidate_title,
            email=nomination.candidate_email,
            municipality=nomination.on_behalf_of_municipality,
            is_elected_politician=nomination.candidate_is_elected_politician,
        )
        save_as(person, actor=actor)
    elif nomination.candidate_is_elected_politician and not person.is_elected_politician:
        person.is_elected_politician = True
        save_as(person, actor=actor, update_fields=["is_elected_politician"])
    membership = membership_appoint(
        actor=actor,
        seat=nomination.seat,
        person=person,
        start=start,
        end=end,
        municipality=nomination.on_behalf_of_municipality,
        decided_on=decided_on,
        decision_reference=decision_reference,
        confirm_not_politician=confirm_not_politician,
    )
    nomination.status = Nomination.Status.ACCEPTED
    nomination.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    nomination.decided_at = timezone.now()
    nomination.membership = membership
    save_as(
        nomination, actor=actor, update_fields=["status", "decided_by", "decided_at", "membership"]
    )

    from councils.tasks import send_appointment_notice

    send_appointment_notice.delay_on_commit(membership_id=membership.pk)
    return membership


@transaction.atomic
def nomination_decline(*, actor: Any, nomination_id: int, reason: str) -> Nomination:
    nomination = Nomination.objects.select_for_update().get(pk=nomination_id)
    if nomination.status != Nomination.Status.PROPOSED:
        raise ValidationError(_("The proposal has already been decided."))
    if not reason.strip():
        raise ValidationError({"decline_reason": _("Say why the proposal is declined.")})
    nomination.status = Nomination.Status.DECLINED
    nomination.decline_reason = reason.strip()
    nomination.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    nomination.decided_at = timezone.now()
    save_as(
        nomination,
        actor=actor,
        update_fields=["status", "decline_reason", "decided_by", "decided_at"],
    )
    return nomination


def _secretariat_recipients(*bodies: Body | None) -> list[tuple[str, Body]]:
    """Each address of the bodies' secretariats once, with the body whose secretariat it
    belongs to: if the e-mail fails, that secretariat sees it among the body's e-mails."""
    recipients: dict[str, Body] = {}
    for body in bodies:
        if body is not None:
            for address in secretariat_emails(body):
                recipients.setdefault(address, body)
    return sorted(recipients.items(), key=lambda item: item[0])


def appointment_notice_send(*, membership_id: int) -> int:
    """Tell the appointing and the receiving body's secretariats about a new appointment.

    The appointment is marked as notified and the e-mails recorded in the outbox in one
    transaction (one e-mail per address, unique key), so a retried task sends nothing twice
    and a failed send is retried and shown to the secretariat. Returns the e-mails recorded.
    """
    with transaction.atomic():
        membership = (
            Membership.objects.select_related("person", "body", "seat__appointing_body")
            .filter(pk=membership_id)
            .first()
        )
        if membership is None:
            return 0
        if not Appointment.objects.filter(membership=membership, notified_at__isnull=True).update(
            notified_at=timezone.now()
        ):
            return 0
        appointing = membership.seat.appointing_body if membership.seat else None
        subject = _("Appointed: %(name)s to %(body)s") % {
            "name": membership.person.name,
            "body": membership.body.name,
        }
        text = _("%(name)s has been appointed to %(body)s (%(seat)s) from %(start)s.") % {
            "name": membership.person.name,
            "body": membership.body.name,
            "seat": membership.seat.label if membership.seat else "",
            "start": membership.start.strftime("%d-%m-%Y"),
        }
        recorded = 0
        for address, body in _secretariat_recipients(membership.body, appointing):
            recorded += email_enqueue(
                key=f"appointment-notice:{membership.pk}:{address}",
                to=address,
                subject=subject,
                text=text,
                body_id=body.pk,
            )
    return recorded


REMIND_DAYS_BEFORE_END = 60


def term_reminders_send(*, today: dt.date | None = None) -> int:
    """Tell secretariats, once each, of memberships ending within 60 days and of seats that
    have become vacant. Each membership and seat is claimed with a conditional update and its
    e-mails recorded in the outbox in the same transaction (unique key per address), so a
    retried or doubled task sends nothing twice and a failed send is retried and shown to
    the secretariat. Returns the number of memberships and seats told about."""
    today = today or timezone.localdate()
    sent = 0
    ending = Membership.objects.filter(
        end__gte=today,
        end__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE_END),
        end_reminded_at__isnull=True,
    ).select_related("person", "body", "seat__appointing_body")
    for membership in ending:
        with transaction.atomic():
            if not Membership.objects.filter(pk=membership.pk, end_reminded_at__isnull=True).update(
                end_reminded_at=timezone.now()
            ):
                continue
            appointing = membership.seat.appointing_body if membership.seat else None
            recipients = _secretariat_recipients(membership.body, appointing)
            values = {
                "name": membership.person.name,
                "body": membership.body.name,
                "date": membership.end.strftime("%d-%m-%Y"),
            }
            for address, body in recipients:
                email_enqueue(
                    key=f"term-ending:{membership.pk}:{membership.end:%Y-%m-%d}:{address}",
                    to=address,
                    subject=_("Term ending: %(name)s in %(body)s on %(date)s") % values,
                    text=_(
                        "The membership of %(name)s in %(body)s ends on %(date)s. Appoint a "
                        "successor or extend the membership on the KKR portal."
                    )
                    % values,
                    body_id=body.pk,
                )
            if recipients:
                sent += 1
    held_today = _overlaps(Membership.objects.exclude(role=MembershipRole.SUBSTITUTE), today, today)
    vacant = (
        Seat.objects.filter(is_active=True, vacancy_notified_at__isnull=True)
        .exclude(pk__in=held_today.filter(seat__isnull=False).values("seat_id"))
        .select_related("body", "appointing_body")
    )
    for seat in vacant:
        with transaction.atomic():
            if not Seat.objects.filter(pk=seat.pk, vacancy_notified_at__isnull=True).update(
                vacancy_notified_at=timezone.now()
            ):
                continue
            recipients = _secretariat_recipients(seat.body, seat.appointing_body)
            for address, body in recipients:
                email_enqueue(
                    key=f"seat-vacant:{seat.pk}:{today:%Y-%m-%d}:{address}",
                    to=address,
                    subject=_("Vacant seat in %(body)s") % {"body": seat.body.name},
                    text=_(
                        "The seat “%(seat)s” in %(body)s has no holder. Appoint someone on "
                        "the KKR portal."
                    )
                    % {"seat": seat.label, "body": seat.body.name},
                    body_id=body.pk,
                )
            if recipients:
                sent += 1
    return sent
