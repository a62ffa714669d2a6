"""Issue 12, defect: newsletter drafts lower-cased the first letter of every item title
("kOSU", "dASSOS"). Only an ordinary capitalised word is lower-cased; acronyms stay."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from meetings import services
from meetings.models import Newsletter
from tests.factories import BodyFactory


@pytest.mark.django_db
def test_the_summary_keeps_acronyms_and_lower_cases_ordinary_words():
    meeting = services.meeting_schedule(
        actor=None,
        body=BodyFactory(name="KKR Sjælland"),
        starts_at=timezone.make_aware(dt.datetime(2019, 9, 10, 9)),
        ends_at=None,
        place="Sorø",
    )
    for title in ("KOSU", "DASSOS", "Budget 2020", "Ø-kommuner", "IT-strategi"):
        services.agenda_item_add(
            actor=None, meeting=meeting, title=title, decision="<p>Taget til efterretning.</p>"
        )
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    services.minutes_publish(actor=None, meeting_id=meeting.pk, confirm_missing=True)
    content = Newsletter.objects.get(meeting=meeting).content
    assert (
        "drøftede KKR Sjælland KOSU, DASSOS, budget 2020, Ø-kommuner samt IT-strategi." in content
    )
