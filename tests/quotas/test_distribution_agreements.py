"""Distribution agreements: drafting from the model, answers, finalising, reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.models import Affiliation
from councils.models import Region
from quotas import services
from quotas.models import DistributionAgreement, DistributionAgreementLine, MunicipalQuota, SetBy
from tests.factories import AffiliationFactory, UserFactory

DEADLINE = dt.date(2029, 9, 10)


@pytest.fixture
def distribution_agreement(computed_year):
    return services.distribution_agreement_draft(
        actor=None,
        quota_year=computed_year,
        region=Region.objects.get(code="1081"),
        deadline=DEADLINE,
    )


def _confirm_all(distribution_agreement: DistributionAgreement) -> None:
    for line in distribution_agreement.lines.all():
        services.distribution_agreement_answer(
            actor=None, line_id=line.pk, confirm=True, today=DEADLINE
        )


def test_a_draft_lists_every_municipality_with_the_models_number(distribution_agreement) -> None:
    lines = distribution_agreement.lines.all()
    assert lines.count() == 11
    assert all(line.quota == line.model_quota for line in lines)


def test_a_distribution_agreement_that_does_not_add_up_says_by_how_much(
    distribution_agreement,
) -> None:
    first = distribution_agreement.lines.first()
    services.distribution_agreement_lines_set(
        actor=None,
        distribution_agreement_id=distribution_agreement.pk,
        expected_version=1,
        quotas={first.municipality_id: first.quota + 3},
    )
    services.distribution_agreement_send(actor=None, distribution_agreement=distribution_agreement)
    _confirm_all(distribution_agreement)
    with pytest.raises(ValidationError) as error:
        services.distribution_agreement_finalise(
            actor=None, distribution_agreement_id=distribution_agreement.pk
        )
    assert any("3 more than the regional quota" in m for m in error.value.messages)


def test_a_distribution_agreement_missing_a_municipality_cannot_be_finalised(
    distribution_agreement,
) -> None:
    services.distribution_agreement_send(actor=None, distribution_agreement=distribution_agreement)
    _confirm_all(distribution_agreement)
    distribution_agreement.lines.filter(municipality__code="851").delete()
    with pytest.raises(ValidationError) as error:
        services.distribution_agreement_finalise(
            actor=None, distribution_agreement_id=distribution_agreement.pk
        )
    assert "Aalborg is not in the agreement." in error.value.messages


def test_a_swap_within_the_region_is_finalised_and_becomes_the_quotas(
    distribution_agreement,
) -> None:
    lines = {
        line.municipality.code: line
        for line in distribution_agreement.lines.select_related("municipality")
    }
    giver, taker = lines["860"], lines["851"]  # Hjørring hands places to Aalborg
    moved = min(giver.quota, 2)
    services.distribution_agreement_lines_set(
        actor=None,
        distribution_agreement_id=distribution_agreement.pk,
        expected_version=1,
        quotas={
            giver.municipality_id: giver.quota - moved,
            taker.municipality_id: taker.quota + moved,
        },
    )
    services.distribution_agreement_send(actor=None, distribution_agreement=distribution_agreement)
    with pytest.raises(ValidationError, match="Not yet confirmed by"):
        services.distribution_agreement_finalise(
            actor=None, distribution_agreement_id=distribution_agreement.pk
        )
    _confirm_all(distribution_agreement)
    services.distribution_agreement_finalise(
        actor=None, distribution_agreement_id=distribution_agreement.pk
    )
    distribution_agreement.refresh_from_db()
    assert distribution_agreement.status == DistributionAgreement.Status.FINALISED
    aalborg = MunicipalQuota.objects.get(
        national_figure=distribution_agreement.national_figure, municipality__code="851"
    )
    assert aalborg.quota == taker.quota + moved and aalborg.set_by == SetBy.DISTRIBUTION_AGREEMENT


def test_changing_a_number_asks_that_municipality_again(distribution_agreement) -> None:
    services.distribution_agreement_send(actor=None, distribution_agreement=distribution_agreement)
    line = distribution_agreement.lines.first()
    services.distribution_agreement_answer(
        actor=None, line_id=line.pk, confirm=True, today=DEADLINE
    )
    services.distribution_agreement_lines_set(
        actor=None,
        distribution_agreement_id=distribution_agreement.pk,
        expected_version=1,
        quotas={line.municipality_id: line.quota + 1},
    )
    line.refresh_from_db()
    assert line.answer == DistributionAgreementLine.Answer.PENDING


def test_two_secretaries_cannot_overwrite_each_others_numbers(distribution_agreement) -> None:
    line = distribution_agreement.lines.first()
    services.distribution_agreement_lines_set(
        actor=None,
        distribution_agreement_id=distribution_agreement.pk,
        expected_version=1,
        quotas={line.municipality_id: 1},
    )
    with pytest.raises(ValidationError, match="Someone else changed the agreement"):
        services.distribution_agreement_lines_set(
            actor=None,
            distribution_agreement_id=distribution_agreement.pk,
            expected_version=1,
            quotas={line.municipality_id: 2},
        )


def test_answers_close_at_the_deadline_and_a_comment_needs_text(distribution_agreement) -> None:
    services.distribution_agreement_send(actor=None, distribution_agreement=distribution_agreement)
    line = distribution_agreement.lines.first()
    with pytest.raises(ValidationError, match="deadline"):
        services.distribution_agreement_answer(
            actor=None, line_id=line.pk, confirm=True, today=DEADLINE + dt.timedelta(days=1)
        )
    with pytest.raises(ValidationError):
        services.distribution_agreement_answer(
            actor=None, line_id=line.pk, confirm=False, comment="", today=DEADLINE
        )


def test_reminders_go_once_to_contacts_of_municipalities_that_have_not_answered(
    distribution_agreement, django_capture_on_commit_callbacks
) -> None:
    services.distribution_agreement_send(actor=None, distribution_agreement=distribution_agreement)
    aalborg = distribution_agreement.lines.get(municipality__code="851")
    contact = UserFactory(username="aalborg", email="kvote@aalborg.example.org")
    AffiliationFactory(
        user=contact, kind=Affiliation.Kind.MUNICIPAL_CONTACT, municipality=aalborg.municipality
    )
    assert (
        services.distribution_agreement_reminders_send(today=DEADLINE - dt.timedelta(days=10)) == 0
    )
    with django_capture_on_commit_callbacks(execute=True):  # sent from the outbox
        assert (
            services.distribution_agreement_reminders_send(today=DEADLINE - dt.timedelta(days=2))
            == 1
        )
    assert mail.outbox[0].to == ["kvote@aalborg.example.org"]
    assert "Aalborg" in mail.outbox[0].subject
    # A second run (a retried task, or the next morning) sends nothing again.
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services.distribution_agreement_reminders_send(today=DEADLINE - dt.timedelta(days=1))
            == 0
        )
    assert len(mail.outbox) == 1
