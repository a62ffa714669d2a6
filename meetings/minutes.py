"""Reads about the approval of minutes: the decision types a body offers, the state of the
approval by members or adjusters, and the appeal period of announced Swedish minutes.

Who may approve or adjust is decided in ``meetings.access``; the writes are in
``meetings.services.minutes_approval``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from meetings.access import minutes_approval_rule, minutes_approver_person_ids
from meetings.models import (
    DecisionType,
    DefaultDecisionType,
    Meeting,
    MinutesAdjuster,
    MinutesApproval,
    MinutesApprovalRule,
    MinutesComment,
    PublishedVersion,
)

# Swedish minutes: an appeal against a decision (laglighetsprövning) must reach the court
# within three weeks from the day the notice that the minutes have been adjusted was
# announced on the municipality's notice board (kommunallagen 2017:725, 13 kap. 5 §; the
# announcement itself: 8 kap. 12 §). The announcement date is the minutes' publishing date.
APPEAL_PERIOD = dt.timedelta(weeks=3)


def decision_type_choices(body: Any) -> list[tuple[str, str]]:
    """The decision types ``body`` offers, as (code, label): its own active types when it
    has any, else the defaults."""
    own = list(
        DecisionType.objects.filter(body_id=getattr(body, "pk", body), is_active=True).values_list(
            "code", "label"
        )
    )
    if own:
        return own
    return [(code, str(label)) for code, label in DefaultDecisionType.choices]


def decision_type_labels(body: Any, *, own_only: bool = False) -> dict[str, str]:
    """Every code ``body`` has used or may use, with its label (inactive types included, so
    an item decided with a type later retired still reads right); ``own_only``: the body's
    own types only."""
    labels = {} if own_only else {code: str(label) for code, label in DefaultDecisionType.choices}
    labels.update(
        DecisionType.objects.filter(body_id=getattr(body, "pk", body)).values_list("code", "label")
    )
    return labels


def appeal_period_ends(announced: dt.datetime) -> dt.date:
    """The last day of the appeal period of minutes announced at ``announced``."""
    return timezone.localtime(announced).date() + APPEAL_PERIOD


@dataclass
class MembersApproval:
    """Where the members' online approval of the current minutes stands."""

    requested_at: dt.datetime | None
    approved_at: dt.datetime | None
    total: int
    approved: list[MinutesApproval] = field(default_factory=list)
    missing: list[Any] = field(default_factory=list)  # councils.Person


@dataclass
class Adjustment:
    """Where the justering of the minutes stands."""

    adjusted_at: dt.datetime | None
    adjusters: list[MinutesAdjuster]
    comments: list[MinutesComment]

    @property
    def open_comments(self) -> list[MinutesComment]:
        return [c for c in self.comments if not c.is_resolved]


def current_minutes_version(meeting: Meeting) -> PublishedVersion | None:
    return (
        meeting.published.filter(document=PublishedVersion.Document.MINUTES)
        .order_by("-number")
        .first()
    )


def members_approval(meeting: Meeting) -> MembersApproval:
    """Who of the members has approved the current minutes, and who not yet."""
    from councils.models import Person

    version = current_minutes_version(meeting)
    approvers = minutes_approver_person_ids(meeting)
    approved = (
        list(
            MinutesApproval.objects.filter(version=version)
            .select_related("person")
            .order_by("approved_at")
        )
        if version is not None
        else []
    )
    done = {a.person_id for a in approved}
    missing = list(Person.objects.filter(pk__in=approvers - done).order_by("name"))
    return MembersApproval(
        requested_at=meeting.minutes_approval_requested_at,
        approved_at=meeting.minutes_approved_at,
        total=len(approvers),
        approved=[a for a in approved if a.person_id in approvers],
        missing=missing,
    )


def adjustment(meeting: Meeting) -> Adjustment:
    return Adjustment(
        adjusted_at=meeting.minutes_adjusted_at,
        adjusters=list(MinutesAdjuster.objects.filter(meeting=meeting).select_related("person")),
        comments=list(
            MinutesComment.objects.filter(meeting=meeting).select_related("author", "item")
        ),
    )


@dataclass(frozen=True)
class MinutesState:
    """What the minutes say about their approval, for the meeting page and the PDF."""

    rule: str
    adjusted_at: dt.datetime | None = None
    announced_at: dt.datetime | None = None
    appeal_ends: dt.date | None = None
    approved_by_members_at: dt.datetime | None = None

    @property
    def uses_justering(self) -> bool:
        return self.rule == MinutesApprovalRule.ADJUSTERS

    @property
    def uses_online_approval(self) -> bool:
        return self.rule == MinutesApprovalRule.MEMBERS_ONLINE


def minutes_state(meeting: Meeting) -> MinutesState:
    rule = minutes_approval_rule(meeting.body)
    if rule == MinutesApprovalRule.ADJUSTERS:
        announced = meeting.minutes_published_at
        return MinutesState(
            rule=rule,
            adjusted_at=meeting.minutes_adjusted_at,
            announced_at=announced,
            appeal_ends=appeal_period_ends(announced) if announced else None,
        )
    if rule == MinutesApprovalRule.MEMBERS_ONLINE:
        return MinutesState(rule=rule, approved_by_members_at=meeting.minutes_approved_at)
    return MinutesState(rule=rule)
