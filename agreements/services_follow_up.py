"""Writes for follow-up rounds and the agreements' reminders. As ``agreements.services``:
keyword arguments, the ``actor``, one transaction, ``save_as`` for the history; who may call
them is checked by the views through ``agreements.access``.

A follow-up round asks the agreement's counterparts for its indicators' values and a status
and narrative per goal for a period. The municipality parties are asked through a request
for input (``consultations``: one number question per indicator, one long-text question per
goal), sent on behalf of the responsible body; the request's own reminder plan reminds them
before its deadline. An organisation party cannot answer a request yet (decision 0023), so
the secretariat enters its figures on the round page. The secretariat accepts the figures:
each becomes a measurement through ``services.measurement_record`` (its refusals apply),
reported by the contact person who submitted it at the time of submission. A figure is
accepted once per round, indicator and counterpart (a unique constraint), so accepting
twice records nothing twice.

The reminders (a daily job, ``agreements.tasks``) go through the outbox with a key per
event and address, so a job run twice sends nothing twice: an evaluation due in 14 days
and on the day, and an agreement in force that ends within 90 days without a renewal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from accounts import rules
from accounts.models import User
from agreements import services
from agreements.models import (
    Agreement,
    Evaluation,
    FollowUpFigure,
    FollowUpNarrative,
    FollowUpQuestion,
    FollowUpRound,
    Goal,
    Indicator,
)
from consultations import services as consultation_services
from consultations.models import Answer, Question, Response
from core.history import save_as
from core.html import sanitize_html
from core.outbox import email_enqueue

# Units read as a share in per cent: their question takes 0-100.
PER_CENT_UNITS = {"%", "pct", "pct.", "procent", "per cent", "percent", "procentpoint"}
EVALUATION_REMINDER_DAYS = (14, 0)
EXPIRY_NOTICE_DAYS = 90


def _is_user(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def _number_text(value: Decimal) -> str:
    normal = value.normalize()
    return format(normal, "f") if normal == normal.to_integral() else str(normal)


def indicator_question_text(indicator: Indicator, goal: Goal) -> str:
    """The question's text names the goal and the indicator."""
    return f"{goal.title} – {indicator.name}"[:500]


def _indicator_help(indicator: Indicator, period_label: str) -> str:
    parts = [_("The value for %(period)s.") % {"period": period_label}]
    if indicator.target_value is not None:
        parts.append(
            _("Target: %(direction)s %(value)s %(unit)s in %(year)s.")
            % {
                "direction": str(Indicator.Direction(indicator.direction).label).lower(),
                "value": _number_text(indicator.target_value),
                "unit": indicator.unit,
                "year": indicator.target_year or "–",
            }
        )
    if indicator.source:
        parts.append(_("Source: %(source)s.") % {"source": indicator.source})
    return " ".join(parts)


def _indicator_range(indicator: Indicator) -> tuple[Decimal | None, Decimal | None]:
    """A sensible range for the number question: 0-100 for a share in per cent, else none
    (a count or an amount has no natural upper bound, and a change may be negative)."""
    if indicator.unit.strip().lower() in PER_CENT_UNITS:
        return Decimal("0"), Decimal("100")
    return None, None


@transaction.atomic
def follow_up_round_open(
    *,
    actor: Any,
    agreement_id: int,
    period_label: str,
    year: int,
    deadline: dt.datetime,
    measured_on: dt.date | None = None,
    send: bool = True,
) -> FollowUpRound:
    """Open a follow-up round for a period: a request for input on behalf of the agreement's
    responsible body to its municipality parties, with one number question per indicator
    (naming the goal and the indicator, its unit, 0-100 for a per-cent unit) and one
    long-text question per goal ("status and narrative"); sent now when ``send`` (the
    request's refusals apply: a recipient without a contact person, a deadline passed).
    Without municipality parties there is no request: the secretariat enters the figures.
    Refused: a draft agreement, a year outside the period, an agreement without indicators
    or without a municipality or organisation party."""
    agreement = Agreement.objects.select_for_update().select_related("body").get(pk=agreement_id)
    period_label = " ".join((period_label or "").split())
    if not period_label:
        raise ValidationError({"period_label": _("Name the period, e.g. 2023.")})
    if agreement.status == Agreement.Status.DRAFT:
        raise ValidationError(_("A draft is not followed up; put the agreement in force first."))
    services.check_year_in_period(agreement, year)
    if measured_on is not None and measured_on.year != year:
        raise ValidationError(
            {"measured_on": _("The date must lie in the year %(year)s.") % {"year": year}}
        )
    goals = list(agreement.goals.prefetch_related("indicators"))
    if not any(goal.indicators.all() for goal in goals):
        raise ValidationError(_("The agreement has no indicators to follow up. Add them first."))
    parties = list(agreement.parties.select_related("municipality", "organisation"))
    municipalities = [p.municipality for p in parties if p.municipality_id is not None]
    if not municipalities and not any(p.organisation_id for p in parties):
        raise ValidationError(
            _(
                "The agreement has no municipality or organisation party to report the "
                "figures. Add the parties first."
            )
        )
    request = None
    if municipalities:
        introduction = _(
            "Report the values of the agreement's indicators for %(period)s and the status "
            "of each goal. Leave a value empty when it is not known."
        ) % {"period": period_label}
        request = consultation_services.request_create(
            actor=actor,
            body=agreement.body,
            title=_("Follow-up %(period)s: %(title)s")
            % {"period": period_label, "title": agreement.title},
            introduction=format_html("<p>{}</p>", introduction),
            deadline=deadline,
            municipalities=municipalities,
        )
    follow_up = FollowUpRound(
        agreement=agreement,
        request=request,
        period_label=period_label,
        year=year,
        measured_on=measured_on,
        created_by=actor if _is_user(actor) else None,
    )
    save_as(follow_up, actor=actor)
    if request is not None:
        for goal in goals:
            for indicator in goal.indicators.all():
                low, high = _indicator_range(indicator)
                question = consultation_services.question_add(
                    actor=actor,
                    request=request,
                    kind=Question.Kind.NUMBER,
                    text=indicator_question_text(indicator, goal),
                    help_text=_indicator_help(indicator, period_label),
                    unit=indicator.unit[:40],
                    min_value=low,
                    max_value=high,
                )
                FollowUpQuestion.objects.create(
                    round=follow_up, question=question, indicator=indicator
                )
            question = consultation_services.question_add(
                actor=actor,
                request=request,
                kind=Question.Kind.LONG_TEXT,
                text=(_("%(goal)s: status and narrative") % {"goal": goal.title})[:500],
                help_text=_("How the work on the goal went in %(period)s, in a few lines.")
                % {"period": period_label},
            )
            FollowUpQuestion.objects.create(round=follow_up, question=question, goal=goal)
        if send:
            follow_up.request = consultation_services.request_send(
                actor=actor, request_id=request.pk
            )
    return follow_up


def _as_decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@transaction.atomic
def follow_up_accept(
    *,
    actor: Any,
    round_id: int,
    indicator_ids: Iterable[int] | None = None,
) -> int:
    """Accept the submitted answers of a round (all indicators, or those in
    ``indicator_ids``): each figure becomes a measurement for the round's year, reported by
    the contact person who submitted it at the time of submission, noted with the round and
    the municipality; the narratives of the goals concerned are stored. A figure or
    narrative accepted before is skipped (idempotent). Refused as the measurement service
    refuses (a year outside the agreement's period: nothing is stored). Returns how many
    measurements were made."""
    follow_up = FollowUpRound.objects.select_for_update().get(pk=round_id)
    if follow_up.request_id is None:
        return 0
    wanted = None if indicator_ids is None else {int(i) for i in indicator_ids}
    mappings = list(
        follow_up.questions.select_related("question", "indicator", "goal").order_by(
            "question__position"
        )
    )
    responses = list(
        Response.objects.filter(
            recipient__request_id=follow_up.request_id, status=Response.Status.SUBMITTED
        ).select_related("recipient__municipality", "submitted_by")
    )
    values = {
        (answer.response_id, answer.question_id): answer.value
        for answer in Answer.objects.filter(
            response__in=responses, question_id__in=[m.question_id for m in mappings]
        )
    }
    accepted = set(
        FollowUpFigure.objects.filter(round=follow_up).values_list(
            "indicator_id", "municipality_id"
        )
    )
    told = set(
        FollowUpNarrative.objects.filter(round=follow_up).values_list("goal_id", "municipality_id")
    )
    goals_concerned = (
        None
        if wanted is None
        else {m.indicator.goal_id for m in mappings if m.indicator and m.indicator_id in wanted}
    )
    made = 0
    for response in responses:
        municipality = response.recipient.municipality
        # A follow-up round asks the municipality parties only (a recipient may also be an
        # organisation since consultations' decision 0023).
        assert municipality is not None
        for mapping in mappings:
            value = values.get((response.pk, mapping.question_id))
            if mapping.indicator_id is not None:
                if wanted is not None and mapping.indicator_id not in wanted:
                    continue
                if (mapping.indicator_id, municipality.pk) in accepted:
                    continue
                number = _as_decimal(value)
                if number is None:
                    continue
                measurement = services.measurement_record(
                    actor=actor,
                    indicator_id=mapping.indicator_id,
                    year=follow_up.year,
                    measured_on=follow_up.measured_on,
                    value=number,
                    note=_("Follow-up round %(period)s, %(municipality)s")
                    % {"period": follow_up.period_label, "municipality": municipality.name},
                    reported_by=response.submitted_by,
                    reported_at=response.submitted_at,
                )
                save_as(
                    FollowUpFigure(
                        round=follow_up,
                        indicator_id=mapping.indicator_id,
                        municipality=municipality,
                        measurement=measurement,
                        accepted_by=actor if _is_user(actor) else None,
                    ),
                    actor=actor,
                )
                made += 1
            elif mapping.goal_id is not None:
                if goals_concerned is not None and mapping.goal_id not in goals_concerned:
                    continue
                if (mapping.goal_id, municipality.pk) in told:
                    continue
                text = sanitize_html(str(value or ""), top_heading=4)
                if not text:
                    continue
                save_as(
                    FollowUpNarrative(
                        round=follow_up,
                        goal_id=mapping.goal_id,
                        municipality=municipality,
                        text=text,
                        accepted_by=actor if _is_user(actor) else None,
                    ),
                    actor=actor,
                )
    return made


@transaction.atomic
def follow_up_enter_for_organisation(
    *,
    actor: Any,
    round_id: int,
    organisation_id: int,
    values: Mapping[int, Decimal | None],
    narratives: Mapping[int, str] | None = None,
) -> int:
    """The secretariat enters and accepts an organisation party's figures (indicator id ->
    value) and narratives (goal id -> text) for a round on its behalf: an organisation
    cannot answer a request for input yet (decision 0023). Each becomes a measurement
    reported by the secretariat user now, noted as entered for the organisation. A figure
    already accepted for the organisation in this round is kept, not doubled. Refused: an
    organisation that is not a party, a year outside the period. Returns how many
    measurements were made."""
    follow_up = (
        FollowUpRound.objects.select_for_update().select_related("agreement").get(pk=round_id)
    )
    party = (
        follow_up.agreement.parties.filter(organisation_id=organisation_id)
        .select_related("organisation")
        .first()
    )
    if party is None or party.organisation is None:
        raise ValidationError(_("Only an organisation that is a party reports in the round."))
    organisation = party.organisation
    indicators = {
        i.pk: i for i in Indicator.objects.filter(goal__agreement_id=follow_up.agreement_id)
    }
    goal_ids = set(
        Goal.objects.filter(agreement_id=follow_up.agreement_id).values_list("pk", flat=True)
    )
    accepted = set(
        FollowUpFigure.objects.filter(round=follow_up, organisation=organisation).values_list(
            "indicator_id", flat=True
        )
    )
    made = 0
    for indicator_id, value in values.items():
        if value is None or indicator_id not in indicators or indicator_id in accepted:
            continue
        measurement = services.measurement_record(
            actor=actor,
            indicator_id=indicator_id,
            year=follow_up.year,
            measured_on=follow_up.measured_on,
            value=value,
            note=_("Follow-up round %(period)s, %(organisation)s (entered by the secretariat)")
            % {"period": follow_up.period_label, "organisation": organisation.name},
        )
        save_as(
            FollowUpFigure(
                round=follow_up,
                indicator_id=indicator_id,
                organisation=organisation,
                measurement=measurement,
                accepted_by=actor if _is_user(actor) else None,
            ),
            actor=actor,
        )
        made += 1
    told = set(
        FollowUpNarrative.objects.filter(round=follow_up, organisation=organisation).values_list(
            "goal_id", flat=True
        )
    )
    for goal_id, text in (narratives or {}).items():
        cleaned = sanitize_html(text or "", top_heading=4)
        if not cleaned or goal_id not in goal_ids or goal_id in told:
            continue
        save_as(
            FollowUpNarrative(
                round=follow_up,
                goal_id=goal_id,
                organisation=organisation,
                text=cleaned,
                accepted_by=actor if _is_user(actor) else None,
            ),
            actor=actor,
        )
    return made


@transaction.atomic
def follow_up_round_close(*, actor: Any, round_id: int) -> FollowUpRound:
    """Close a round: nothing more is accepted from it, and its request (if sent and not
    closed) takes no more answers."""
    follow_up = (
        FollowUpRound.objects.select_for_update(of=("self",))
        .select_related("request")
        .get(pk=round_id)
    )
    if follow_up.status == FollowUpRound.Status.CLOSED:
        return follow_up
    follow_up.status = FollowUpRound.Status.CLOSED
    save_as(follow_up, actor=actor, update_fields=["status"])
    request = follow_up.request
    if request is not None and request.status == request.Status.SENT:
        consultation_services.request_close(actor=actor, request_id=request.pk)
    return follow_up


# --- Reminders -------------------------------------------------------------------------------


def _secretariat_addresses(body_id: int) -> list[str]:
    return sorted(
        set(
            User.objects.filter(rules.secretariat_users_q([body_id]))
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


def _link(path: str) -> str:
    return settings.SITE_URL + path


def _date(value: dt.date) -> str:
    return date_format(value, "DATE_FORMAT")


def reminders_send(*, today: dt.date | None = None) -> int:
    """Tell the responsible body's secretariat of (1) an evaluation not yet done that is due
    in 14 days or today, and (2) an agreement in force that ends within 90 days with no
    renewal drafted or in force (once per agreement and end date). A follow-up round's
    deadline is reminded by its request's own reminder plan (``consultations``). Through
    the outbox, with keys naming the event, the date and the address: a job run twice
    sends nothing twice. Returns how many e-mails were recorded now."""
    today = today or timezone.localdate()
    sent = 0
    due_dates = [today + dt.timedelta(days=d) for d in EVALUATION_REMINDER_DAYS]
    evaluations = (
        Evaluation.objects.filter(done_on__isnull=True, due_on__in=due_dates)
        .exclude(agreement__status__in=[Agreement.Status.TERMINATED, Agreement.Status.REPLACED])
        .select_related("agreement__body")
    )
    for evaluation in evaluations:
        agreement = evaluation.agreement
        days = (evaluation.due_on - today).days
        values = {
            "title": evaluation.title,
            "agreement": agreement.title,
            "date": _date(evaluation.due_on),
            "link": _link(agreement.get_absolute_url()),
        }
        subject = (
            _("Evaluation due today: %(title)s") % values
            if days == 0
            else _("Evaluation due in %(days)d days: %(title)s") % {**values, "days": days}
        )
        with transaction.atomic():
            for address in _secretariat_addresses(agreement.body_id):
                sent += email_enqueue(
                    key=f"agr-evaluation:{evaluation.pk}:{evaluation.due_on.isoformat()}:{days}:{address}",
                    to=address,
                    subject=subject,
                    text=_(
                        "The evaluation “%(title)s” of “%(agreement)s” is due by %(date)s.\n"
                        "Record its conclusion and document on the agreement's page:\n%(link)s\n"
                    )
                    % values,
                    body_id=agreement.body_id,
                )
    horizon = today + dt.timedelta(days=EXPIRY_NOTICE_DAYS)
    expiring = (
        Agreement.objects.filter(status=Agreement.Status.IN_FORCE, end__gte=today, end__lte=horizon)
        .exclude(successors__status__in=[Agreement.Status.DRAFT, Agreement.Status.IN_FORCE])
        .select_related("body")
        .distinct()
    )
    for agreement in expiring:
        assert agreement.end is not None  # filtered above
        values = {
            "title": agreement.title,
            "date": _date(agreement.end),
            "link": _link(reverse("agreements:agreement_renew", args=[agreement.pk])),
        }
        with transaction.atomic():
            for address in _secretariat_addresses(agreement.body_id):
                sent += email_enqueue(
                    key=f"agr-expiring:{agreement.pk}:{agreement.end.isoformat()}:{address}",
                    to=address,
                    subject=_("Agreement ends %(date)s without a renewal: %(title)s") % values,
                    text=_(
                        "“%(title)s” ends on %(date)s, and no renewal has been drafted. "
                        "Renew it, or let it expire:\n%(link)s\n"
                    )
                    % values,
                    body_id=agreement.body_id,
                )
    return sent
