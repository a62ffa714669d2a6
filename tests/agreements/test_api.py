"""The read-only API of agreements (/api/agreements/, /api/agreement-tracks/,
/api/plan-matrices/): what the caller may see, as on the pages (agreements.access): a caller
who is not signed in never sees a draft or internal agreement, anything in one, or an
internal document; the list filters by body, kind, status and year; every answer validates
against the OpenAPI schema the portal publishes, with undocumented fields refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from agreements import services
from agreements import services_plans as plans
from agreements.models import Agreement, AgreementKind
from tests.agreements.conftest import Setup
from tests.kkr_portal.test_openapi import _validator

LIST = "/api/agreements/"
TRACKS = "/api/agreement-tracks/"
MATRICES = "/api/plan-matrices/"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


@pytest.fixture
def world(setup: Setup) -> dict[str, Agreement]:
    """The setup's contract in force (a measurement, economy, a public and an internal
    document, a track, a matrix) made within a draft framework; a draft and an internal
    agreement with a track and a matrix each."""
    draft_parent = services.agreement_create(
        actor=setup.secretary,
        body=setup.body,
        kind=services.builtin_kind(AgreementKind.Builtin.FRAMEWORK),
        title="Udkast til rammeaftale",
        start=dt.date(2020, 1, 1),
    )
    Agreement.objects.filter(pk=setup.agreement.pk).update(parent=draft_parent)
    services.measurement_record(
        actor=setup.secretary, indicator_id=setup.indicator.pk, year=2023, value=Decimal("512")
    )
    services.economy_line_add(
        actor=setup.secretary,
        agreement=setup.agreement,
        amount=Decimal("22668000"),
        year=2023,
        source="Basisbevilling",
    )
    services.document_add(
        actor=setup.secretary, agreement=setup.agreement, title="Kontrakt", upload=_pdf("k.pdf")
    )
    services.document_add(
        actor=setup.secretary,
        agreement=setup.agreement,
        title="Intern note",
        upload=_pdf("n.pdf"),
        is_internal=True,
    )
    services.agreement_put_in_force(actor=setup.secretary, agreement_id=setup.agreement.pk)
    internal = services.agreement_create(
        actor=setup.secretary,
        body=setup.body,
        kind=services.builtin_kind(AgreementKind.Builtin.CONTRACT),
        title="Intern kontrakt",
        start=dt.date(2023, 1, 1),
        is_internal=True,
    )
    services.agreement_put_in_force(actor=setup.secretary, agreement_id=internal.pk)
    for agreement in (setup.agreement, draft_parent, internal):
        track = plans.track_add(
            actor=setup.secretary,
            agreement=agreement,
            title=f"Spor i {agreement.title}",
            owner_organisation=setup.organisation,
            followed_by=[setup.body],
        )
        activity = plans.activity_add(
            actor=setup.secretary,
            track=track,
            title=f"Aktivitet i {agreement.title}",
            start=dt.date(2023, 1, 1),
        )
        plans.milestone_add(
            actor=setup.secretary, activity=activity, title="Drøftelse", due_on=dt.date(2023, 6, 1)
        )
        matrix = plans.matrix_create(
            actor=setup.secretary,
            agreement=agreement,
            title=f"Matrix i {agreement.title}",
            levels=["Regional nivå", "Kommunnivå"],
            sections=["Nuläge", "Mål"],
        )
        plans.matrix_theme_add(actor=setup.secretary, matrix=matrix, name="Visioner")
        plans.matrix_footnote_set(actor=setup.secretary, matrix=matrix, number=1, text="Not")
    return {"public": setup.agreement, "draft": draft_parent, "internal": internal}


def _results(client: Client, url: str, **params: str) -> list[dict]:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_a_caller_not_signed_in_never_sees_a_draft_or_internal_agreement_or_document(
    client: Client, world: dict[str, Agreement]
) -> None:
    public, draft, internal = world["public"], world["draft"], world["internal"]
    assert [a["id"] for a in _results(client, LIST)] == [public.pk]
    for hidden in (draft, internal):
        assert client.get(f"{LIST}{hidden.pk}/").status_code == 404
    detail = client.get(f"{LIST}{public.pk}/").json()
    assert detail["parent"] is None  # made within a draft
    assert [d["title"] for d in detail["documents"]] == ["Kontrakt"]
    assert [t["agreement"] for t in _results(client, TRACKS)] == [public.pk]
    assert [m["agreement"] for m in _results(client, MATRICES)] == [public.pk]
    for model_url, related in ((TRACKS, "tracks"), (MATRICES, "matrices")):
        for hidden in (draft, internal):
            hidden_id = getattr(hidden, related).get().pk
            assert client.get(f"{model_url}{hidden_id}/").status_code == 404
    everything = b"".join(
        client.get(url).content for url in (LIST, f"{LIST}{public.pk}/", TRACKS, MATRICES)
    )
    for secret in ("Udkast til rammeaftale", "Intern kontrakt", "Intern note"):
        assert secret.encode() not in everything, secret


def test_another_body_s_secretariat_sees_no_more_than_the_public(
    client: Client, setup: Setup, world: dict[str, Agreement]
) -> None:
    client.force_login(setup.other_secretary)
    assert [a["id"] for a in _results(client, LIST)] == [world["public"].pk]
    assert client.get(f"{LIST}{world['draft'].pk}/").status_code == 404


def test_the_secretariat_sees_its_drafts_internal_agreements_and_documents(
    client: Client, setup: Setup, world: dict[str, Agreement]
) -> None:
    client.force_login(setup.secretary)
    assert {a["id"] for a in _results(client, LIST)} == {a.pk for a in world.values()}
    detail = client.get(f"{LIST}{world['public'].pk}/").json()
    assert detail["parent"] == world["draft"].pk
    assert {d["title"] for d in detail["documents"]} == {"Kontrakt", "Intern note"}
    assert len(_results(client, TRACKS)) == 3 and len(_results(client, MATRICES)) == 3


def test_the_detail_carries_parties_economy_goals_indicators_and_measurements(
    client: Client, setup: Setup, world: dict[str, Agreement]
) -> None:
    detail = client.get(f"{LIST}{world['public'].pk}/").json()
    assert detail["kind"] == services.builtin_kind(AgreementKind.Builtin.PERFORMANCE_CONTRACT).slug
    assert detail["body"] == setup.body.slug and detail["status"] == "in_force"
    assert detail["start"] == "2023-01-01" and detail["end"] == "2023-12-31"
    assert detail["parties"] == [
        {
            "kind": "organisation",
            "identifier": "erhvervshus-test",
            "name": "Erhvervshus Test",
            "role": "Operatør",
        }
    ]
    assert detail["economy"] == [
        {"amount": "22668000.00", "currency": "DKK", "year": 2023, "source": "Basisbevilling"}
    ]
    [goal] = detail["goals"]
    assert goal["title"] == "Flere vækstforløb" and goal["status"] == "on_track"
    [indicator] = goal["indicators"]
    assert indicator["baseline_value"] == "400.0000" and indicator["target_value"] == "500.0000"
    assert indicator["direction"] == "at_least" and indicator["status"] == "on_track"
    [measurement] = indicator["measurements"]
    assert measurement["year"] == 2023 and measurement["value"] == "512.0000"
    assert "reported_by" not in measurement
    assert "10 %" in detail["status_rule"]
    assert setup.secretary.username not in str(detail)


def test_tracks_carry_activities_and_milestones_and_matrices_their_cells(
    client: Client, setup: Setup, world: dict[str, Agreement]
) -> None:
    [track] = _results(client, TRACKS, agreement=str(world["public"].pk))
    assert track["owner_organisation"] == "erhvervshus-test"
    assert track["followed_by"] == [setup.body.slug]
    [activity] = track["activities"]
    assert activity["status"] == "planned" and activity["start"] == "2023-01-01"
    assert activity["milestones"][0]["title"] == "Drøftelse"
    [matrix] = _results(client, MATRICES, agreement=str(world["public"].pk))
    assert [level["name"] for level in matrix["levels"]] == ["Regional nivå", "Kommunnivå"]
    assert [section["name"] for section in matrix["sections"]] == ["Nuläge", "Mål"]
    assert len(matrix["themes"][0]["cells"]) == 4
    assert matrix["footnotes"] == [{"number": 1, "text": "Not"}]


def test_the_list_filters_by_body_kind_status_and_year(
    client: Client, setup: Setup, world: dict[str, Agreement]
) -> None:
    client.force_login(setup.secretary)
    public = world["public"].pk
    contract = services.builtin_kind(AgreementKind.Builtin.CONTRACT).slug
    assert {a["id"] for a in _results(client, LIST, kind=contract)} == {world["internal"].pk}
    assert {a["id"] for a in _results(client, LIST, status="draft")} == {world["draft"].pk}
    assert {a["id"] for a in _results(client, LIST, body=setup.other_body.slug)} == set()
    # 2020: only the framework without an end (from 2020 until replaced).
    assert {a["id"] for a in _results(client, LIST, year="2020")} == {world["draft"].pk}
    assert public in {a["id"] for a in _results(client, LIST, year="2023")}
    for bad in ({"year": "tyve"}, {"year": "20.5"}, {"year": "99999"}, {"status": "maybe"}):
        response = client.get(LIST, bad)
        assert response.status_code == 400, bad
        assert set(response.json()) == set(bad)


def test_the_list_query_count_does_not_grow_with_the_agreements(
    client: Client, setup: Setup, world: dict[str, Agreement]
) -> None:
    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = [count(url) for url in (LIST, TRACKS, MATRICES)]
    for n in range(4):
        agreement = services.agreement_create(
            actor=None,
            body=setup.body,
            kind=services.builtin_kind(AgreementKind.Builtin.CONTRACT),
            title=f"Kontrakt {n}",
            start=dt.date(2023, 1, 1),
            parent=world["public"],
        )
        track = plans.track_add(
            actor=None, agreement=agreement, title="Spor", followed_by=[setup.body]
        )
        plans.activity_add(actor=None, track=track, title="Aktivitet")
        plans.matrix_create(
            actor=None, agreement=agreement, title="Matrix", levels=["A"], sections=["B"]
        )
        services.agreement_put_in_force(actor=None, agreement_id=agreement.pk)
    assert [count(url) for url in (LIST, TRACKS, MATRICES)] == few


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "secretariat"])
def test_the_agreement_endpoints_answer_as_the_schema_says(
    client: Client, setup: Setup, world: dict[str, Agreement], signed_in: bool
) -> None:
    if signed_in:
        client.force_login(setup.secretary)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    public = world["public"]
    pages = [
        (LIST, LIST),
        (f"{LIST}{public.pk}/", "/api/agreements/{id}/"),
        (TRACKS, TRACKS),
        (f"{TRACKS}{public.tracks.get().pk}/", "/api/agreement-tracks/{id}/"),
        (MATRICES, MATRICES),
        (f"{MATRICES}{public.matrices.get().pk}/", "/api/plan-matrices/{id}/"),
    ]
    for url, path in pages:
        answer = client.get(url)
        assert answer.status_code == 200, url
        _validator(schema, path, "200").validate(answer.json())
    response = client.get(LIST, {"year": "tyve"})
    _validator(schema, LIST, "400").validate(response.json())
    response = client.get(f"{LIST}{world['draft'].pk}/")
    expected = 200 if signed_in else 404
    assert response.status_code == expected
    _validator(schema, "/api/agreements/{id}/", str(expected)).validate(response.json())
