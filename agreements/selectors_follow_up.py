"""Reads for follow-up rounds, through ``agreements.access`` (the round and its answers are
the secretariat's) and ``consultations.selectors`` (the status of each municipality's
answer, as the request's response matrix shows it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from agreements.access import AgreementAccess, may_follow_up
from agreements.models import (
    Agreement,
    FollowUpFigure,
    FollowUpNarrative,
    FollowUpRound,
    Goal,
    Indicator,
)
from agreements.selectors import MAX_ID, agreement_get_for_user
from consultations import selectors as consultation_selectors
from consultations.models import Response


def follow_up_round_get_for_user(
    *, user: Any, pk: int, round_id: int
) -> tuple[Agreement, AgreementAccess, FollowUpRound]:
    """The round of the agreement, for its secretariat: 404 when the user may not see the
    agreement or the round is not of it, 403 when the user may see it but not follow it up."""
    agreement, access = agreement_get_for_user(user=user, pk=pk)
    if not may_follow_up(access):
        raise PermissionDenied
    follow_up = (
        FollowUpRound.objects.select_related("request", "request__body")
        .filter(pk=round_id, agreement=agreement)
        .first()
        if 0 < round_id <= MAX_ID
        else None
    )
    if follow_up is None:
        raise Http404
    return agreement, access, follow_up


@dataclass
class FigureCell:
    """One counterpart's figure for one indicator: submitted (not yet accepted) or accepted."""

    name: str
    submitted: Decimal | None = None
    accepted: FollowUpFigure | None = None

    @property
    def waiting(self) -> bool:
        return self.accepted is None and self.submitted is not None


@dataclass
class IndicatorRow:
    indicator: Indicator
    cells: list[FigureCell] = field(default_factory=list)

    @property
    def waiting(self) -> bool:
        return any(cell.waiting for cell in self.cells)


@dataclass
class NarrativeCell:
    name: str
    submitted: str = ""
    accepted: FollowUpNarrative | None = None


@dataclass
class GoalRows:
    goal: Goal
    indicators: list[IndicatorRow] = field(default_factory=list)
    narratives: list[NarrativeCell] = field(default_factory=list)


@dataclass
class OrganisationEntry:
    """An organisation party: what the secretariat entered for it (figures, narratives)."""

    organisation: Any
    figures: dict[int, FollowUpFigure] = field(default_factory=dict)
    narratives: dict[int, FollowUpNarrative] = field(default_factory=dict)


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def follow_up_round_page(*, follow_up: FollowUpRound) -> dict[str, Any]:
    """The round page: the request's response matrix (status of each municipality's
    answer), and per goal each indicator's target next to every counterpart's submitted and
    accepted figure, and the narratives. A fixed number of queries however many
    indicators and answers there are."""
    agreement = follow_up.agreement
    goals = list(
        Goal.objects.filter(agreement=agreement)
        .prefetch_related("indicators")
        .order_by("position", "pk")
    )
    matrix = (
        consultation_selectors.response_matrix(request=follow_up.request)
        if follow_up.request is not None
        else []
    )
    submitted = [
        row
        for row in matrix
        if row.response is not None and row.response.status == Response.Status.SUBMITTED
    ]
    values: dict[tuple[int, int], Any] = {}
    question_of: dict[tuple[str, int], int] = {}
    if follow_up.request is not None:
        values = consultation_selectors.answer_values(
            response_ids=[row.response.pk for row in submitted if row.response is not None]
        )
        for mapping in follow_up.questions.all():
            if mapping.indicator_id is not None:
                question_of[("indicator", mapping.indicator_id)] = mapping.question_id
            elif mapping.goal_id is not None:
                question_of[("goal", mapping.goal_id)] = mapping.question_id
    figures = list(
        FollowUpFigure.objects.filter(round=follow_up).select_related("measurement", "accepted_by")
    )
    narratives = list(FollowUpNarrative.objects.filter(round=follow_up))
    organisations = [
        party.organisation
        for party in agreement.parties.filter(organisation__isnull=False).select_related(
            "organisation"
        )
        if party.organisation is not None
    ]
    figure_by = {
        (f.indicator_id, f.municipality_id or 0, f.organisation_id or 0): f for f in figures
    }
    narrative_by = {
        (n.goal_id, n.municipality_id or 0, n.organisation_id or 0): n for n in narratives
    }
    rows = []
    for goal in goals:
        goal_rows = GoalRows(goal=goal)
        for indicator in goal.indicators.all():
            row = IndicatorRow(indicator=indicator)
            question_id = question_of.get(("indicator", indicator.pk))
            for matrix_row in submitted:
                assert matrix_row.response is not None
                municipality_id = matrix_row.recipient.municipality_id or 0
                row.cells.append(
                    FigureCell(
                        name=matrix_row.recipient.name,
                        submitted=_decimal(values.get((matrix_row.response.pk, question_id or 0))),
                        accepted=figure_by.get((indicator.pk, municipality_id, 0)),
                    )
                )
            for organisation in organisations:
                row.cells.append(
                    FigureCell(
                        name=organisation.name,
                        accepted=figure_by.get((indicator.pk, 0, organisation.pk)),
                    )
                )
            goal_rows.indicators.append(row)
        question_id = question_of.get(("goal", goal.pk))
        for matrix_row in submitted:
            assert matrix_row.response is not None
            goal_rows.narratives.append(
                NarrativeCell(
                    name=matrix_row.recipient.name,
                    submitted=str(values.get((matrix_row.response.pk, question_id or 0)) or ""),
                    accepted=narrative_by.get(
                        (goal.pk, matrix_row.recipient.municipality_id or 0, 0)
                    ),
                )
            )
        for organisation in organisations:
            accepted = narrative_by.get((goal.pk, 0, organisation.pk))
            if accepted is not None:
                goal_rows.narratives.append(
                    NarrativeCell(name=organisation.name, accepted=accepted)
                )
        rows.append(goal_rows)
    entries = [
        OrganisationEntry(
            organisation=organisation,
            figures={f.indicator_id: f for f in figures if f.organisation_id == organisation.pk},
            narratives={n.goal_id: n for n in narratives if n.organisation_id == organisation.pk},
        )
        for organisation in organisations
    ]
    return {
        "matrix": matrix,
        "goal_rows": rows,
        "organisation_entries": entries,
        "waiting": any(row.waiting for g in rows for row in g.indicators)
        or any(n.submitted and n.accepted is None for g in rows for n in g.narratives),
        "is_open": follow_up.status == FollowUpRound.Status.OPEN,
    }
