"""Reads for action plans, evaluations, linked meeting items and plan matrices, each in a
fixed number of queries however many tracks, activities, milestones, links or cells there
are.

Linked meeting items are shown as the viewer may see them: only items of meetings the viewer
may see (``meetings.access.meeting_access``), read from the version the viewer reads
(``meetings.selectors.agendas_for_user``: the public and members the published version,
decisions only once the minutes are published; the secretariat its draft), and a closed
item is only its number to anyone who does not see closed items — never its title or its
decision.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from agreements.models import (
    Activity,
    Agreement,
    AgreementItemLink,
    Evaluation,
    MatrixCell,
    MatrixTheme,
    PlanMatrix,
    Track,
)
from meetings.access import meeting_access
from meetings.agenda import ItemView
from meetings.models import AgendaItem, Meeting
from meetings.selectors import agendas_for_user

MAX_ID = 2**31 - 1


def agreement_tracks(*, agreement: Agreement) -> list[Track]:
    """The tracks with their owner, the forums following them, their activities (with the
    responsible organisation) and milestones: five queries however many there are."""
    return list(
        agreement.tracks.select_related("owner_body", "owner_organisation").prefetch_related(
            "followed_by",
            Prefetch(
                "activities",
                queryset=Activity.objects.select_related(
                    "responsible_organisation"
                ).prefetch_related("milestones"),
            ),
        )
    )


def agreement_evaluations(*, agreement: Agreement) -> list[Evaluation]:
    return list(agreement.evaluations.all())


def evaluation_is_overdue(evaluation: Evaluation, today: dt.date | None = None) -> bool:
    return evaluation.done_on is None and evaluation.due_on < (today or timezone.localdate())


@dataclass(frozen=True)
class LinkedItem:
    """A linked meeting item as one viewer may see it."""

    link: AgreementItemLink
    meeting: Meeting
    view: ItemView

    @property
    def url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#item-{self.view.pk}"


def linked_items(*, user: Any, agreement: Agreement) -> list[LinkedItem]:
    """The meeting items linked to the agreement or its tracks that the viewer may see,
    oldest meeting first, through ``meetings.access`` and the version the viewer reads. An
    item of a meeting the viewer may not see is left out; a closed item is redacted (its
    number only) for a viewer who does not see closed items; an item no longer on the
    agenda the viewer reads is left out."""
    links = list(
        AgreementItemLink.objects.filter(agreement=agreement)
        .select_related("item__meeting__body", "track")
        .order_by("item__meeting__starts_at", "pk")
    )
    meetings: dict[int, Meeting] = {}
    for link in links:
        meeting = link.item.meeting
        if meeting.pk not in meetings and meeting_access(user, meeting).may_view:
            meetings[meeting.pk] = meeting
    if not meetings:
        return []
    agendas = agendas_for_user(meetings=list(meetings.values()), user=user)
    views = {(meeting_id, view.pk): view for meeting_id, items in agendas.items() for view in items}
    shown = []
    for link in links:
        meeting_id = link.item.meeting_id
        view = views.get((meeting_id, link.item_id)) if meeting_id in meetings else None
        if view is not None:
            shown.append(LinkedItem(link=link, meeting=meetings[meeting_id], view=view))
    return shown


def items_to_link(*, agreement: Agreement, user: Any) -> QuerySet[AgendaItem]:
    """The items the secretariat may link: those of the responsible body's meetings (and
    of the bodies following a track) that the user may see, newest meeting first."""
    bodies = {agreement.body_id} | set(
        Track.followed_by.through.objects.filter(track__agreement=agreement).values_list(
            "body_id", flat=True
        )
    )
    return (
        AgendaItem.objects.filter(
            meeting__in=Meeting.objects.visible_to(user).filter(body_id__in=bodies)
        )
        .select_related("meeting__body")
        .order_by("-meeting__starts_at", "parent_id", "position", "pk")
    )


# --- Plan matrices ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixRow:
    section: Any
    cells: list[MatrixCell]  # one per level, in the levels' order


@dataclass(frozen=True)
class MatrixThemeView:
    theme: MatrixTheme
    rows: list[MatrixRow]


@dataclass(frozen=True)
class MatrixView:
    matrix: PlanMatrix
    levels: list[Any]
    themes: list[MatrixThemeView]
    footnotes: list[Any]


def matrix_get(*, agreement: Agreement, matrix_id: int) -> PlanMatrix:
    matrix = agreement.matrices.filter(pk=matrix_id).first() if 0 < matrix_id <= MAX_ID else None
    if matrix is None:
        raise Http404
    return matrix


def matrix_view(*, matrix: PlanMatrix) -> MatrixView:
    """The matrix as themes x sections (rows) x levels (columns): five queries."""
    levels = list(matrix.levels.all())
    sections = list(matrix.sections.all())
    themes = list(matrix.themes.all())
    cells: dict[tuple[int, int, int], MatrixCell] = {
        (c.theme_id, c.section_id, c.level_id): c
        for c in MatrixCell.objects.filter(theme__matrix=matrix)
    }
    views = []
    for theme in themes:
        rows = []
        for section in sections:
            row = [cells.get((theme.pk, section.pk, level.pk)) for level in levels]
            if all(cell is not None for cell in row):
                rows.append(MatrixRow(section=section, cells=[c for c in row if c is not None]))
        views.append(MatrixThemeView(theme=theme, rows=rows))
    return MatrixView(
        matrix=matrix, levels=levels, themes=views, footnotes=list(matrix.footnotes.all())
    )


def matrix_cell_get(*, matrix: PlanMatrix, cell_id: int) -> MatrixCell:
    cell = (
        MatrixCell.objects.filter(theme__matrix=matrix, pk=cell_id)
        .select_related("theme", "level", "section")
        .first()
        if 0 < cell_id <= MAX_ID
        else None
    )
    if cell is None:
        raise Http404
    return cell


def agreement_plan_page(*, user: Any, agreement: Agreement) -> dict[str, Any]:
    """The action-plan parts of the agreement page."""
    return {
        "tracks": agreement_tracks(agreement=agreement),
        "evaluations": agreement_evaluations(agreement=agreement),
        "linked_items": linked_items(user=user, agreement=agreement),
        "matrices": list(agreement.matrices.all()),
        "today": timezone.localdate(),
    }
