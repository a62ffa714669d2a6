"""The rules of an agreement's life (agreements/services.py) and the goal status rule
(agreements/selectors.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import translation

from agreements import selectors, services
from agreements.models import Agreement, AgreementKind, Indicator, Measurement, Party
from agreements.selectors import GoalStatus
from core.errors import ConflictError
from tests.agreements.conftest import Setup


def _fields(error: ValidationError) -> set[str]:
    return set(error.message_dict)


def test_a_period_that_ends_before_it_starts_is_refused_on_create(setup: Setup) -> None:
    with pytest.raises(ValidationError) as caught:
        services.agreement_create(
            actor=setup.secretary,
            body=setup.body,
            kind=setup.agreement.kind,
            title="Baglæns",
            start=dt.date(2024, 6, 1),
            end=dt.date(2024, 1, 1),
        )
    assert _fields(caught.value) == {"end"}
    assert not Agreement.objects.filter(title="Baglæns").exists()


def test_a_period_that_ends_before_it_starts_is_refused_on_update_and_nothing_changes(
    setup: Setup,
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.agreement_update(
            actor=setup.secretary,
            agreement_id=setup.agreement.pk,
            expected_version=setup.agreement.version,
            end=dt.date(2022, 12, 31),
        )
    assert _fields(caught.value) == {"end"}
    setup.agreement.refresh_from_db()
    assert setup.agreement.end == dt.date(2023, 12, 31)


def test_the_database_refuses_a_period_that_ends_before_it_starts(setup: Setup) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=setup.agreement.pk).update(end=dt.date(2000, 1, 1))


def test_a_parent_that_would_make_a_cycle_is_refused(setup: Setup) -> None:
    child = services.agreement_create(
        actor=setup.secretary,
        body=setup.body,
        kind=setup.agreement.kind,
        title="Lokal aftale",
        start=dt.date(2023, 1, 1),
        parent=setup.agreement,
    )
    grandchild = services.agreement_create(
        actor=setup.secretary,
        body=setup.body,
        kind=setup.agreement.kind,
        title="Underaftale",
        start=dt.date(2023, 1, 1),
        parent=child,
    )
    for parent in (grandchild, setup.agreement):
        with pytest.raises(ValidationError) as caught:
            services.agreement_update(
                actor=setup.secretary,
                agreement_id=setup.agreement.pk,
                expected_version=setup.agreement.version,
                parent=parent,
            )
        assert _fields(caught.value) == {"parent"}
    setup.agreement.refresh_from_db()
    assert setup.agreement.parent is None
    # A parent that is not below it is fine.
    other = services.agreement_create(
        actor=setup.secretary,
        body=setup.body,
        kind=setup.agreement.kind,
        title="National aftale",
        start=dt.date(2020, 1, 1),
    )
    services.agreement_update(
        actor=setup.secretary,
        agreement_id=setup.agreement.pk,
        expected_version=setup.agreement.version,
        parent=other,
    )
    setup.agreement.refresh_from_db()
    assert setup.agreement.parent == other


def test_a_stale_version_is_a_conflict_naming_what_is_saved_now(setup: Setup) -> None:
    version = setup.agreement.version
    services.agreement_update(
        actor=setup.secretary,
        agreement_id=setup.agreement.pk,
        expected_version=version,
        title="Resultatkontrakt 2023 (rettet)",
    )
    with pytest.raises(ConflictError) as caught, translation.override("en"):
        services.agreement_update(
            actor=setup.other_secretary,
            agreement_id=setup.agreement.pk,
            expected_version=version,
            title="Min titel",
        )
    assert ("title", "Resultatkontrakt 2023 (rettet)") in caught.value.changes
    setup.agreement.refresh_from_db()
    assert setup.agreement.title == "Resultatkontrakt 2023 (rettet)"


def test_a_stale_goal_and_indicator_are_conflicts(setup: Setup) -> None:
    services.goal_update(
        actor=setup.secretary, goal_id=setup.goal.pk, expected_version=1, title="Nyt navn"
    )
    with pytest.raises(ConflictError):
        services.goal_update(
            actor=setup.secretary, goal_id=setup.goal.pk, expected_version=1, title="Andet"
        )
    services.indicator_update(
        actor=setup.secretary, indicator_id=setup.indicator.pk, expected_version=1, source="DST"
    )
    with pytest.raises(ConflictError):
        services.indicator_update(
            actor=setup.secretary, indicator_id=setup.indicator.pk, expected_version=1, source="x"
        )


def test_an_indicator_target_without_a_unit_is_refused(setup: Setup) -> None:
    with pytest.raises(ValidationError) as caught:
        services.indicator_add(
            actor=setup.secretary, goal=setup.goal, name="Tilfredshed", target_value=Decimal(80)
        )
    assert _fields(caught.value) == {"unit"}
    assert not Indicator.objects.filter(name="Tilfredshed").exists()
    # Removing the unit of an indicator that has a target is refused too.
    with pytest.raises(ValidationError):
        services.indicator_update(
            actor=setup.secretary, indicator_id=setup.indicator.pk, expected_version=1, unit=""
        )
    # Without a target, no unit is needed.
    services.indicator_add(actor=setup.secretary, goal=setup.goal, name="Fortællinger")


def test_the_database_refuses_a_target_without_a_unit(setup: Setup) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.filter(pk=setup.indicator.pk).update(unit="")


def test_a_measurement_for_a_year_outside_the_period_is_refused(setup: Setup) -> None:
    for year in (2022, 2024):
        with pytest.raises(ValidationError) as caught:
            services.measurement_record(
                actor=setup.secretary,
                indicator_id=setup.indicator.pk,
                year=year,
                value=Decimal(450),
            )
        assert _fields(caught.value) == {"year"}
    assert not Measurement.objects.exists()
    measurement = services.measurement_record(
        actor=setup.secretary, indicator_id=setup.indicator.pk, year=2023, value=Decimal(450)
    )
    assert measurement.reported_by == setup.secretary
    assert measurement.reported_at is not None


def test_a_measurement_dated_outside_its_year_is_refused(setup: Setup) -> None:
    with pytest.raises(ValidationError) as caught:
        services.measurement_record(
            actor=setup.secretary,
            indicator_id=setup.indicator.pk,
            year=2023,
            value=Decimal(1),
            measured_on=dt.date(2024, 1, 5),
        )
    assert _fields(caught.value) == {"measured_on"}


def test_an_open_ended_agreement_takes_measurements_for_any_later_year(setup: Setup) -> None:
    services.agreement_update(
        actor=setup.secretary, agreement_id=setup.agreement.pk, expected_version=1, end=None
    )
    services.measurement_record(
        actor=setup.secretary, indicator_id=setup.indicator.pk, year=2030, value=Decimal(1)
    )


def test_a_party_is_exactly_one_of_organisation_body_or_municipality(setup: Setup) -> None:
    with pytest.raises(ValidationError):
        services.party_add(actor=setup.secretary, agreement=setup.agreement)
    with pytest.raises(ValidationError):
        services.party_add(
            actor=setup.secretary,
            agreement=setup.agreement,
            organisation=setup.organisation,
            body=setup.other_body,
        )
    with pytest.raises(ValidationError):  # already a party
        services.party_add(
            actor=setup.secretary, agreement=setup.agreement, organisation=setup.organisation
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Party.objects.create(agreement=setup.agreement)
    party = services.party_add(
        actor=setup.secretary, agreement=setup.agreement, body=setup.other_body, role="Part"
    )
    services.party_remove(actor=setup.secretary, party_id=party.pk)
    assert setup.agreement.parties.count() == 1


def test_a_goal_with_measurements_is_not_removed(setup: Setup) -> None:
    services.measurement_record(
        actor=setup.secretary, indicator_id=setup.indicator.pk, year=2023, value=Decimal(1)
    )
    with pytest.raises(ValidationError):
        services.goal_remove(actor=setup.secretary, goal_id=setup.goal.pk)
    empty = services.goal_add(actor=setup.secretary, agreement=setup.agreement, title="Tom")
    services.indicator_add(actor=setup.secretary, goal=empty, name="Ingen målinger")
    services.goal_remove(actor=setup.secretary, goal_id=empty.pk)
    assert list(setup.agreement.goals.all()) == [setup.goal]


def test_a_new_kind_is_added_by_name_and_reused(setup: Setup) -> None:
    first = services.agreement_create(
        actor=setup.secretary,
        body=setup.body,
        new_kind="Samarbejdsaftale",
        title="A",
        start=dt.date(2024, 1, 1),
    )
    second = services.agreement_create(
        actor=setup.secretary,
        body=setup.body,
        new_kind=" samarbejdsaftale ",
        title="B",
        start=dt.date(2024, 1, 1),
    )
    assert first.kind == second.kind
    assert first.kind.label == "Samarbejdsaftale"
    assert AgreementKind.objects.filter(code="").count() == 1
    with pytest.raises(ValidationError) as caught:
        services.agreement_create(
            actor=setup.secretary, body=setup.body, title="C", start=dt.date(2024, 1, 1)
        )
    assert _fields(caught.value) == {"kind"}


def test_the_summary_is_sanitised(setup: Setup) -> None:
    agreement = services.agreement_update(
        actor=setup.secretary,
        agreement_id=setup.agreement.pk,
        expected_version=1,
        summary="<p>Tekst</p><script>alert(1)</script>",
    )
    assert "<script>" not in agreement.summary
    assert "Tekst" in agreement.summary


def _in_force(setup: Setup) -> Agreement:
    return services.agreement_put_in_force(actor=setup.secretary, agreement_id=setup.agreement.pk)


def test_renewal_copies_goals_and_indicators_with_targets_to_set(setup: Setup) -> None:
    services.measurement_record(
        actor=setup.secretary, indicator_id=setup.indicator.pk, year=2023, value=Decimal(480)
    )
    _in_force(setup)
    start, end = services.next_period(setup.agreement)
    assert (start, end) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    new = services.agreement_renew(
        actor=setup.secretary,
        agreement_id=setup.agreement.pk,
        title="Resultatkontrakt 2024",
        start=start,
        end=end,
    )
    assert new.status == Agreement.Status.DRAFT
    assert new.predecessor == setup.agreement
    assert [p.organisation for p in new.parties.all()] == [setup.organisation]
    (goal,) = new.goals.all()
    (indicator,) = goal.indicators.all()
    assert goal.title == "Flere vækstforløb"
    assert indicator.unit == "virksomheder"
    assert indicator.target_value is None and indicator.target_year is None
    # The new baseline is what was last measured.
    assert (indicator.baseline_value, indicator.baseline_year) == (Decimal(480), 2023)
    assert not indicator.measurements.exists()
    # The old one stays in force until the new one comes into force; then it is replaced.
    setup.agreement.refresh_from_db()
    assert setup.agreement.status == Agreement.Status.IN_FORCE
    services.agreement_put_in_force(actor=setup.secretary, agreement_id=new.pk)
    setup.agreement.refresh_from_db()
    assert setup.agreement.status == Agreement.Status.REPLACED


def test_a_draft_and_an_already_renewed_agreement_are_not_renewed(setup: Setup) -> None:
    with pytest.raises(ValidationError):
        services.agreement_renew(
            actor=setup.secretary,
            agreement_id=setup.agreement.pk,
            title="X",
            start=dt.date(2024, 1, 1),
            end=None,
        )
    _in_force(setup)
    services.agreement_renew(
        actor=setup.secretary,
        agreement_id=setup.agreement.pk,
        title="X",
        start=dt.date(2024, 1, 1),
        end=None,
    )
    with pytest.raises(ValidationError):
        services.agreement_renew(
            actor=setup.secretary,
            agreement_id=setup.agreement.pk,
            title="Y",
            start=dt.date(2024, 1, 1),
            end=None,
        )


def test_ending_terminates_an_agreement_in_force_on_a_date(setup: Setup) -> None:
    with pytest.raises(ValidationError):  # a draft is not in force
        services.agreement_end(
            actor=setup.secretary, agreement_id=setup.agreement.pk, ended_on=dt.date(2023, 6, 30)
        )
    _in_force(setup)
    with pytest.raises(ValidationError) as caught:
        services.agreement_end(
            actor=setup.secretary, agreement_id=setup.agreement.pk, ended_on=dt.date(2022, 6, 30)
        )
    assert _fields(caught.value) == {"ended_on"}
    ended = services.agreement_end(
        actor=setup.secretary, agreement_id=setup.agreement.pk, ended_on=dt.date(2023, 6, 30)
    )
    assert ended.status == Agreement.Status.TERMINATED
    assert ended.ended_on == dt.date(2023, 6, 30)
    assert ended.history.first().history_user == setup.secretary


def test_agreements_past_their_end_expire_once(setup: Setup) -> None:
    _in_force(setup)
    assert services.agreements_expire(today=dt.date(2023, 12, 31)) == 0
    assert services.agreements_expire(today=dt.date(2024, 1, 1)) == 1
    assert services.agreements_expire(today=dt.date(2024, 1, 2)) == 0
    setup.agreement.refresh_from_db()
    assert setup.agreement.status == Agreement.Status.EXPIRED


def test_a_document_is_checked_by_content(setup: Setup) -> None:
    fake = SimpleUploadedFile(
        "kontrakt.pdf", b"MZ not a pdf at all", content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as caught:
        services.document_add(
            actor=setup.secretary, agreement=setup.agreement, title="Kontrakt", upload=fake
        )
    assert _fields(caught.value) == {"file"}
    assert not setup.agreement.documents.exists()
    real = SimpleUploadedFile("kontrakt.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    document = services.document_add(
        actor=setup.secretary, agreement=setup.agreement, title="Kontrakt", upload=real
    )
    assert document.content_type == "application/pdf"
    assert document.size == len(b"%PDF-1.4\n%%EOF\n")


def test_history_names_the_actor(setup: Setup) -> None:
    record = setup.agreement.history.first()
    assert record.history_user == setup.secretary


# --- The goal status rule -------------------------------------------------------------------


def _record(setup: Setup, value: int) -> None:
    services.measurement_record(
        actor=setup.secretary, indicator_id=setup.indicator.pk, year=2023, value=Decimal(value)
    )


def _status(setup: Setup) -> GoalStatus:
    (view,) = selectors.agreement_goals(agreement=setup.agreement)
    return view.status


def test_a_goal_without_measurements_has_no_data(setup: Setup) -> None:
    assert _status(setup) == GoalStatus.NO_DATA


@pytest.mark.parametrize(
    ("direction", "value", "expected"),
    [
        (Indicator.Direction.AT_LEAST, 500, GoalStatus.ON_TRACK),
        (Indicator.Direction.AT_LEAST, 620, GoalStatus.ON_TRACK),
        (Indicator.Direction.AT_LEAST, 450, GoalStatus.AT_RISK),  # misses by 10 %
        (Indicator.Direction.AT_LEAST, 449, GoalStatus.OFF_TRACK),
        (Indicator.Direction.AT_MOST, 480, GoalStatus.ON_TRACK),
        (Indicator.Direction.AT_MOST, 540, GoalStatus.AT_RISK),
        (Indicator.Direction.AT_MOST, 600, GoalStatus.OFF_TRACK),
        (Indicator.Direction.EXACTLY, 500, GoalStatus.ON_TRACK),
        (Indicator.Direction.EXACTLY, 530, GoalStatus.AT_RISK),
        (Indicator.Direction.EXACTLY, 430, GoalStatus.OFF_TRACK),
    ],
)
def test_the_latest_measurement_is_read_against_the_target_in_its_direction(
    setup: Setup, direction: str, value: int, expected: GoalStatus
) -> None:
    services.indicator_update(
        actor=setup.secretary,
        indicator_id=setup.indicator.pk,
        expected_version=1,
        direction=direction,
    )
    _record(setup, 100)  # an older, far-off value does not count
    _record(setup, value)
    assert _status(setup) == expected


def test_the_worst_indicator_decides_and_unmeasured_ones_do_not_count(setup: Setup) -> None:
    second = services.indicator_add(
        actor=setup.secretary,
        goal=setup.goal,
        name="Eksport",
        unit="mio. kr.",
        target_value=Decimal(10),
    )
    _record(setup, 600)
    assert _status(setup) == GoalStatus.ON_TRACK  # the second has no measurement yet
    services.measurement_record(
        actor=setup.secretary, indicator_id=second.pk, year=2023, value=Decimal(2)
    )
    assert _status(setup) == GoalStatus.OFF_TRACK
    assert selectors.goal_status(setup.goal) == GoalStatus.OFF_TRACK


def test_the_rule_is_written_out_for_the_page() -> None:
    with translation.override("en"):
        rule = str(selectors.STATUS_RULE)
    assert "10 %" in rule and "on track" in rule and "no data" in rule
