from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from agreements import services
from agreements.models import Agreement, AgreementKind, Goal, Indicator
from councils.models import Body, Organisation
from tests.factories import AffiliationFactory, BodyFactory, RegionFactory, UserFactory


@dataclass
class Setup:
    body: Any
    other_body: Any
    secretary: Any
    other_secretary: Any
    organisation: Any
    agreement: Agreement
    goal: Goal
    indicator: Indicator


@pytest.fixture
def setup(db: None) -> Setup:
    region = RegionFactory(name="Region Aftale")
    body = BodyFactory(name="KKR Aftale", kind=Body.Kind.KKR, region=region)
    other_body = BodyFactory(name="KKR Anden", kind=Body.Kind.KKR, region=RegionFactory())
    secretary = UserFactory(username="agreement-secretary")
    AffiliationFactory(user=secretary, body=body)
    other_secretary = UserFactory(username="agreement-other-secretary")
    AffiliationFactory(user=other_secretary, body=other_body)
    organisation = Organisation.objects.create(name="Erhvervshus Test", slug="erhvervshus-test")
    agreement = services.agreement_create(
        actor=secretary,
        body=body,
        kind=services.builtin_kind(AgreementKind.Builtin.PERFORMANCE_CONTRACT),
        title="Resultatkontrakt 2023",
        start=dt.date(2023, 1, 1),
        end=dt.date(2023, 12, 31),
        summary="<p>Mål og indsatser.</p>",
    )
    services.party_add(
        actor=secretary, agreement=agreement, organisation=organisation, role="Operatør"
    )
    goal = services.goal_add(actor=secretary, agreement=agreement, title="Flere vækstforløb")
    indicator = services.indicator_add(
        actor=secretary,
        goal=goal,
        name="Virksomheder i vækstforløb",
        unit="virksomheder",
        baseline_value=Decimal("400"),
        baseline_year=2022,
        target_value=Decimal("500"),
        target_year=2023,
    )
    return Setup(
        body=body,
        other_body=other_body,
        secretary=secretary,
        other_secretary=other_secretary,
        organisation=organisation,
        agreement=agreement,
        goal=goal,
        indicator=indicator,
    )
