"""National scale: the response matrix and the export make as many queries for 98 recipient
municipalities (every Danish municipality) as for 5."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Affiliation
from consultations import services
from consultations.models import RequestForInput
from councils.models import Body
from tests.consultations.conftest import in_days
from tests.factories import (
    AffiliationFactory,
    BodyFactory,
    MunicipalityFactory,
    RegionFactory,
    UserFactory,
)

# A ceiling well above today's counts (about 10), to catch a query per row turning up;
# the equality of the two sizes is the rule.
CEILING = 20


def _request_with_answers(size: int, secretary: Any) -> RequestForInput:
    """A sent request to ``size`` municipalities with one question of each kind: all but two have
    submitted, one has a draft, one has not opened it."""
    region = RegionFactory()
    body = BodyFactory(kind=Body.Kind.KKR, region=region)
    AffiliationFactory(user=secretary, body=body)
    municipalities = [MunicipalityFactory(region=region) for _ in range(size)]
    contacts = []
    for municipality in municipalities:
        contact = UserFactory()
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
        title=f"Høring til {size} kommuner",
        deadline=in_days(10),
        municipalities=municipalities,
    )
    specs: list[dict[str, Any]] = [
        {"kind": "short_text", "text": "Navn"},
        {"kind": "long_text", "text": "Input"},
        {"kind": "number", "text": "Antal", "unit": "stk.", "min_value": 0, "max_value": 500},
        {"kind": "single_choice", "text": "Tema", "choices": ["A", "B"]},
        {"kind": "multiple_choice", "text": "Temaer", "choices": ["A", "B", "C"]},
        {"kind": "yes_no", "text": "Med?"},
        {"kind": "date", "text": "Hvornår?"},
    ]
    questions = [services.question_add(actor=secretary, request=request, **s) for s in specs]
    services.request_send(actor=secretary, request_id=request.pk)
    values = dict(
        zip(
            [q.pk for q in questions],
            ["Kontakt", "<p>Input</p>", "12", "A", ["A", "C"], True, "2027-01-05"],
            strict=True,
        )
    )
    for municipality, contact in list(zip(municipalities, contacts, strict=True))[:-2]:
        services.response_submit(
            actor=contact,
            request_id=request.pk,
            municipality_id=municipality.pk,
            expected_version=0,
            values=values,
        )
    services.response_save_draft(
        actor=contacts[-2],
        request_id=request.pk,
        municipality_id=municipalities[-2].pk,
        expected_version=0,
        values=values,
    )
    return request


def _queries(client, url: str) -> tuple[int, Any]:  # type: ignore[no-untyped-def]
    client.get(url)  # warm-up: sessions, caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response


def test_the_matrix_and_the_export_make_as_many_queries_for_98_municipalities_as_for_5(
    client, db, settings
) -> None:
    settings.PAGE_CACHE_SECONDS = 0  # the queries of making the matrix, never a kept page
    secretary = UserFactory()
    client.force_login(secretary)
    counts: dict[int, dict[str, int]] = {}
    for size in (5, 98):
        request = _request_with_answers(size, secretary)
        matrix, page = _queries(client, reverse("consultations:response_matrix", args=[request.pk]))
        assert page.content.decode().count('<th scope="row">') == size
        export, response = _queries(
            client, reverse("consultations:response_export", args=[request.pk, "csv"])
        )
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        assert len(rows) == 1 + size
        assert all(len(row) == 4 + 7 for row in rows)
        assert sum(1 for row in rows[1:] if row[4] == "Kontakt") == size - 2
        counts[size] = {"matrix": matrix, "export": export}
    assert counts[98] == counts[5], counts
    assert max(counts[98].values()) <= CEILING, counts
