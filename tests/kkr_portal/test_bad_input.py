"""No 5xx on bad input (issue 11, hole 7).

Odd digits ("²", "٣", full-width digits), numbers beyond PostgreSQL's integer range, empty and
malformed values, in URL parts, query parameters and form fields, as anonymous and as the
secretariat: each is a 400, a 404 or a form error, never a server error, and nothing changes.
Huge numbers only overflow on PostgreSQL, so the probe runs there (``scripts/run_tests.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import Affiliation
from councils.models import Body
from meetings.models import AgendaItem, Meeting
from tests.factories import UserFactory

HUGE = "99999999999999999999"
BAD_VALUES = [
    "",
    "-1",
    "0",
    "0.5",
    "abc",
    "²",
    "٣",
    "１２",
    HUGE,
    "-" + HUGE,
    "99999999999999",
    "1e999",
    "nan",
]
# Pages and forms take longer to answer: the values that differ most.
FEW_BAD_VALUES = ["", "-1", "0.5", "²", "٣", HUGE]
# Parameters the pages read; the API's come from its own schema.
PAGE_PARAMS = [
    "side",
    "organ",
    "organisation",
    "kommune",
    "ledige",
    "region",
    "year",
    "version",
    "dokument",
]
# Form posts that do their job whatever the fields say: deleting, cancelling.
DESTRUCTIVE = {"item_delete", "attachment_delete", "meeting_cancel", "pdf_retry"}


def _patterns(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        else:
            yield route, entry


def _routes() -> list[tuple[str, str]]:
    """(route, name) of the probed surfaces, with converters as ``<type:name>``."""
    routes = []
    for route, entry in _patterns(get_resolver()):
        route = route.lstrip("^").replace("\\Z", "").replace("$", "")
        if route.startswith(("admin/", "konto/", "kvoter/", "i18n/", "abonnement/")):
            continue
        if "(?P<format>" in route or "\\.(?P" in route:
            continue  # DRF's format suffix routes repeat the plain ones
        routes.append((route, entry.name or ""))
    return routes


def _fill(route: str, value: str) -> str:
    """The route with every URL parameter set to ``value`` (as far as its converter lets)."""
    route = re.sub(r"<int:\w+>", value if value.isascii() and value.isdigit() else "1", route)
    route = re.sub(r"<(slug|str):\w+>", value if value.isascii() and value else "x", route)
    route = re.sub(r"\(\?P<\w+>\[\^/\.\]\+\)", value if value and "/" not in value else "x", route)
    return "/" + route


@pytest.fixture
def secretary(demo) -> object:
    """A secretary of every body, and two meetings of KD-Net (one with its agenda
    published), each with the standing items and a sub-item."""
    import datetime as dt

    from django.utils import timezone

    from meetings import services

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
    services.agenda_publish(actor=None, meeting_id=meeting.pk, change_note="")
    user = UserFactory(username="probe-secretary")
    for body in Body.objects.all():
        Affiliation.objects.create(user=user, body=body, kind=Affiliation.Kind.SECRETARIAT)
    return user


def _assert_no_server_error(client: Client, method: str, url: str, **data: object) -> None:
    response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
    assert response.status_code < 500, f"{method.upper()} {url} {data!r}: {response.status_code}"


def _snapshot() -> tuple:
    return (
        list(Meeting.objects.order_by("pk").values_list("pk", "version", "place", "status")),
        list(AgendaItem.objects.order_by("pk").values_list("pk", "version", "title", "position")),
    )


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "secretariat"])
def test_bad_values_in_urls_and_query_parameters_never_give_a_server_error(
    client: Client, secretary, signed_in: bool
) -> None:
    if signed_in:
        client.force_login(secretary)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    before = _snapshot()
    meeting = Meeting.objects.order_by("pk").first()
    item = AgendaItem.objects.order_by("pk").first()
    real_ids = {"meeting": str(meeting.pk), "item": str(item.pk)}
    for route, name in _routes():
        # Every URL part set to each bad value (where the converter lets it through).
        for value in (HUGE, "0", "²", "x"):
            _assert_no_server_error(client, "get", _fill(route, value))
        # Real URL parts with bad query parameters.
        url = _fill(route, real_ids["item"] if "punkt" in route else real_ids["meeting"])
        if route.startswith("api/"):
            path = "/" + re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", route)
            operation = schema["paths"].get(path, {}).get("get", {})
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
            for name in names:
                for value in BAD_VALUES:
                    _assert_no_server_error(client, "get", url, **{name: value})
        else:
            for value in FEW_BAD_VALUES:
                _assert_no_server_error(client, "get", url, **dict.fromkeys(PAGE_PARAMS, value))
    assert _snapshot() == before


FORM_FIELDS = [
    "version",
    "position",
    "direction",
    "starts_at",
    "ends_at",
    "agenda_deadline",
    "at",
    "dates",
    "parent",
    "presenter",
    "person",
    "substitute_for",
    "left_after",
    "status",
    "kind",
    "title",
    "place",
    "year",
    "seat",
    "municipality",
    "organisation",
    "person_name",
]


@pytest.mark.postgres
@pytest.mark.django_db
def test_bad_form_fields_never_give_a_server_error(client: Client, secretary) -> None:
    client.force_login(secretary)
    meeting = Meeting.objects.order_by("pk").first()
    item = AgendaItem.objects.filter(meeting=meeting).order_by("pk").first()
    for route, name in _routes():
        if route.startswith("api/") or name in DESTRUCTIVE:
            continue
        url = _fill(route, str(item.pk) if "punkt" in route else str(meeting.pk))
        for value in FEW_BAD_VALUES:
            data = dict.fromkeys(FORM_FIELDS, value)
            _assert_no_server_error(client, "post", url, **data)
            _assert_no_server_error(client, "post", url, **{"version": value, "title": "Ny"})
        _assert_no_server_error(client, "post", url, title="Ny")  # no version at all


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_nul_character_in_any_parameter_is_a_400(client: Client, secretary) -> None:
    """PostgreSQL text cannot hold NUL: pages that read ``request.GET`` gave a 500."""
    client.force_login(secretary)
    meeting = Meeting.objects.order_by("pk").first()
    for route, _name in _routes():
        url = _fill(route, str(meeting.pk))
        for name in [*PAGE_PARAMS, "body", "region", "role", "q"]:
            response = client.get(url, {name: "a\x00b"})
            assert response.status_code == 400, (url, name, response.status_code)
    response = client.post("/organer/kd-net-midtjylland/rediger/", {"short_name": "\x00"})
    assert response.status_code == 400


# --- The edit forms: a missing or malformed version, a year out of range ------------------

BAD_VERSIONS = [None, "", "abc", "²", "1.5", "-1", HUGE, "99999999999999"]


def _post(client: Client, url: str, data: dict, version: str | None) -> object:
    if version is not None:
        data = {**data, "version": version}
    return client.post(url, data)


@pytest.mark.django_db
def test_an_item_edit_with_a_bad_version_is_a_form_error_and_changes_nothing(
    client: Client, secretary
) -> None:
    from django.utils import translation

    client.force_login(secretary)
    client.cookies["django_language"] = "en"  # the page's language, for the message below
    item = AgendaItem.objects.order_by("pk").first()
    before = _snapshot()
    data = {"title": "Changed", "kind": item.kind}
    for version in BAD_VERSIONS:
        with translation.override("en"):
            response = _post(client, f"/moeder/punkt/{item.pk}/", data, version)
            assert response.status_code == 400, version
            form = response.context["form"]
            assert "version" not in form.errors  # shown above the form, not on the field
            # The messages are lazy: read them in English too.
            assert [str(m) for m in form.non_field_errors()] == [
                "The form is out of date or incomplete. Reload the page and make your change again."
            ]
    assert _snapshot() == before


@pytest.mark.django_db
def test_a_newsletter_or_body_edit_with_a_bad_version_is_a_form_error_and_changes_nothing(
    client: Client, secretary
) -> None:
    from meetings.models import Newsletter
    from meetings.services import newsletter_create

    client.force_login(secretary)
    body = Body.objects.get(slug="kd-net-midtjylland")
    newsletter = newsletter_create(actor=secretary, body=body, title="Nyt", content="<p>Tekst</p>")
    for version in BAD_VERSIONS:
        data = {"title": "Changed", "content": "<p>Changed</p>"}
        response = _post(client, f"/moeder/nyhedsbrev/{newsletter.pk}/rediger/", data, version)
        assert response.status_code == 400, version
        assert list(response.context["form"].errors) == ["__all__"]
        assert Newsletter.objects.get(pk=newsletter.pk).title == "Nyt"

        data = {"short_name": "Changed", "description": "", "website": "", "is_active": "on"}
        response = _post(client, f"/organer/{body.slug}/rediger/", data, version)
        assert response.status_code == 400, version
        assert list(response.context["form"].errors) == ["__all__"]
        assert Body.objects.get(pk=body.pk).short_name == body.short_name


@pytest.mark.django_db
def test_a_meeting_dated_outside_the_portals_years_is_a_form_error(
    client: Client, secretary
) -> None:
    client.force_login(secretary)
    count = Meeting.objects.count()
    for starts_at in ("0001-01-01T00:00", "1899-12-31T09:00", "2200-01-01T09:00"):
        response = client.post("/moeder/ny/kd-net-midtjylland/", {"starts_at": starts_at})
        assert response.status_code == 400, starts_at
        assert "starts_at" in response.context["form"].errors
    plan = "0001-01-01 00:00\n2027-03-12 09:00"
    response = client.post("/moeder/ny/kd-net-midtjylland/", {"plan-dates": plan, "dates": plan})
    assert response.status_code == 400
    assert Meeting.objects.count() == count
