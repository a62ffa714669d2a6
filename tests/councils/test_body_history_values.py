"""The body's history was written by its own copy of the history helper, which printed a
change's values raw: an empty value as "None" and a choice by its stored code ("chair").
It now uses core.history.history_entries, as the meeting and quota-year histories do."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from councils import selectors
from councils.models import Membership
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_body_history_shows_choice_labels_and_no_none_for_empty_values() -> None:
    membership = MembershipFactory(role=Membership.Role.MEMBER, end=None)
    membership.role = Membership.Role.CHAIR
    membership.end = dt.date(2022, 12, 31)
    membership.save()
    admin = UserFactory(is_superuser=True)
    with translation.override("en"):
        entries = selectors.body_history(body=membership.body, user=admin)
        changes = {label: (old, new) for entry in entries for label, old, new in entry.changes}
    assert changes["role"] == ("Member", "Chair")
    assert changes["end"] == ("", "2022-12-31")
