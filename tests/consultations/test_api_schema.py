"""The API of requests for input answers as its OpenAPI schema says: a real answer of the
list, the detail and the responses, for a caller who is not signed in (a public request)
and for the secretariat (every kind of question answered), validates against the schema the
portal publishes, with undocumented fields refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from consultations import services
from consultations.models import RequestForInput
from tests.consultations.conftest import sent
from tests.kkr_portal.test_openapi import _validator

LIST = "/api/requests-for-input/"


@pytest.fixture
def public_request(setup):
    q = setup.questions
    extra = {
        kind: services.question_add(
            actor=setup.secretary, request=setup.request, kind=kind, text=kind, **options
        )
        for kind, options in {
            "short_text": {},
            "single_choice": {"choices": ["Ja", "Nej"]},
            "yes_no": {},
            "date": {},
            "table": {"table_rows": ["A"], "table_columns": ["Antal"]},
            "file": {},
        }.items()
    }
    sent(setup)
    services.response_submit(
        actor=setup.contacts[0],
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[0].pk,
        expected_version=0,
        values={
            q["text"].pk: "<p>Svar</p>",
            q["number"].pk: Decimal("3.5"),
            q["choice"].pk: ["Erhverv", "Turisme"],
            extra["short_text"].pk: "Kort",
            extra["single_choice"].pk: "Ja",
            extra["yes_no"].pk: True,
            extra["date"].pk: dt.date(2026, 1, 2),
            extra["table"].pk: {"A": {"Antal": "4"}},
        },
    )
    RequestForInput.objects.filter(pk=setup.request.pk).update(
        answers_visibility=RequestForInput.Visibility.PUBLIC_AFTER_DEADLINE,
        deadline=timezone.now() - dt.timedelta(days=1),
    )
    return setup.request


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "secretariat"])
def test_the_request_endpoints_answer_as_the_schema_says(setup, public_request, signed_in):
    client = Client()
    if signed_in:
        client.force_login(setup.secretary)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    pages = [
        (LIST, "/api/requests-for-input/"),
        (f"{LIST}{public_request.pk}/", "/api/requests-for-input/{id}/"),
        (f"{LIST}{public_request.pk}/responses/", "/api/requests-for-input/{id}/responses/"),
    ]
    for url, path in pages:
        answer = client.get(url)
        assert answer.status_code == 200, url
        data = answer.json()
        assert data.get("results", data) if isinstance(data, dict) else data, url
        _validator(schema, path, "200").validate(data)
