"""Distribution agreements: drafting from the model, answers, finalising, reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.models import Affiliation
from councils.models import Region
from quotas import services
from quotas.models import Agreement, AgreementLine, MunicipalQuota, SetBy
from tests.factories import AffiliationFactory, UserFactory

DEADLINE = dt.date(2029, 9, 10)


@pytest.fixture
def agreement(computed_year):
    return services.agreement_draft(
        actor=None,
        quota_year=computed_year,
        region=Region.objects.get(code="1081"),
        deadline=DEADLINE,
    )


def _confirm_all(agreement: Agreement) -> None:
    for line in agreement.lines.all():
        services.agreement_answer(actor=None, line_id=line.pk, confirm=True, today=DEADLINE)


def test_a_draft_lists_every_municipality_with_the_models_number(agreement) -> None:
    lines = agreement.lines.all()
    assert lines.count() == 11
    assert all(line.quota == line.model_quota for line in lines)


def test_an_agreement_that_does_not_add_up_says_by_how_much(agreement) -> None:
    first = agreement.lines.first()
    services.agreement_lines_set(
        actor=None,
        agreement_id=agreement.pk,
        expected_version=1,
        quotas={first.municipality_id: first.quota + 3},
    )
    services.agreement_send(actor=None, agreement=agreement)
    _confirm_all(agreement)
    with pytest.raises(ValidationError) as error:
        services.agreement_finalise(actor=None, agreement_id=agreement.pk)
    assert any("3 more than the regional quota" in m for m in error.value.messages)


def test_an_agreement_missing_a_municipality_cannot_be_finalised(agreement) -> None:
    services.agreement_send(actor=None, agreement=agreement)
    _confirm_all(agreement)
    agreement.lines.filter(municipality__code="851").delete()
    with pytest.raises(ValidationError) as error:
        services.agreement_finalise(actor=None, agreement_id=agreement.pk)
    assert "Aalborg is not in the agreement." in error.value.messages


def test_a_swap_within_the_region_is_finalised_and_becomes_the_quotas(agreement) -> None:
    lines = {
        line.municipality.code: line for line in agreement.lines.select_related("municipality")
    }
    giver, taker = lines["860"], lines["851"]  # Hjørring hands places to Aalborg
    moved = min(giver.quota, 2)
    services.agreement_lines_set(
        actor=None,
        agreement_id=agreement.pk,
        expected_version=1,
        quotas={
            giver.municipality_id: giver.quota - moved,
            taker.municipality_id: taker.quota + moved,
        },
    )
    services.agreement_send(actor=None, agreement=agreement)
    with pytest.raises(ValidationError, match="Not yet confirmed by"):
        services.agreement_finalise(actor=None, agreement_id=agreement.pk)
    _confirm_all(agreement)
    services.agreement_finalise(actor=None, agreement_id=agreement.pk)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.FINALISED
    aalborg = MunicipalQuota.objects.get(
        national_figure=agreement.national_figure, municipality__code="851"
    )
    assert aalborg.quota == taker.quota + moved and aalborg.set_by == SetBy.AGREEMENT


def test_changing_a_number_asks_that_municipality_again(agreement) -> None:
    services.agreement_send(actor=None, agreement=agreement)
    line = agreement.lines.first()
    services.agreement_answer(actor=None, line_id=line.pk, confirm=True, today=DEADLINE)
    services.agreement_lines_set(
        actor=None,
        agreement_id=agreement.pk,
        expected_version=1,
        quotas={line.municipality_id: line.quota + 1},
    )
    line.refresh_from_db()
    assert line.answer == AgreementLine.Answer.PENDING


def test_two_secretaries_cannot_overwrite_each_others_numbers(agreement) -> None:
    line = agreement.lines.first()
    services.agreement_lines_set(
        actor=None, agreement_id=agreement.pk, expected_version=1, quotas={line.municipality_id: 1}
    )
    with pytest.raises(ValidationError, match="Someone else changed the agreement"):
        services.agreement_lines_set(
            actor=None,
            agreement_id=agreement.pk,
            expected_version=1,
            quotas={line.municipality_id: 2},
        )


def test_answers_close_at_the_deadline_and_a_comment_needs_text(agreement) -> None:
    services.agreement_send(actor=None, agreement=agreement)
    line = agreement.lines.first()
    with pytest.raises(ValidationError, match="deadline"):
        services.agreement_answer(
            actor=None, line_id=line.pk, confirm=True, today=DEADLINE + dt.timedelta(days=1)
        )
    with pytest.raises(ValidationError):
        services.agreement_answer(
            actor=None, line_id=line.pk, confirm=False, comment="", today=DEADLINE
        )


def test_reminders_go_once_to_contacts_of_municipalities_that_have_not_answered(
    agreement, django_capture_on_commit_callbacks
) -> None:
    services.agreement_send(actor=None, agreement=agreement)
    aalborg = agreement.lines.get(municipality__code="851")
    contact = UserFactory(username="aalborg", email="kvote@aalborg.example.org")
    AffiliationFactory(
        user=contact, kind=Affiliation.Kind.MUNICIPAL_CONTACT, municipality=aalborg.municipality
    )
    assert services.agreement_reminders_send(today=DEADLINE - dt.timedelta(days=10)) == 0
    with django_capture_on_commit_callbacks(execute=True):  # sent from the outbox
        assert services.agreement_reminders_send(today=DEADLINE - dt.timedelta(days=2)) == 1
    assert mail.outbox[0].to == ["kvote@aalborg.example.org"]
    assert "Aalborg" in mail.outbox[0].subject
    # A second run (a retried task, or the next morning) sends nothing again.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.agreement_reminders_send(today=DEADLINE - dt.timedelta(days=1)) == 0
    assert len(mail.outbox) == 1
