"""Reads for agreements, through ``agreements.access``; and the one rule for a goal's status.

A goal's status is computed from its indicators (``goal_status``), by the rule the page
shows in words (``STATUS_RULE``): an indicator with a target and at least one measurement
is *met* when its latest measurement meets the target in the indicator's direction (at
least / at most / exactly), *nearly met* when it misses by no more than 10 % of the target
value, and *missed* otherwise. A goal is off track when any counted indicator is missed, at
risk when any is nearly met, on track when all are met, and has no data when none of its
indicators can be counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from agreements import selectors_plans, selectors_versions, services
from agreements.access import (
    AgreementAccess,
    agreement_access,
    documents_visible,
    may_follow_up,
    may_see_history,
)
from agreements.chart import Chart, indicator_chart
from agreements.models import (
    Agreement,
    FollowUpNarrative,
    FollowUpRound,
    Goal,
    Indicator,
    Measurement,
)

MAX_ID = 2**31 - 1
TOLERANCE = Decimal("0.10")


class GoalStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    NO_DATA = "no_data", _("No data")


STATUS_RULE = _(
    # The "10 %" is not a format directive; without this xgettext flags it python-format.
    # xgettext:no-python-format
    "How the status is computed: for each indicator with a target, its latest measurement is "
    "compared with the target (at least, at most or exactly the target value). A goal is on "
    "track when every such indicator meets its target, at risk when one misses it by no more "
    "than 10 % of the target value, and off track when one misses it by more. Indicators "
    "without a target or without measurements are not counted; a goal with no indicator to "
    "count has no data."
)


def indicator_status(indicator: Indicator, latest: Measurement | None) -> GoalStatus:
    """The status of one indicator from its latest measurement (the rule above)."""
    target = indicator.target_value
    if target is None or latest is None:
        return GoalStatus.NO_DATA
    value = latest.value
    direction = indicator.direction
    if direction == Indicator.Direction.AT_LEAST:
        shortfall = target - value
    elif direction == Indicator.Direction.AT_MOST:
        shortfall = value - target
    else:
        shortfall = abs(value - target)
    if shortfall <= 0:
        return GoalStatus.ON_TRACK
    if shortfall <= abs(target) * TOLERANCE:
        return GoalStatus.AT_RISK
    return GoalStatus.OFF_TRACK


def combined_status(statuses: list[GoalStatus]) -> GoalStatus:
    """A goal's status from its indicators' statuses (the rule above)."""
    counted = [s for s in statuses if s != GoalStatus.NO_DATA]
    if not counted:
        return GoalStatus.NO_DATA
    for worst in (GoalStatus.OFF_TRACK, GoalStatus.AT_RISK):
        if worst in counted:
            return worst
    return GoalStatus.ON_TRACK


@dataclass(frozen=True)
class IndicatorView:
    indicator: Indicator
    measurements: list[Measurement]
    status: GoalStatus
    chart: Chart | None

    @property
    def latest(self) -> Measurement | None:
        return self.measurements[-1] if self.measurements else None


@dataclass(frozen=True)
class GoalView:
    goal: Goal
    indicators: list[IndicatorView]
    status: GoalStatus
    # The status and narrative of the latest follow-up round that has any for the goal.
    narratives: list[FollowUpNarrative] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(self.status.label)


def _indicator_view(indicator: Indicator) -> IndicatorView:
    measurements = list(indicator.measurements.all())  # prefetched, in order
    latest = measurements[-1] if measurements else None
    return IndicatorView(
        indicator=indicator,
        measurements=measurements,
        status=indicator_status(indicator, latest),
        chart=indicator_chart(indicator, measurements),
    )


def goal_status(goal: Goal) -> GoalStatus:
    """The status of one goal (queries its indicators and measurements unless prefetched)."""
    return combined_status([_indicator_view(i).status for i in goal.indicators.all()])


def agreement_goals(*, agreement: Agreement) -> list[GoalView]:
    """The goals with their indicators, measurements (oldest first), statuses, charts and
    the latest follow-up round's narratives: four queries however many there are."""
    goals = agreement.goals.prefetch_related(
        Prefetch(
            "follow_up_narratives",
            queryset=FollowUpNarrative.objects.select_related(
                "round", "municipality", "organisation"
            ).order_by("-round__year", "-round_id", "pk"),
        ),
        Prefetch(
            "indicators",
            queryset=Indicator.objects.prefetch_related(
                Prefetch(
                    "measurements",
                    queryset=Measurement.objects.select_related("reported_by"),
                )
            ),
        ),
    )
    views = []
    for goal in goals:
        indicators = [_indicator_view(i) for i in goal.indicators.all()]
        views.append(
            GoalView(
                goal=goal,
                indicators=indicators,
                status=combined_status([i.status for i in indicators]),
                narratives=latest_narratives(goal),
            )
        )
    return views


def latest_narratives(goal: Goal) -> list[FollowUpNarrative]:
    """The narratives of a goal from the latest round that has any (prefetched newest round
    first by ``agreement_goals``)."""
    narratives = list(goal.follow_up_narratives.all())
    if not narratives:
        return []
    latest = narratives[0].round_id
    return [n for n in narratives if n.round_id == latest]


def follow_up_rounds(*, agreement: Agreement, access: AgreementAccess) -> list[FollowUpRound]:
    """The agreement's follow-up rounds, newest first, for whoever follows it up (nobody
    else: the answers are the secretariat's until accepted)."""
    if not may_follow_up(access):
        return []
    return list(agreement.follow_up_rounds.select_related("request"))


def agreement_get_for_user(*, user: Any, pk: int) -> tuple[Agreement, AgreementAccess]:
    """The agreement and the user's access to it; 404 when the user may not see it (a draft
    or an internal agreement is not even admitted to exist)."""
    agreement = (
        Agreement.objects.select_related("body", "kind", "parent", "predecessor")
        .filter(pk=pk)
        .first()
        if 0 < pk <= MAX_ID
        else None
    )
    if agreement is None:
        raise Http404
    access = agreement_access(user, agreement)
    if not access.may_view:
        raise Http404
    return agreement, access


def agreement_list(*, user: Any) -> QuerySet[Agreement]:
    """The agreements the user may see, newest period first (filtered by
    ``agreements.filters.AgreementFilter``)."""
    return Agreement.objects.visible_to(user).select_related("body", "kind")


def agreement_page(*, user: Any, agreement: Agreement, access: AgreementAccess) -> dict[str, Any]:
    """Everything the agreement page shows, each part through the access rules: a fixed
    number of queries however many goals, indicators and measurements there are."""
    visible = Agreement.objects.visible_to(user)
    parent, predecessor = agreement.parent, agreement.predecessor  # loaded with the agreement
    if parent is not None and not agreement_access(user, parent).may_view:
        parent = None
    if predecessor is not None and not agreement_access(user, predecessor).may_view:
        predecessor = None
    successors = list(visible.filter(predecessor=agreement))
    # Renewed already? Asked of all agreements, also a draft renewal others cannot see.
    has_successor = access.may_edit and agreement.successors.exists()
    return {
        "may_put_in_force": access.may_edit and services.may_come_into_force(agreement),
        "may_terminate": access.may_edit and services.may_be_terminated(agreement),
        "may_renew": access.may_edit
        and services.may_be_renewed(agreement, has_successor=has_successor),
        "parent": parent,
        "predecessor": predecessor,
        "children": list(visible.filter(parent=agreement).select_related("body")),
        "successors": successors,
        "parties": list(agreement.parties.select_related("organisation", "body", "municipality")),
        "economy_lines": list(agreement.economy_lines.all()),
        "goals": agreement_goals(agreement=agreement),
        "documents": list(documents_visible(access, agreement.documents.all())),
        "status_rule": STATUS_RULE,
        "may_follow_up": may_follow_up(access),
        # Versions (each change after coming into force, with its note) and the history.
        "note_required": access.may_edit and services.needs_change_note(agreement),
        "latest_version": selectors_versions.latest_version(agreement=agreement, access=access),
        "may_see_history": may_see_history(access),
        "follow_up_rounds": follow_up_rounds(agreement=agreement, access=access),
        **selectors_plans.agreement_plan_page(user=user, agreement=agreement),
    }


def document_get_for_user(*, user: Any, pk: int, document_id: int) -> Any:
    """A document the user may download, or 404."""
    agreement, access = agreement_get_for_user(user=user, pk=pk)
    document = (
        agreement.documents.filter(pk=document_id).first() if 0 < document_id <= MAX_ID else None
    )
    if document is None or not access.sees_document(document):
        raise Http404
    return document
