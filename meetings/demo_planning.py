"""Demo data for the meeting plan (issue 18, decision 0025): deadline rules for the Midtjylland
bodies and KKR Sjælland, and a KD-Net Midtjylland meeting in four days whose agenda is overdue
and has one late item, so the meeting plan, the agenda editor and "Mine opgaver" show them.

Idempotent: a rule is set to the same values, and the meeting is made once (found by its
place). Called from ``load_demo`` after ``load_meeting_demo``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from councils.models import Body
from meetings import services
from meetings.models import AgendaItem, Meeting
from meetings.selectors_planning import item_deadline, plan_rule

# slug: (items due, agenda published), working days before the meeting. Invented for the demo.
RULES = {
    "kkr-midtjylland": (8, 5),
    "kd-net-midtjylland": (8, 5),
    "kkr-sjaelland": (10, 4),
}
PLACE = "Regionshuset, Viborg (demo: ekstraordinært møde)"


def load_planning_demo(*, actor: Any = None) -> dict[str, int]:
    for slug, (items, publication) in RULES.items():
        body = Body.objects.filter(slug=slug).first()
        if body is not None:
            services.meeting_plan_rule_set(
                actor=actor,
                body=body,
                item_deadline_working_days=items,
                publication_working_days=publication,
            )
    body = Body.objects.filter(slug="kd-net-midtjylland").first()
    if body is not None and not Meeting.objects.filter(body=body, place=PLACE).exists():
        day = timezone.localdate() + dt.timedelta(days=4)
        meeting = services.meeting_schedule(
            actor=actor,
            body=body,
            starts_at=timezone.make_aware(dt.datetime(day.year, day.month, day.day, 9)),
            place=PLACE,
        )
        on_time = services.agenda_item_add(
            actor=actor,
            meeting=meeting,
            title="Status på den regionale trafikplan",
            case_text="<p>Orientering om status.</p>",
        )
        deadline = item_deadline(meeting, plan_rule(body))
        if deadline is not None:
            # The demo is loaded today; this item came in before the deadline. Its history
            # row is moved with it, so its case text did not "come late" either.
            before = timezone.make_aware(
                dt.datetime.combine(deadline - dt.timedelta(days=1), dt.time(10))
            )
            AgendaItem.objects.filter(pk=on_time.pk).update(added_at=before)
            AgendaItem.history.filter(id=on_time.pk).update(history_date=before)
        services.agenda_item_add(
            actor=actor,
            meeting=meeting,
            title="Udpegning til arbejdsgruppe om grøn omstilling (eftersendt)",
            case_text="<p>Punktet kom efter fristen.</p>",
        )
    return {"meeting plan rules": len(RULES)}
