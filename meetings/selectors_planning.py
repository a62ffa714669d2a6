"""Reads for the meeting plan (decision 0025): each meeting's item deadline and planned
publication date from its body's ``MeetingPlanRule``, late items, and agendas whose
publication is overdue.

The rule "is this item late" is ``item_lateness``, and only there. Everything here is the
secretariat's (``meetings.access.may_see_planning``); callers check that first, and the lists
for "Mine opgaver" are limited to the bodies the user edits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from accounts.rules import edited_body_ids
from meetings.models import AgendaItem, Attachment, Meeting, MeetingPlanRule
from meetings.numbering import agenda_order
from meetings.planning import DEFAULT_COUNTRY, working_days_before

# The meeting plan shows the meetings from this many days back (so the last meeting's late
# items are still there) and every later one.
PLAN_DAYS_BACK = 90
# Meetings further ahead cannot have an overdue agenda: the rule allows at most 60 working
# days (about 12 weeks; holidays add a few days).
OVERDUE_HORIZON_DAYS = 100


def body_country(body: Any) -> str:
    """The country whose public holidays the body's working days skip (its region's)."""
    region = getattr(body, "region", None)
    return region.country if region is not None else DEFAULT_COUNTRY


def _meeting_day(meeting: Meeting) -> dt.date:
    return timezone.localtime(meeting.starts_at).date()


def plan_rule(body: Any) -> MeetingPlanRule | None:
    """The body's meeting plan rule, or None (no rule). Uses the row loaded with the body
    when it was selected with ``select_related("meeting_plan_rule")``."""
    try:
        return body.meeting_plan_rule
    except MeetingPlanRule.DoesNotExist:
        return None


@dataclass(frozen=True)
class MeetingDates:
    """A meeting's deadlines as the secretariat plans them."""

    item_deadline: dt.date | None
    # True when the deadline follows from the body's rule, False when the meeting has its
    # own (``Meeting.agenda_deadline``).
    item_deadline_from_rule: bool
    publish_by: dt.date | None
    publication_overdue: bool


def item_deadline(meeting: Meeting, rule: MeetingPlanRule | None) -> dt.date | None:
    """The day by which items for ``meeting`` must be in: its own agenda deadline, else the
    body's rule ("N working days before"), else none."""
    if meeting.agenda_deadline is not None:
        return meeting.agenda_deadline
    if rule is None or rule.item_deadline_working_days is None:
        return None
    return working_days_before(
        _meeting_day(meeting), rule.item_deadline_working_days, body_country(meeting.body)
    )


def publish_by(meeting: Meeting, rule: MeetingPlanRule | None) -> dt.date | None:
    """The day by which the body's rule says the agenda of ``meeting`` is published."""
    if rule is None or rule.publication_working_days is None:
        return None
    return working_days_before(
        _meeting_day(meeting), rule.publication_working_days, body_country(meeting.body)
    )


def publication_is_overdue(
    meeting: Meeting, due: dt.date | None, *, today: dt.date | None = None
) -> bool:
    """Whether the agenda should have been published by now and is not: the rule's day has
    passed, the agenda is unpublished, and the meeting is neither cancelled nor over."""
    today = today or timezone.localdate()
    return (
        due is not None
        and due < today
        and meeting.agenda_published_at is None
        and meeting.status != Meeting.Status.CANCELLED
        and _meeting_day(meeting) >= today
    )


def meeting_dates(
    meeting: Meeting, rule: MeetingPlanRule | None, *, today: dt.date | None = None
) -> MeetingDates:
    due = publish_by(meeting, rule)
    return MeetingDates(
        item_deadline=item_deadline(meeting, rule),
        item_deadline_from_rule=meeting.agenda_deadline is None,
        publish_by=due,
        publication_overdue=publication_is_overdue(meeting, due, today=today),
    )


class LateReason(StrEnum):
    ADDED = "added"  # the item was put on the agenda after the deadline
    CONTENT = "content"  # on time, but its case text or first attachment came after it


@dataclass(frozen=True)
class Lateness:
    came_at: dt.datetime
    reason: LateReason


def item_lateness(
    *,
    added_at: dt.datetime,
    content_at: dt.datetime | None,
    deadline: dt.date | None,
    meeting_day: dt.date,
    standing: str = "",
) -> Lateness | None:
    """Whether an item is late, and since when: **the one rule** (decision 0025).

    An item is late when it was added to the agenda after the meeting's item deadline (a
    deadline day counts in full, in the portal's time zone), or when it was added in time
    but its substance (its case text, or its first attachment: ``content_at``) came after
    the deadline. An item with neither is an oral item and is not late for lacking them.
    Standing items (approval of the agenda, any other business, ...) are the secretariat's
    frame, never late. What was entered after the meeting's day is a record of the meeting
    (minutes written up, an archive entered later), not a late item.
    """
    if deadline is None or standing:
        return None

    def day(moment: dt.datetime) -> dt.date:
        return timezone.localtime(moment).date()

    if day(added_at) > deadline:
        lateness = Lateness(came_at=added_at, reason=LateReason.ADDED)
    elif content_at is not None and day(content_at) > deadline:
        lateness = Lateness(came_at=content_at, reason=LateReason.CONTENT)
    else:
        return None
    if day(lateness.came_at) > meeting_day:
        return None
    return lateness


@dataclass(frozen=True)
class LateItem:
    item: AgendaItem
    number: str
    lateness: Lateness
    deadline: dt.date


def _items_with_content_time(meeting_ids: list[int]) -> QuerySet[AgendaItem]:
    """The live items of the meetings, each with ``content_at``: when its case text was
    first saved (its first history row with one) or its first live attachment uploaded,
    whichever came first. One query."""
    first_case_text = (
        AgendaItem.history.model.objects.filter(id=OuterRef("pk"))
        .exclude(case_text="")
        .order_by("history_date")
        .values("history_date")[:1]
    )
    first_attachment = (
        Attachment.all_objects.filter(item_id=OuterRef("pk"), deleted_at__isnull=True)
        .order_by("uploaded_at")
        .values("uploaded_at")[:1]
    )
    return AgendaItem.objects.filter(meeting_id__in=meeting_ids).annotate(
        first_case_text_at=Subquery(first_case_text),
        first_attachment_at=Subquery(first_attachment),
    )


def _content_at(item: Any) -> dt.datetime | None:
    moments = [m for m in (item.first_case_text_at, item.first_attachment_at) if m is not None]
    return min(moments) if moments else None


def late_items(
    meetings: list[Meeting], rules: dict[int, MeetingPlanRule | None]
) -> dict[int, list[LateItem]]:
    """The late items of each meeting (by meeting id), in agenda order: one query whatever
    the number of meetings. ``rules`` maps body ids to their rule."""
    deadlines = {m.pk: item_deadline(m, rules.get(m.body_id)) for m in meetings}
    wanted = [pk for pk, deadline in deadlines.items() if deadline is not None]
    result: dict[int, list[LateItem]] = {m.pk: [] for m in meetings}
    if not wanted:
        return result
    by_meeting: dict[int, list[AgendaItem]] = {}
    for item in _items_with_content_time(wanted):
        by_meeting.setdefault(item.meeting_id, []).append(item)
    days = {m.pk: _meeting_day(m) for m in meetings}
    for meeting_id, items in by_meeting.items():
        deadline = deadlines[meeting_id]
        assert deadline is not None  # only meetings with a deadline were asked for
        for number, item in agenda_order(items):
            lateness = item_lateness(
                added_at=item.added_at,
                content_at=_content_at(item),
                deadline=deadline,
                meeting_day=days[meeting_id],
                standing=item.standing,
            )
            if lateness is not None:
                result[meeting_id].append(
                    LateItem(item=item, number=number, lateness=lateness, deadline=deadline)
                )
    return result


@dataclass
class PlannedMeeting:
    meeting: Meeting
    dates: MeetingDates
    late: list[LateItem] = field(default_factory=list)


def meeting_plan(*, body: Any, today: dt.date | None = None) -> list[PlannedMeeting]:
    """The body's meeting plan for the secretariat: the meetings from ``PLAN_DAYS_BACK``
    days ago on, each with its item deadline, planned publication date, whether that is
    overdue, and its late items. Two queries (meetings, items) whatever their number; the
    caller has checked ``may_see_planning`` and loaded the body with its rule."""
    today = today or timezone.localdate()
    rule = plan_rule(body)
    since = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=PLAN_DAYS_BACK), dt.time())
    )
    meetings = list(Meeting.objects.filter(body=body, starts_at__gte=since).order_by("starts_at"))
    for meeting in meetings:
        meeting.body = body  # the country of the body's holidays, without a query each
    late = late_items(meetings, {body.pk: rule})
    return [
        PlannedMeeting(
            meeting=m, dates=meeting_dates(m, rule, today=today), late=late.get(m.pk, [])
        )
        for m in meetings
    ]


def meeting_planning(meeting: Meeting, *, today: dt.date | None = None) -> PlannedMeeting:
    """One meeting's dates and late items (the meeting page and agenda editor)."""
    rule = plan_rule(meeting.body)
    late = late_items([meeting], {meeting.body_id: rule})
    return PlannedMeeting(
        meeting=meeting, dates=meeting_dates(meeting, rule, today=today), late=late[meeting.pk]
    )


def agendas_overdue(*, user: Any, today: dt.date | None = None) -> list[PlannedMeeting]:
    """Meetings of the bodies ``user`` edits whose agenda should have been published by
    their body's rule and is not ("Mine opgaver", the meeting plan), soonest first. One
    query."""
    edited = edited_body_ids(user)
    if edited is not None and not edited:
        return []
    return _overdue(body_ids=edited, today=today)


def agendas_overdue_all(*, today: dt.date | None = None) -> list[PlannedMeeting]:
    """Every body's overdue agendas (for the daily reminder to each secretariat)."""
    return _overdue(body_ids=None, today=today)


def _overdue(*, body_ids: Any, today: dt.date | None) -> list[PlannedMeeting]:
    today = today or timezone.localdate()
    start_of_today = timezone.make_aware(dt.datetime.combine(today, dt.time()))
    queryset = (
        Meeting.objects.filter(
            agenda_published_at__isnull=True,
            starts_at__gte=start_of_today,
            starts_at__lte=start_of_today + dt.timedelta(days=OVERDUE_HORIZON_DAYS),
            body__meeting_plan_rule__publication_working_days__isnull=False,
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body__meeting_plan_rule", "body__region")
        .order_by("starts_at")
    )
    if body_ids is not None:
        queryset = queryset.filter(body_id__in=body_ids)
    result = []
    for meeting in queryset:
        dates = meeting_dates(meeting, plan_rule(meeting.body), today=today)
        if dates.publication_overdue:
            result.append(PlannedMeeting(meeting=meeting, dates=dates))
    return result
