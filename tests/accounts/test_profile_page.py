"""The profile page says what the user's roles allow, asked of accounts.rules (not re-derived in
the template), and lists the user's saved searches."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Affiliation
from councils.models import Organisation
from search.models import SavedSearch
from tests.factories import AffiliationFactory, BodyFactory, UserFactory

pytestmark = pytest.mark.django_db

CONTACT_LINE = "You see contact details of members."


def _profile(user, language: str = "en") -> str:
    client = Client()
    client.cookies["django_language"] = language
    client.force_login(user)
    return client.get(reverse("accounts:profile")).content.decode()


def test_a_secretariat_is_told_it_sees_contact_details() -> None:
    user = UserFactory()
    AffiliationFactory(user=user, body=BodyFactory())
    assert CONTACT_LINE in _profile(user)


def test_an_organisations_contact_person_is_not() -> None:
    user = UserFactory()
    organisation = Organisation.objects.create(name="Dansk Arbejdsgiverforening", slug="da")
    AffiliationFactory(
        user=user,
        kind=Affiliation.Kind.ORGANISATION_CONTACT,
        body=None,
        organisation=organisation,
    )
    assert CONTACT_LINE not in _profile(user)


def test_the_saved_searches_are_listed() -> None:
    user = UserFactory()
    SavedSearch.objects.create(user=user, query="sosu dimensionering")
    page = _profile(user)
    assert "sosu dimensionering" in page
    assert reverse("search:saved") in page
