"""The OpenAPI schema is true (issue 11, hole 16): a real answer of every list and detail
endpoint, anonymous and signed in, validates against the schema the portal publishes, with
undocumented fields refused; every operation documents its 400, 401, 403 and 404 answers,
and the 400 and 404 answers given validate too."""

from __future__ import annotations

import copy
from typing import Any

import jsonschema
import pytest
from django.test import Client
from django.urls import resolve

from accounts.models import Affiliation
from councils.models import Body
from tests.factories import UserFactory


def _json_schema(node: Any) -> Any:
    """OpenAPI 3.0's schema dialect as JSON Schema: ``nullable`` becomes a null alternative,
    and objects with declared properties refuse undeclared ones."""
    if isinstance(node, list):
        return [_json_schema(value) for value in node]
    if not isinstance(node, dict):
        return node
    node = {key: _json_schema(value) for key, value in node.items()}
    if node.get("type") == "object" and "properties" in node:
        node.setdefault("additionalProperties", False)
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


@pytest.fixture
def schema(client: Client, db: None) -> dict:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def data(demo: dict) -> None:
    """The demo's bodies and quotas, and meetings with an open and a closed item, a sub-item
    and an attachment, one of them published (built here rather than by the meeting demo,
    so that the test does not depend on how the demo builds its agendas)."""
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from meetings import services
    from meetings.models import AgendaItem
    from quotas.demo import load_quota_demo

    load_quota_demo()
    # The agreements with their goals, tracks and matrices (/api/agreements/, …).
    from agreements.demo import load_agreement_demo

    load_agreement_demo()
    body = Body.objects.get(slug="kd-net-midtjylland")
    for day in (3, 10):
        meeting = services.meeting_schedule(
            actor=None,
            body=body,
            starts_at=timezone.make_aware(dt.datetime(2027, 3, day, 9)),
            place="Silkeborg",
        )
        top = AgendaItem.objects.filter(meeting=meeting).order_by("position").first()
        AgendaItem.objects.create(meeting=meeting, parent=top, title="Underpunkt", position=0)
        AgendaItem.objects.create(meeting=meeting, title="Lukket", position=9, is_closed=True)
        pdf = SimpleUploadedFile("bilag.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
        services.attachments_add(actor=None, item=top, files=[("", pdf)], is_closed=False)
    services.agenda_publish(actor=None, meeting_id=meeting.pk, change_note="")
    news = services.newsletter_create(
        actor=None, body=body, title="Nyt fra KD-Net", content="<p>Beslutninger</p>"
    )
    services.newsletter_publish(actor=None, newsletter_id=news.pk)
    _public_request_for_input(body)


def _public_request_for_input(body: Body) -> None:
    """A request for input whose answers everyone may read: sent, "everyone after the
    deadline", the deadline passed, with a submitted answer (the anonymous reader's data for
    ``/api/requests-for-input/{id}/``)."""
    import datetime as dt

    from django.utils import timezone

    from consultations import services
    from consultations.models import RequestForInput
    from councils.models import Municipality

    municipality = Municipality.objects.filter(region=body.region).order_by("name").first()
    assert municipality is not None
    contact = UserFactory(username="schema-contact", email="kontakt@kommune.invalid")
    Affiliation.objects.create(
        user=contact, kind=Affiliation.Kind.MUNICIPAL_CONTACT, municipality=municipality
    )
    request = services.request_create(
        actor=None,
        body=body,
        title="Offentlig høring",
        deadline=timezone.now() + dt.timedelta(days=1),
        answers_visibility=RequestForInput.Visibility.PUBLIC_AFTER_DEADLINE,
        municipalities=[municipality],
    )
    question = services.question_add(
        actor=None, request=request, kind="short_text", text="Jeres input"
    )
    services.request_send(actor=None, request_id=request.pk)
    services.response_submit(
        actor=contact,
        request_id=request.pk,
        municipality_id=municipality.pk,
        expected_version=0,
        values={question.pk: "Mere kollektiv trafik"},
    )
    # The deadline passes (no service moves a deadline earlier).
    RequestForInput.objects.filter(pk=request.pk).update(
        deadline=timezone.now() - dt.timedelta(hours=1)
    )


def _validator(schema: dict, path: str, status: str) -> jsonschema.Validator:
    operation = schema["paths"][path]["get"]
    body = operation["responses"][status]["content"]["application/json"]["schema"]
    document = {**_json_schema(body), "components": _json_schema(schema["components"])}
    return jsonschema.Draft202012Validator(document, format_checker=jsonschema.FormatChecker())


def _detail_url(client: Client, path: str, list_data: Any) -> str | None:
    """A detail URL for the first record of the list (its lookup value from the answer, or
    from the view's own queryset where the answer does not carry it)."""
    name = path.rsplit("{", 1)[1].split("}")[0]
    list_path = path.split("{")[0]
    first = list_data["results"][0] if list_data["results"] else None
    if first is None:
        return None
    value = first.get(name)
    if value is None:
        view = resolve(list_path).func
        value = view.cls.queryset.order_by("pk").first().pk
    return path.replace("{" + name + "}", str(value))


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "secretariat"])
def test_every_endpoint_answers_as_its_schema_says(
    client: Client, schema: dict, data: None, signed_in: bool
) -> None:
    if signed_in:
        user = UserFactory(username="schema-secretary")
        for body in Body.objects.all():
            Affiliation.objects.create(user=user, body=body, kind=Affiliation.Kind.SECRETARIAT)
        client.force_login(user)
    checked = []
    for path in sorted(schema["paths"]):
        if "{" in path:
            continue
        extra = [{}, {"items": "true"}] if path == "/api/meetings/" else [{}]
        for params in extra:
            response = client.get(path, params)
            assert response.status_code == 200, path
            _validator(schema, path, "200").validate(response.json())
            checked.append(path)
        # The record's paths: its detail, and what hangs below it (a request's responses),
        # for the first record of the list.
        details = sorted(p for p in schema["paths"] if p.startswith(path) and p != path)
        if not details:
            continue
        url = _detail_url(client, details[0], response.json())
        assert url is not None, f"no data for {details[0]}"
        for detail in details:
            nested = url + detail.removeprefix(details[0])
            response = client.get(nested)
            assert response.status_code == 200, nested
            _validator(schema, detail, "200").validate(response.json())
            checked.append(detail)
    assert set(checked) == set(schema["paths"])


def test_every_operation_documents_its_error_answers(schema: dict) -> None:
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"400", "401", "403", "404"} <= set(operation["responses"]), (method, path)


@pytest.mark.django_db
def test_the_400_and_404_answers_are_as_documented(client: Client, schema: dict) -> None:
    for path in ("/api/bodies/", "/api/meetings/", "/api/regional-quotas/"):
        response = client.get(path, {"page": "0"})
        assert response.status_code == 400
        _validator(schema, path, "400").validate(response.json())
        assert "page" in response.json()
        response = client.get(path, {"page": "9"})
        assert response.status_code == 404
        _validator(schema, path, "404").validate(response.json())
    response = client.get("/api/bodies/no-such-body/")
    assert response.status_code == 404
    _validator(schema, "/api/bodies/{slug}/", "404").validate(response.json())


def test_links_that_can_be_empty_are_nullable(schema: dict) -> None:
    components = schema["components"]["schemas"]
    for component, field in [
        ("MeetingListOutput", "ends_at"),
        ("MeetingDetailOutput", "ends_at"),
        ("BodyOutput", "parent"),
        ("BodyOutput", "secretariat"),
        ("BodyOutput", "region"),
        ("SeatOutput", "holder"),
        ("SeatOutput", "nominating_organisation"),
        ("MembershipOutput", "on_behalf_of"),
        ("MembershipOutput", "end"),
        ("PersonOutput", "municipality"),
        ("PaginatedMeetingListOutputList", "next"),
        ("PopoloMembershipOutput", "post_id"),
    ]:
        assert components[component]["properties"][field].get("nullable") is True, (
            component,
            field,
        )


def test_the_json_schema_conversion_refuses_null_where_not_nullable() -> None:
    converted = _json_schema(
        {
            "type": "object",
            "properties": {"a": {"type": "string"}, "b": {"type": "string", "nullable": True}},
        }
    )
    validator = jsonschema.Draft202012Validator(copy.deepcopy(converted))
    assert validator.is_valid({"a": "x", "b": None})
    assert not validator.is_valid({"a": None})
    assert not validator.is_valid({"a": "x", "c": 1})
