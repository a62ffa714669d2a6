"""Hole 10: draft distribution agreements and the municipalities' comments are seen only by
those who work on them, on every surface (page, year page link, API, export, document)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from accounts.models import Affiliation, User
from councils.models import Body, Region
from quotas import access, services
from quotas.models import Agreement, AgreementLine
from tests.factories import AffiliationFactory, UserFactory

DEADLINE = dt.date(2029, 9, 10)
COMMENT = "Vi har ikke boliger nok i år"


@pytest.fixture
def agreement(computed_year) -> Agreement:
    """A draft for Region Midtjylland (the demo's KKR secretariat and Aarhus contact)."""
    return services.agreement_draft(
        actor=None,
        quota_year=computed_year,
        region=Region.objects.get(code="1082"),
        deadline=DEADLINE,
    )


def _aarhus_line(agreement: Agreement) -> AgreementLine:
    return agreement.lines.get(municipality__code="751")


def _sent_with_a_comment(agreement: Agreement) -> Agreement:
    services.agreement_send(actor=None, agreement=agreement)
    services.agreement_answer(
        actor=None,
        line_id=_aarhus_line(agreement).pk,
        confirm=False,
        comment=COMMENT,
        today=DEADLINE,
    )
    return agreement


def _finalised_with_a_comment(agreement: Agreement) -> Agreement:
    services.agreement_send(actor=None, agreement=agreement)
    for line in agreement.lines.all():
        services.agreement_answer(
            actor=None,
            line_id=line.pk,
            confirm=True,
            comment=COMMENT if line.municipality.code == "751" else "",
            today=DEADLINE,
        )
    return services.agreement_finalise(actor=None, agreement_id=agreement.pk)


def _user(role: str) -> User | AnonymousUser:
    """Users by role towards Region Midtjylland's agreement."""
    if role == "anonymous":
        return AnonymousUser()
    if role in ("sekretariat", "kontakt", "medlem"):  # the demo's users
        return User.objects.get(username=role)
    user = UserFactory(username=role)
    if role == "other_region_secretariat":
        AffiliationFactory(user=user, body=Body.objects.get(slug="kkr-nordjylland"))
    elif role == "other_region_contact":
        AffiliationFactory(
            user=user,
            kind=Affiliation.Kind.MUNICIPAL_CONTACT,
            body=None,
            municipality=Region.objects.get(code="1081").municipalities.first(),
        )
    elif role == "non_kkr_secretariat":  # e.g. RAR Fyn's
        AffiliationFactory(user=user, body=Body.objects.get(slug="rar-fyn"))
    return user


def _client_for(user: User | AnonymousUser) -> Client:
    client = Client()
    if user.is_authenticated:
        client.force_login(user)
    return client


OUTSIDERS = [
    "anonymous",
    "signed_in",
    "medlem",
    "other_region_secretariat",
    "other_region_contact",
    "non_kkr_secretariat",
]


def _page(agreement: Agreement) -> str:
    return reverse("quotas:agreement_detail", args=[agreement.quota_year.year, "1082"])


@pytest.mark.parametrize("role", OUTSIDERS)
def test_an_outsider_gets_404_for_a_draft_agreement(agreement, role: str) -> None:
    user = _user(role)
    assert _client_for(user).get(_page(agreement)).status_code == 404
    assert not access.agreements_visible_to(user).filter(pk=agreement.pk).exists()


@pytest.mark.parametrize("role", OUTSIDERS)
def test_an_outsider_gets_404_for_a_sent_agreement_and_its_comments(agreement, role) -> None:
    _sent_with_a_comment(agreement)
    response = _client_for(_user(role)).get(_page(agreement))
    assert response.status_code == 404
    assert COMMENT not in response.content.decode()


def test_a_municipal_contact_sees_the_agreement_once_it_is_sent_not_before(agreement) -> None:
    client = _client_for(_user("kontakt"))
    assert client.get(_page(agreement)).status_code == 404
    _sent_with_a_comment(agreement)
    response = client.get(_page(agreement))
    assert response.status_code == 200
    assert COMMENT in response.content.decode()


def test_the_regions_kkr_secretariat_sees_the_draft_and_the_comments(agreement) -> None:
    client = _client_for(_user("sekretariat"))
    assert client.get(_page(agreement)).status_code == 200
    _sent_with_a_comment(agreement)
    assert COMMENT in client.get(_page(agreement)).content.decode()


def test_the_administrator_sees_every_agreement(agreement) -> None:
    admin = UserFactory(is_superuser=True)
    assert access.agreements_visible_to(admin).filter(pk=agreement.pk).exists()
    region = agreement.region
    assert access.agreement_access(admin, region).sees(agreement)
    assert access.agreement_access(admin, region).sees_comments


@pytest.mark.parametrize("role", OUTSIDERS)
def test_a_finalised_agreement_is_public_but_its_comments_are_not(agreement, role) -> None:
    _finalised_with_a_comment(agreement)
    response = _client_for(_user(role)).get(_page(agreement))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Aarhus" in body
    assert COMMENT not in body


@pytest.mark.parametrize(
    "role", [*OUTSIDERS, "sekretariat", "kontakt"], ids=lambda role: f"role={role}"
)
@pytest.mark.parametrize("state", ["draft", "sent", "finalised"])
def test_the_queryset_and_the_single_agreement_rule_agree(agreement, role, state) -> None:
    if state == "sent":
        _sent_with_a_comment(agreement)
    elif state == "finalised":
        _finalised_with_a_comment(agreement)
    agreement.refresh_from_db()
    user = _user(role)
    in_queryset = access.agreements_visible_to(user).filter(pk=agreement.pk).exists()
    assert in_queryset == access.agreement_access(user, agreement.region).sees(agreement)


@pytest.mark.parametrize("role", OUTSIDERS)
def test_the_year_page_does_not_link_an_outsider_to_a_draft(agreement, role) -> None:
    year = agreement.quota_year.year
    body = _client_for(_user(role)).get(reverse("quotas:year_detail", args=[year])).content
    assert _page(agreement).encode() not in body


def test_the_year_page_links_the_secretariat_to_its_regions_agreement(agreement) -> None:
    year = agreement.quota_year.year
    client = _client_for(_user("sekretariat"))
    body = client.get(reverse("quotas:year_detail", args=[year])).content
    assert _page(agreement).encode() in body


@pytest.mark.parametrize("role", ["anonymous", "other_region_secretariat", "medlem"])
def test_an_outsider_cannot_answer_or_change_a_draft(agreement, role) -> None:
    _sent_with_a_comment(agreement)
    client = _client_for(_user(role))
    url = reverse("quotas:agreement_action", args=[agreement.quota_year.year, "1082", "answer"])
    response = client.post(url, {"line": _aarhus_line(agreement).pk, "confirm": "yes"})
    assert response.status_code in (403, 404)
    assert _aarhus_line(agreement).answer == AgreementLine.Answer.COMMENTED


@pytest.mark.parametrize("role", ["anonymous", "other_region_secretariat", "medlem"])
def test_the_api_and_the_export_show_no_draft_numbers(agreement, role) -> None:
    """The draft's numbers are not quotas until it is finalised: the public API and the
    export show the model's numbers, and no comment."""
    line = _aarhus_line(agreement)
    services.agreement_lines_set(
        actor=None,
        agreement_id=agreement.pk,
        expected_version=agreement.version,
        quotas={line.municipality_id: line.quota + 7},
    )
    _sent_with_a_comment(agreement)
    client = _client_for(_user(role))
    year = agreement.quota_year.year
    api = client.get("/api/municipal-quotas/", {"year": year, "municipality": "751"})
    assert api.status_code == 200
    assert [row["quota"] for row in api.json()["results"]] == [line.model_quota]
    assert COMMENT not in api.content.decode()
    export = client.get(reverse("quotas:year_export", args=[str(year), "csv"]))
    text = export.content.decode("utf-8-sig")
    aarhus = next(row for row in text.splitlines() if ";751;" in row)
    assert aarhus.split(";")[4] == str(line.model_quota)
    assert COMMENT not in text
