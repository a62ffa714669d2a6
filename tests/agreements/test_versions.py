"""Versions of an agreement with a change note (each change after it is in force), their
pages (list, one version, comparison) and the history page for the secretariat."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from agreements import services
from agreements.forms import RemoveForm
from agreements.models import Agreement, AgreementVersion, Party
from tests.agreements.conftest import Setup


def _in_force(setup: Setup) -> Agreement:
    services.economy_line_add(
        actor=setup.secretary,
        agreement=setup.agreement,
        amount=Decimal("22668000"),
        year=2023,
        source="Basisbevilling",
    )
    return services.agreement_put_in_force(actor=setup.secretary, agreement_id=setup.agreement.pk)


def _versions(agreement: Agreement) -> list[AgreementVersion]:
    return list(AgreementVersion.objects.filter(agreement=agreement).order_by("number"))


def _url(name: str, agreement: Agreement, *args: Any) -> str:
    return reverse(f"agreements:{name}", args=[agreement.pk, *args])


# --- Services ---------------------------------------------------------------------------------


def test_a_draft_changes_without_a_note_and_has_no_versions(setup: Setup) -> None:
    services.agreement_update(
        actor=setup.secretary,
        agreement_id=setup.agreement.pk,
        expected_version=setup.agreement.version,
        title="Resultatkontrakt 2023 (udkast)",
    )
    services.goal_add(actor=setup.secretary, agreement=setup.agreement, title="Andet mål")
    assert _versions(setup.agreement) == []


def test_coming_into_force_records_version_1_with_a_snapshot_of_the_content(
    setup: Setup,
) -> None:
    agreement = _in_force(setup)
    [first] = _versions(agreement)
    assert first.number == 1
    assert first.changed_by == setup.secretary
    snapshot = first.snapshot
    assert snapshot["fields"]["title"] == "Resultatkontrakt 2023"
    assert snapshot["fields"]["status"] == "in_force"
    assert snapshot["fields"]["start"] == "2023-01-01"
    assert snapshot["parties"] == [
        {
            "kind": "organisation",
            "id": setup.organisation.pk,
            "name": "Erhvervshus Test",
            "role": "Operatør",
        }
    ]
    assert snapshot["economy"] == [
        {"amount": "22668000", "currency": "DKK", "year": 2023, "source": "Basisbevilling"}
    ]
    [goal] = snapshot["goals"]
    assert goal["title"] == "Flere vækstforløb"
    [indicator] = goal["indicators"]
    assert indicator["name"] == "Virksomheder i vækstforløb"
    assert indicator["target_value"] == "500"
    assert indicator["baseline_value"] == "400"
    assert indicator["unit"] == "virksomheder"
    assert indicator["direction"] == "at_least"


def test_a_change_in_force_without_a_note_is_refused_and_nothing_changes(setup: Setup) -> None:
    agreement = _in_force(setup)
    with pytest.raises(ValidationError) as error:
        services.agreement_update(
            actor=setup.secretary,
            agreement_id=agreement.pk,
            expected_version=agreement.version,
            title="Ny titel",
            change_note="   ",
        )
    assert "change_note" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.party_add(actor=setup.secretary, agreement=agreement, body=setup.other_body)
    with pytest.raises(ValidationError):
        services.goal_remove(actor=setup.secretary, goal_id=setup.goal.pk)
    with pytest.raises(ValidationError):
        services.indicator_update(
            actor=setup.secretary,
            indicator_id=setup.indicator.pk,
            expected_version=setup.indicator.version,
            target_value=Decimal(600),
        )
    agreement.refresh_from_db()
    setup.indicator.refresh_from_db()
    assert agreement.title == "Resultatkontrakt 2023"
    assert agreement.parties.count() == 1
    assert agreement.goals.count() == 1
    assert setup.indicator.target_value == Decimal(500)
    assert len(_versions(agreement)) == 1


def test_each_change_in_force_is_a_new_version_numbered_in_order_with_its_note(
    setup: Setup,
) -> None:
    agreement = _in_force(setup)
    secretary = setup.secretary
    services.agreement_update(
        actor=secretary,
        agreement_id=agreement.pk,
        expected_version=agreement.version,
        title="Resultatkontrakt 2023, revideret",
        change_note="Titlen er rettet.",
    )
    party = services.party_add(
        actor=secretary, agreement=agreement, body=setup.other_body, change_note="Ny part."
    )
    services.party_remove(actor=secretary, party_id=party.pk, change_note="Parten udtrådte.")
    line = services.economy_line_add(
        actor=secretary, agreement=agreement, amount=Decimal(5), change_note="Tillæg."
    )
    services.economy_line_remove(actor=secretary, line_id=line.pk, change_note="Tillæg fjernet.")
    goal = services.goal_add(
        actor=secretary, agreement=agreement, title="Nyt mål", change_note="Mål."
    )
    services.goal_update(
        actor=secretary,
        goal_id=goal.pk,
        expected_version=goal.version,
        title="Nyt mål, præciseret",
        change_note="Præcisering.",
    )
    indicator = services.indicator_add(
        actor=secretary, goal=goal, name="Deltagere", change_note="Indikator."
    )
    services.indicator_update(
        actor=secretary,
        indicator_id=indicator.pk,
        expected_version=indicator.version,
        unit="personer",
        target_value=Decimal(40),
        change_note="Mål for deltagere aftalt.",
    )
    services.goal_remove(actor=secretary, goal_id=goal.pk, change_note="Målet udgår.")
    services.agreement_end(
        actor=secretary, agreement_id=agreement.pk, ended_on=dt.date(2023, 6, 30)
    )
    versions = _versions(agreement)
    assert [v.number for v in versions] == list(range(1, 13))
    assert versions[1].note == "Titlen er rettet."
    assert versions[1].snapshot["fields"]["title"] == "Resultatkontrakt 2023, revideret"
    assert len(versions[2].snapshot["parties"]) == 2
    assert len(versions[3].snapshot["parties"]) == 1
    assert versions[9].snapshot["goals"][1]["indicators"][0]["target_value"] == "40"
    assert len(versions[10].snapshot["goals"]) == 1
    assert versions[11].snapshot["fields"]["status"] == "terminated"
    assert all(v.changed_by == secretary for v in versions)


# --- Pages -----------------------------------------------------------------------------------


def _english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def test_the_edit_form_of_an_agreement_in_force_requires_the_note_and_keeps_what_was_typed(
    client: Client, setup: Setup
) -> None:
    agreement = _in_force(setup)
    client.force_login(setup.secretary)
    data = {
        "title": "Typed title",
        "kind": agreement.kind_id,
        "body": setup.body.pk,
        "start": "2023-01-01",
        "end": "2023-12-31",
        "summary": "<p>Mål.</p>",
        "version": agreement.version,
    }
    refused = client.post(_url("agreement_edit", agreement), data)
    assert refused.status_code == 400
    assert "change_note" in refused.context["form"].errors
    assert b"Typed title" in refused.content
    agreement.refresh_from_db()
    assert agreement.title == "Resultatkontrakt 2023"
    saved = client.post(
        _url("agreement_edit", agreement), {**data, "change_note": "New title agreed."}
    )
    assert saved.status_code == 302
    assert _versions(agreement)[-1].note == "New title agreed."
    page = _english(client).get(_url("agreement_detail", agreement))
    assert b"Version 2, " in page.content and b"New title agreed." in page.content


def test_a_draft_form_has_no_note_field(client: Client, setup: Setup) -> None:
    client.force_login(setup.secretary)
    response = client.get(_url("agreement_edit", setup.agreement))
    assert "change_note" not in response.context["form"].fields


def test_removing_a_party_in_force_asks_for_the_note_first(client: Client, setup: Setup) -> None:
    agreement = _in_force(setup)
    party = agreement.parties.get()
    client.force_login(setup.secretary)
    url = _url("party_remove", agreement, party.pk)
    assert client.get(url).status_code == 200
    refused = client.post(url, {"change_note": ""})
    assert refused.status_code == 400
    assert Party.objects.filter(pk=party.pk).exists()
    assert client.post(url, {"change_note": "The operator left."}).status_code == 302
    assert not Party.objects.filter(pk=party.pk).exists()
    assert _versions(agreement)[-1].note == "The operator left."


def test_the_remove_form_message_is_the_note_rule(setup: Setup) -> None:
    form = RemoveForm({"change_note": ""})
    assert not form.is_valid()
    with translation.override("en"):
        assert "what changed and why" in str(form.errors["change_note"][0])


def test_the_versions_page_lists_them_and_each_is_shown_from_its_snapshot(
    client: Client, setup: Setup
) -> None:
    agreement = _in_force(setup)
    services.indicator_update(
        actor=setup.secretary,
        indicator_id=setup.indicator.pk,
        expected_version=setup.indicator.version,
        target_value=Decimal(550),
        change_note="Target raised to 550.",
    )
    _english(client)
    listing = client.get(_url("agreement_versions", agreement))
    assert listing.status_code == 200
    assert [v.number for v in listing.context["versions"]] == [2, 1]
    assert b"Target raised to 550." in listing.content
    # The public is not told who made the change.
    assert setup.secretary.username.encode() not in listing.content
    first = client.get(_url("agreement_version", agreement, 1))
    assert first.status_code == 200
    assert "Virksomheder i vækstforløb" in first.content.decode()
    assert b"At least 500" in first.content
    assert b"Erhvervshus Test" in first.content
    assert client.get(_url("agreement_version", agreement, 3)).status_code == 404
    compared = client.get(_url("agreement_version_compare", agreement) + "?fra=1&til=2")
    assert compared.status_code == 200
    [difference] = compared.context["differences"]
    assert (difference.before, difference.after) == ("500", "550")
    assert "target value" in difference.what
    # Without numbers: the newest and the one before.
    assert client.get(_url("agreement_version_compare", agreement)).status_code == 200
    assert client.get(_url("agreement_version_compare", agreement) + "?fra=x").status_code == 404


def test_a_drafts_and_an_internal_agreements_versions_are_not_public(
    client: Client, setup: Setup
) -> None:
    internal = services.agreement_create(
        actor=setup.secretary,
        body=setup.body,
        kind=setup.agreement.kind,
        title="Intern aftale",
        start=dt.date(2023, 1, 1),
        is_internal=True,
    )
    services.agreement_put_in_force(actor=None, agreement_id=internal.pk)
    for agreement in (setup.agreement, internal):
        assert client.get(_url("agreement_versions", agreement)).status_code == 404
        assert client.get(_url("agreement_version_compare", agreement)).status_code == 404
    assert client.get(_url("agreement_version", internal, 1)).status_code == 404
    client.force_login(setup.other_secretary)
    assert client.get(_url("agreement_version", internal, 1)).status_code == 404
    client.force_login(setup.secretary)
    assert client.get(_url("agreement_version", internal, 1)).status_code == 200
    assert client.get(_url("agreement_versions", setup.agreement)).status_code == 200


def test_a_version_names_a_parent_agreement_only_when_the_viewer_may_see_it(
    client: Client, setup: Setup
) -> None:
    child = services.agreement_create(
        actor=setup.secretary,
        body=setup.body,
        kind=setup.agreement.kind,
        title="Lokal aftale",
        start=dt.date(2023, 1, 1),
        parent=setup.agreement,  # a draft
    )
    services.agreement_put_in_force(actor=None, agreement_id=child.pk)
    page = client.get(_url("agreement_version", child, 1))
    assert page.status_code == 200
    assert b"Resultatkontrakt 2023" not in page.content
    client.force_login(setup.secretary)
    assert b"Resultatkontrakt 2023" in client.get(_url("agreement_version", child, 1)).content


def test_the_history_page_is_the_secretariats_only(client: Client, setup: Setup) -> None:
    agreement = _in_force(setup)
    url = _url("agreement_history", agreement)
    assert client.get(url).status_code == 403
    client.force_login(setup.other_secretary)
    assert client.get(url).status_code == 403
    client.force_login(setup.secretary)
    _english(client)
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Flere vækstforløb" in content  # the goal's history row
    assert "Version 1" in content
    assert "History" in client.get(_url("agreement_detail", agreement)).content.decode()


def _versions_page_queries(client: Client, agreement: Agreement) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_url("agreement_versions", agreement))
    assert response.status_code == 200
    return len(queries)


def test_the_versions_page_query_count_does_not_grow_with_versions(
    client: Client, setup: Setup
) -> None:
    agreement = _in_force(setup)
    few_public = _versions_page_queries(client, agreement)
    client.force_login(setup.secretary)
    # Warm-up: the signed-in user's roles come from the cache after the first page (decision 0029).
    _versions_page_queries(client, agreement)
    few_secretariat = _versions_page_queries(client, agreement)
    for n in range(6):
        services.goal_add(
            actor=setup.secretary, agreement=agreement, title=f"Mål {n}", change_note=f"Mål {n}."
        )
    assert AgreementVersion.objects.filter(agreement=agreement).count() == 7
    assert _versions_page_queries(client, agreement) == few_secretariat
    client.logout()
    assert _versions_page_queries(client, agreement) == few_public
    assert few_public <= 3  # the agreement, its versions (and the session-less page)
