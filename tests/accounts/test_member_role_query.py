"""The member role's query is registered by councils (accounts imports no app, decision 0020)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts import rules
from councils.selectors import current_member_body_ids
from tests.factories import UserFactory


def test_councils_registers_the_member_body_query_when_django_starts() -> None:
    assert rules._member_body_ids is current_member_body_ids


@pytest.mark.django_db
def test_roles_refuse_rather_than_drop_the_member_role_without_the_query(monkeypatch) -> None:
    monkeypatch.setattr(rules, "_member_body_ids", None)
    with pytest.raises(ImproperlyConfigured):
        rules.roles_for(UserFactory())
