from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import Affiliation
from consultations import services
from consultations.models import Question, RequestForInput
from councils.models import Body
from tests.factories import (
    AffiliationFactory,
    BodyFactory,
    MunicipalityFactory,
    RegionFactory,
    UserFactory,
)


@dataclass
class Setup:
    body: Any
    secretary: Any
    municipalities: list[Any]
    contacts: list[Any]  # one contact person per municipality (the first two have one)
    request: RequestForInput
    questions: dict[str, Question]


def in_days(days: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


@pytest.fixture
def setup(db: None) -> Setup:
    region = RegionFactory(name="Region Input")
    body = BodyFactory(name="KKR Input", kind=Body.Kind.KKR, region=region)
    secretary = UserFactory(username="input-secretary")
    AffiliationFactory(user=secretary, body=body)
    municipalities = [MunicipalityFactory(name=f"Inputby {n}", region=region) for n in range(3)]
    contacts = []
    for n, municipality in enumerate(municipalities):
        contact = UserFactory(username=f"input-contact-{n}")
        AffiliationFactory(
            user=contact,
            kind=Affiliation.Kind.MUNICIPAL_CONTACT,
            body=None,
            municipality=municipality,
        )
        contacts.append(contact)
    request = services.request_create(
        actor=secretary,
        body=body,
        title="Vækststrategier",
        introduction="<p>Send jeres input.</p><script>x()</script>",
        deadline=in_days(10),
        municipalities=municipalities,
    )
    questions = {
        "text": services.question_add(
            actor=secretary, request=request, kind="long_text", text="Jeres input", required=True
        ),
        "number": services.question_add(
            actor=secretary,
            request=request,
            kind="number",
            text="Antal projekter",
            unit="stk.",
            min_value=0,
            max_value=50,
        ),
        "choice": services.question_add(
            actor=secretary,
            request=request,
            kind="multiple_choice",
            text="Temaer",
            choices=["Uddannelse", "Erhverv", "Turisme"],
        ),
    }
    return Setup(body, secretary, municipalities, contacts, request, questions)


def sent(setup: Setup) -> RequestForInput:
    return services.request_send(actor=setup.secretary, request_id=setup.request.pk)
