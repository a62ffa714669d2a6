"""``{% meeting_planning meeting %}``: a meeting's deadlines and late items, for the body's
secretariat only (``meetings.access.may_see_planning``); nothing for anyone else, so the
meeting page never shows the public a planned date or a late flag."""

from __future__ import annotations

from typing import Any

from django import template

from meetings.access import may_see_planning
from meetings.models import Meeting
from meetings.selectors_planning import meeting_planning as planning_for

register = template.Library()


@register.inclusion_tag("meetings/_meeting_planning.html", takes_context=True)
def meeting_planning(context: dict[str, Any], meeting: Meeting) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not may_see_planning(user, meeting.body):
        return {"planning": None}
    return {"planning": planning_for(meeting), "meeting": meeting}
