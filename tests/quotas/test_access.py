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
from quotas.models import DistributionAgreement, DistributionAgreementLine
from tests.factories import AffiliationFactory, UserFactory

DEADLINE = dt.date(2029, 9, 10)
COMMENT = "Vi har ikke boliger nok i år"


@pytest.fixture
def distribution_agreement(computed_year) -> DistributionAgreement:
    """A draft for Region Midtjylland (the demo's KKR secretariat and Aarhus contact)."""
    return services.distribution_agreement_draft(
        actor=None,
        quota_year=computed_year,
        region=Region.objects.get(code="1082"),
        deadline=DEADLINE,
    )


def _aarhus_line(distribution_agreement: DistributionAgreement) -> DistributionAgreementLine:
    return distribution_agreement.lines.get(municipality__code="751")


def _sent_with_a_comment(distribution_agreement: DistributionAgreement) -> DistributionAgreement:
    services.distribution_agreement_send(actor=None, distribution_agreement=distribution_agreement)
    services.distribution_agreement_answer(
        actor=None,
        line_id=_aarhus_line(distribution_agreement).pk,
        confirm=False,
        comment=COMMENT,
        today=DEADLINE,
    )
    return distribution_agreement


def _finalised_with_a_comment(
    distribution_agreement: DistributionAgreement,
) -> DistributionAgreement:
    services.distribution_agreement_send(actor=None, distribution_agreement=distribution_agreement)
    for line in distribution_agreement.lines.all():
        services.distribution_agreement_answer(
            actor=None,
            line_id=line.pk,
            confirm=True,
            comment=COMMENT if line.municipality.code == "751" else "",
            today=DEADLINE,
        )
    return services.distribution_agreement_finalise(
        actor=None, distribution_agreement_id=distribution_agreement.pk
    )


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


def _page(distribution_agreement: DistributionAgreement) -> str:
    return reverse(
        "quotas:distribution_agreement_detail",
        args=[distribution_agreement.quota_year.year, "1082"],
    )


@pytest.mark.parametrize("role", OUTSIDERS)
def test_an_outsider_gets_404_for_a_draft_distribution_agreement(
    distribution_agreement, role: str
) -> None:
    user = _user(role)
    assert _client_for(user).get(_page(distribution_agreement)).status_code == 404
    assert (
        not access.distribution_agreements_visible_to(user)
        .filter(pk=distribution_agreement.pk)
        .exists()
    )


@pytest.mark.parametrize("role", OUTSIDERS)
def test_an_outsider_gets_404_for_a_sent_distribution_agreement_and_its_comments(
    distribution_agreement, role
) -> None:
    _sent_with_a_comment(distribution_agreement)
    response = _client_for(_user(role)).get(_page(distribution_agreement))
    assert response.status_code == 404
    assert COMMENT not in response.content.decode()


def test_a_municipal_contact_sees_the_distribution_agreement_once_it_is_sent_not_before(
    distribution_agreement,
) -> None:
    client = _client_for(_user("kontakt"))
    assert client.get(_page(distribution_agreement)).status_code == 404
    _sent_with_a_comment(distribution_agreement)
    response = client.get(_page(distribution_agreement))
    assert response.status_code == 200
    assert COMMENT in response.content.decode()


def test_the_regions_kkr_secretariat_sees_the_draft_and_the_comments(
    distribution_agreement,
) -> None:
    client = _client_for(_user("sekretariat"))
    assert client.get(_page(distribution_agreement)).status_code == 200
    _sent_with_a_comment(distribution_agreement)
    assert COMMENT in client.get(_page(distribution_agreement)).content.decode()


def test_the_administrator_sees_every_distribution_agreement(distribution_agreement) -> None:
    admin = UserFactory(is_superuser=True)
    assert (
        access.distribution_agreements_visible_to(admin)
        .filter(pk=distribution_agreement.pk)
        .exists()
    )
    region = distribution_agreement.region
    assert access.distribution_agreement_access(admin, region).sees(distribution_agreement)
    assert access.distribution_agreement_access(admin, region).sees_comments


@pytest.mark.parametrize("role", OUTSIDERS)
def test_a_finalised_distribution_agreement_is_public_but_its_comments_are_not(
    distribution_agreement, role
) -> None:
    _finalised_with_a_comment(distribution_agreement)
    response = _client_for(_user(role)).get(_page(distribution_agreement))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Aarhus" in body
    assert COMMENT not in body


@pytest.mark.parametrize(
    "role", [*OUTSIDERS, "sekretariat", "kontakt"], ids=lambda role: f"role={role}"
)
@pytest.mark.parametrize("state", ["draft", "sent", "finalised"])
def test_the_queryset_and_the_single_distribution_agreement_rule_agree(
    distribution_agreement, role, state
) -> None:
    if state == "sent":
        _sent_with_a_comment(distribution_agreement)
    elif state == "finalised":
        _finalised_with_a_comment(distribution_agreement)
    distribution_agreement.refresh_from_db()
    user = _user(role)
    in_queryset = (
        access.distribution_agreements_visible_to(user)
        .filter(pk=distribution_agreement.pk)
        .exists()
    )
    assert in_queryset == access.distribution_agreement_access(
        user, distribution_agreement.region
    ).sees(distribution_agreement)


@pytest.mark.parametrize("role", OUTSIDERS)
def test_the_year_page_does_not_link_an_outsider_to_a_draft(distribution_agreement, role) -> None:
    year = distribution_agreement.quota_year.year
    body = _client_for(_user(role)).get(reverse("quotas:year_detail", args=[year])).content
    assert _page(distribution_agreement).encode() not in body


def test_the_year_page_links_the_secretariat_to_its_regions_distribution_agreement(
    distribution_agreement,
) -> None:
    year = distribution_agreement.quota_year.year
    client = _client_for(_user("sekretariat"))
    body = client.get(reverse("quotas:year_detail", args=[year])).content
    assert _page(distribution_agreement).encode() in body


@pytest.mark.parametrize("role", ["anonymous", "other_region_secretariat", "medlem"])
def test_an_outsider_cannot_answer_or_change_a_draft(distribution_agreement, role) -> None:
    _sent_with_a_comment(distribution_agreement)
    client = _client_for(_user(role))
    url = reverse(
        "quotas:distribution_agreement_action",
        args=[distribution_agreement.quota_year.year, "1082", "answer"],
    )
    response = client.post(url, {"line": _aarhus_line(distribution_agreement).pk, "confirm": "yes"})
    assert response.status_code in (403, 404)
    assert _aarhus_line(distribution_agreement).answer == DistributionAgreementLine.Answer.COMMENTED


@pytest.mark.parametrize("role", ["anonymous", "other_region_secretariat", "medlem"])
def test_the_api_and_the_export_show_no_draft_numbers(distribution_agreement, role) -> None:
    """The draft's numbers are not quotas until it is finalised: the public API and the
    export show the model's numbers, and no comment."""
    line = _aarhus_line(distribution_agreement)
    services.distribution_agreement_lines_set(
        actor=None,
        distribution_agreement_id=distribution_agreement.pk,
        expected_version=distribution_agreement.version,
        quotas={line.municipality_id: line.quota + 7},
    )
    _sent_with_a_comment(distribution_agreement)
    client = _client_for(_user(role))
    year = distribution_agreement.quota_year.year
    api = client.get("/api/municipal-quotas/", {"year": year, "municipality": "751"})
    assert api.status_code == 200
    assert [row["quota"] for row in api.json()["results"]] == [line.model_quota]
    assert COMMENT not in api.content.decode()
    export = client.get(reverse("quotas:year_export", args=[str(year), "csv"]))
    text = export.content.decode("utf-8-sig")
    aarhus = next(row for row in text.splitlines() if ";751;" in row)
    assert aarhus.split(";")[4] == str(line.model_quota)
    assert COMMENT not in text
