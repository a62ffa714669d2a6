"""Follow-up rounds: a request for input to the municipality parties, figures accepted as
measurements (once), an organisation's figures entered by the secretariat, and the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Affiliation
from agreements import services, services_follow_up
from agreements.models import FollowUpFigure, FollowUpNarrative, FollowUpRound, Measurement
from consultations import services as consultation_services
from consultations.models import Question, RequestForInput
from tests.factories import AffiliationFactory, MunicipalityFactory, UserFactory


@pytest.fixture
def follow(setup):
    """The 2023 contract in force, with Odense as a municipality party with a contact
    person, and a second indicator in per cent."""
    municipality = MunicipalityFactory(name="Odense Kommune", region=setup.body.region)
    contact = UserFactory(username="odense-contact", first_name="Olga", last_name="Kontakt")
    AffiliationFactory(
        user=contact, kind=Affiliation.Kind.MUNICIPAL_CONTACT, body=None, municipality=municipality
    )
    services.party_add(actor=setup.secretary, agreement=setup.agreement, municipality=municipality)
    share = services.indicator_add(
        actor=setup.secretary,
        goal=setup.goal,
        name="Andel tilfredse virksomheder",
        unit="%",
        target_value=Decimal("80"),
        target_year=2023,
    )
    services.agreement_put_in_force(actor=setup.secretary, agreement_id=setup.agreement.pk)
    setup.municipality = municipality
    setup.contact = contact
    setup.share = share
    return setup


def _open(setup, **extra):
    return services_follow_up.follow_up_round_open(
        actor=setup.secretary,
        agreement_id=setup.agreement.pk,
        period_label="2023",
        year=extra.pop("year", 2023),
        deadline=timezone.now() + dt.timedelta(days=20),
        **extra,
    )


def _answer(setup, follow_up, *, value="512", share="85", narrative="<p>Godt år.</p>"):
    questions = {m.indicator_id or -m.goal_id: m.question_id for m in follow_up.questions.all()}
    return consultation_services.response_submit(
        actor=setup.contact,
        request_id=follow_up.request_id,
        municipality_id=setup.municipality.pk,
        expected_version=0,
        values={
            questions[setup.indicator.pk]: value,
            questions[setup.share.pk]: share,
            questions[-setup.goal.pk]: narrative,
        },
    )


def test_opening_sends_a_request_with_a_number_per_indicator_and_a_narrative_per_goal(follow):
    follow_up = _open(follow)
    request = follow_up.request
    assert request.body == follow.body
    assert request.status == RequestForInput.Status.SENT
    assert [r.municipality for r in request.recipients.all()] == [follow.municipality]
    questions = list(request.questions.order_by("position"))
    assert [q.kind for q in questions] == [Question.Kind.NUMBER] * 2 + [Question.Kind.LONG_TEXT]
    first, share, narrative = questions
    assert first.text == "Flere vækstforløb – Virksomheder i vækstforløb"
    assert first.unit == "virksomheder"
    assert (first.min_value, first.max_value) == (None, None)
    assert (share.min_value, share.max_value) == (Decimal("0"), Decimal("100"))
    assert "Flere vækstforløb" in narrative.text
    mapped = {m.question_id: (m.indicator_id, m.goal_id) for m in follow_up.questions.all()}
    assert mapped == {
        first.pk: (follow.indicator.pk, None),
        share.pk: (follow.share.pk, None),
        narrative.pk: (None, follow.goal.pk),
    }


def test_a_round_can_be_left_as_a_draft_request_to_send_from_its_page(follow):
    follow_up = _open(follow, send=False)
    assert follow_up.request.status == RequestForInput.Status.DRAFT


def test_a_round_for_a_year_outside_the_period_is_refused_and_nothing_is_made(follow):
    with pytest.raises(ValidationError) as error:
        _open(follow, year=2025)
    assert "year" in error.value.message_dict
    assert not FollowUpRound.objects.exists()
    assert not RequestForInput.objects.exists()


def test_a_draft_agreement_is_not_followed_up(setup):
    with pytest.raises(ValidationError):
        _open(setup)


def test_without_municipality_parties_there_is_no_request(setup):
    services.agreement_put_in_force(actor=setup.secretary, agreement_id=setup.agreement.pk)
    follow_up = _open(setup)
    assert follow_up.request is None


def test_accepting_makes_measurements_reported_by_the_submitter_at_submission(follow):
    follow_up = _open(follow)
    response = _answer(follow, follow_up)
    made = services_follow_up.follow_up_accept(actor=follow.secretary, round_id=follow_up.pk)
    assert made == 2
    measurement = Measurement.objects.get(indicator=follow.indicator)
    assert measurement.value == Decimal("512")
    assert measurement.year == 2023
    assert measurement.reported_by == follow.contact
    assert measurement.reported_at == response.submitted_at
    assert "2023" in measurement.note and "Odense Kommune" in measurement.note
    narrative = FollowUpNarrative.objects.get()
    assert narrative.goal == follow.goal and narrative.municipality == follow.municipality
    assert "Godt år" in narrative.text


def test_accepting_twice_records_nothing_twice(follow):
    follow_up = _open(follow)
    _answer(follow, follow_up)
    services_follow_up.follow_up_accept(actor=follow.secretary, round_id=follow_up.pk)
    again = services_follow_up.follow_up_accept(actor=follow.secretary, round_id=follow_up.pk)
    assert again == 0
    assert Measurement.objects.count() == 2
    assert FollowUpFigure.objects.count() == 2
    assert FollowUpNarrative.objects.count() == 1


def test_accepting_one_indicator_leaves_the_others_waiting(follow):
    follow_up = _open(follow)
    _answer(follow, follow_up)
    services_follow_up.follow_up_accept(
        actor=follow.secretary, round_id=follow_up.pk, indicator_ids=[follow.share.pk]
    )
    assert list(Measurement.objects.values_list("indicator_id", flat=True)) == [follow.share.pk]
    services_follow_up.follow_up_accept(actor=follow.secretary, round_id=follow_up.pk)
    assert Measurement.objects.count() == 2


def test_accepting_a_year_outside_the_period_is_refused_and_stores_nothing(follow):
    follow_up = _open(follow)
    _answer(follow, follow_up)
    # The period was corrected after the round was opened: 2023 is no longer in it.
    agreement = follow.agreement
    agreement.refresh_from_db()
    services.agreement_update(
        actor=follow.secretary,
        agreement_id=agreement.pk,
        expected_version=agreement.version,
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 12, 31),
        change_note="Perioden er rettet.",
    )
    with pytest.raises(ValidationError) as error:
        services_follow_up.follow_up_accept(actor=follow.secretary, round_id=follow_up.pk)
    assert "2023" in error.value.message_dict["year"][0]
    assert not Measurement.objects.exists()
    assert not FollowUpFigure.objects.exists()


def test_the_secretariat_enters_an_organisations_figures_once(follow):
    follow_up = _open(follow)
    made = services_follow_up.follow_up_enter_for_organisation(
        actor=follow.secretary,
        round_id=follow_up.pk,
        organisation_id=follow.organisation.pk,
        values={follow.indicator.pk: Decimal("498"), follow.share.pk: None},
        narratives={follow.goal.pk: "Forløbene er i gang."},
    )
    assert made == 1
    measurement = Measurement.objects.get()
    assert measurement.reported_by == follow.secretary
    assert "Erhvervshus Test" in measurement.note
    again = services_follow_up.follow_up_enter_for_organisation(
        actor=follow.secretary,
        round_id=follow_up.pk,
        organisation_id=follow.organisation.pk,
        values={follow.indicator.pk: Decimal("499")},
    )
    assert again == 0
    assert Measurement.objects.get().value == Decimal("498")


def test_an_organisation_that_is_not_a_party_is_refused(follow):
    from councils.models import Organisation

    stranger = Organisation.objects.create(name="Fremmed", slug="fremmed")
    follow_up = _open(follow)
    with pytest.raises(ValidationError):
        services_follow_up.follow_up_enter_for_organisation(
            actor=follow.secretary,
            round_id=follow_up.pk,
            organisation_id=stranger.pk,
            values={follow.indicator.pk: Decimal("1")},
        )


def test_closing_the_round_closes_its_request(follow):
    follow_up = _open(follow)
    services_follow_up.follow_up_round_close(actor=follow.secretary, round_id=follow_up.pk)
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpRound.Status.CLOSED
    assert follow_up.request.status == RequestForInput.Status.CLOSED


# --- Pages -----------------------------------------------------------------------------------


def test_the_secretariat_opens_a_round_from_the_agreement_page(follow, client):
    client.force_login(follow.secretary)
    client.cookies["django_language"] = "en"
    page = client.get(follow.agreement.get_absolute_url())
    open_url = reverse("agreements:follow_up_open", args=[follow.agreement.pk])
    assert open_url in page.content.decode()
    form = client.get(open_url)
    assert "cannot answer a request for input yet" in form.content.decode()
    response = client.post(
        open_url,
        {
            "period_label": "2023",
            "year": "2023",
            "deadline": (timezone.localtime() + dt.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M"),
            "send": "on",
        },
    )
    follow_up = FollowUpRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == follow_up.get_absolute_url()
    assert follow_up.request.status == RequestForInput.Status.SENT


def test_a_year_outside_the_period_is_shown_as_a_form_error(follow, client):
    client.force_login(follow.secretary)
    response = client.post(
        reverse("agreements:follow_up_open", args=[follow.agreement.pk]),
        {
            "period_label": "2030",
            "year": "2030",
            "deadline": (timezone.localtime() + dt.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 400
    assert "year" in response.context["form"].errors
    assert not FollowUpRound.objects.exists()


def test_the_round_page_shows_submitted_figures_next_to_the_target_and_accepts_them(follow, client):
    follow_up = _open(follow)
    _answer(follow, follow_up)
    client.force_login(follow.secretary)
    client.cookies["django_language"] = "en"
    page = client.get(follow_up.get_absolute_url())
    text = page.content.decode()
    assert page.status_code == 200
    assert "Odense Kommune" in text and "512" in text and "at least 500" in text
    assert "Godt år" in text
    response = client.post(
        reverse("agreements:follow_up_accept", args=[follow.agreement.pk, follow_up.pk])
    )
    assert response.status_code == 302
    assert Measurement.objects.count() == 2
    client.post(reverse("agreements:follow_up_accept", args=[follow.agreement.pk, follow_up.pk]))
    assert Measurement.objects.count() == 2
    detail = client.get(follow.agreement.get_absolute_url()).content.decode()
    assert "Godt år" in detail
    assert "Follow-up round 2023" in detail


def test_the_narrative_is_public_on_the_agreement_page_but_the_round_is_not(follow, client):
    follow_up = _open(follow)
    _answer(follow, follow_up)
    services_follow_up.follow_up_accept(actor=follow.secretary, round_id=follow_up.pk)
    public = client.get(follow.agreement.get_absolute_url()).content.decode()
    assert "Godt år" in public
    assert follow_up.get_absolute_url() not in public
    assert client.get(follow_up.get_absolute_url()).status_code == 302  # to log in
    client.force_login(follow.contact)
    assert client.get(follow_up.get_absolute_url()).status_code == 403
    client.force_login(follow.other_secretary)
    assert client.get(follow_up.get_absolute_url()).status_code == 403


def test_the_secretariat_enters_an_organisations_figures_on_the_round_page(follow, client):
    follow_up = _open(follow)
    client.force_login(follow.secretary)
    org = follow.organisation.pk
    response = client.post(
        reverse("agreements:follow_up_enter", args=[follow.agreement.pk, follow_up.pk, org]),
        {f"o{org}-i{follow.indicator.pk}": "498", f"o{org}-g{follow.goal.pk}": "I gang."},
    )
    assert response.status_code == 302
    assert Measurement.objects.get().value == Decimal("498")
    assert FollowUpNarrative.objects.get().organisation_id == org
    bad = client.post(
        reverse("agreements:follow_up_enter", args=[follow.agreement.pk, follow_up.pk, org]),
        {f"o{org}-i{follow.share.pk}": "mange"},
    )
    assert bad.status_code == 400
    assert Measurement.objects.count() == 1
