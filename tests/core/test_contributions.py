"""Slots: pages of a lower app show what higher apps provide (core/contributions.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts.pages import MY_TASKS, PROFILE_PAGE
from core.contributions import Slot
from councils.pages import BODY_PAGE, FRONT_PAGE, MUNICIPALITY_PAGE


def test_a_slot_collects_each_providers_answer_under_its_key() -> None:
    slot = Slot("test page")
    slot.provide("doubled", lambda *, number: number * 2)
    slot.provide("negated", lambda *, number: -number)
    assert slot.collect(number=4) == {"doubled": 8, "negated": -4}


def test_a_key_provided_twice_is_refused() -> None:
    slot = Slot("test page")
    slot.provide("entry", lambda: 1)
    with pytest.raises(ImproperlyConfigured):
        slot.provide("entry", lambda: 2)


def test_the_apps_fill_the_slots_of_the_pages_below_them_when_django_starts() -> None:
    assert set(FRONT_PAGE.keys()) >= {"coming_meetings", "latest_minutes"}
    assert set(BODY_PAGE.keys()) >= {"meetings"}
    assert set(MUNICIPALITY_PAGE.keys()) >= {"quotas"}
    assert set(PROFILE_PAGE.keys()) >= {"overview"}
    assert set(MY_TASKS.keys()) >= {
        "distribution_agreement_lines",
        "own_nominations",
        "nominations_to_decide",
        "meetings",
        "failed_pdfs",
        "failed_emails",
    }
