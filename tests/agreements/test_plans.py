"""Action plans (tracks, activities, milestones), evaluations, meeting items linked to an
agreement, and plan matrices: the services' refusals, the pages, and who sees a linked
item's decision (meetings/access.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements import services
from agreements import services_plans as plans
from agreements.models import (
    Activity,
    Agreement,
    AgreementItemLink,
    Evaluation,
    MatrixCell,
    Milestone,
    Track,
)
from core.errors import ConflictError
from meetings import services as meeting_services
from meetings.models import AgendaItem, Meeting
from tests.agreements.conftest import Setup
from tests.factories import MembershipFactory, PersonFactory, UserFactory


def _detail(agreement: Agreement) -> str:
    return reverse("agreements:agreement_detail", args=[agreement.pk])


def _track(setup: Setup, title: str = "Kvalificeret arbejdskraft") -> Track:
    return plans.track_add(actor=setup.secretary, agreement=setup.agreement, title=title)


def _activity(track: Track, **fields: Any) -> Activity:
    defaults: dict[str, Any] = {
        "title": "Politisk drøftelse",
        "start": dt.date(2023, 3, 1),
        "end": dt.date(2023, 6, 30),
    }
    return plans.activity_add(actor=None, track=track, **{**defaults, **fields})


# --- Services: refusals ----------------------------------------------------------------------


def test_an_activity_that_ends_before_it_starts_is_refused(setup: Setup) -> None:
    track = _track(setup)
    with pytest.raises(ValidationError) as refused:
        _activity(track, start=dt.date(2023, 6, 1), end=dt.date(2023, 5, 1))
    assert "end" in refused.value.message_dict
    assert not Activity.objects.exists()
    activity = _activity(track)
    with pytest.raises(ValidationError):
        plans.activity_update(
            actor=None,
            activity_id=activity.pk,
            expected_version=activity.version,
            end=dt.date(2023, 1, 1),
        )
    activity.refresh_from_db()
    assert activity.end == dt.date(2023, 6, 30)


def test_a_milestone_outside_its_activity_is_allowed_and_marked(setup: Setup) -> None:
    activity = _activity(_track(setup))
    inside = plans.milestone_add(
        actor=None, activity=activity, title="Oplæg", due_on=dt.date(2023, 4, 1)
    )
    late = plans.milestone_add(
        actor=None, activity=activity, title="Opsamling", due_on=dt.date(2023, 9, 1)
    )
    assert not inside.outside_activity
    assert late.outside_activity


def test_a_track_has_one_owner_and_is_not_removed_with_its_activities(setup: Setup) -> None:
    with pytest.raises(ValidationError) as refused:
        plans.track_add(
            actor=None,
            agreement=setup.agreement,
            title="Spor",
            owner_body=setup.body,
            owner_organisation=setup.organisation,
        )
    assert "owner_organisation" in refused.value.message_dict
    track = _track(setup)
    _activity(track)
    with pytest.raises(ValidationError):
        plans.track_remove(actor=None, track_id=track.pk)
    assert Track.objects.filter(pk=track.pk).exists()


def test_a_stale_track_or_activity_is_a_conflict_and_nothing_is_overwritten(
    setup: Setup,
) -> None:
    track = _track(setup)
    plans.track_update(actor=None, track_id=track.pk, expected_version=1, title="Deres titel")
    with pytest.raises(ConflictError) as conflict:
        plans.track_update(actor=None, track_id=track.pk, expected_version=1, title="Min titel")
    assert "Deres titel" in [value for _label, value in conflict.value.changes]
    assert Track.objects.get(pk=track.pk).title == "Deres titel"
    activity = _activity(track)
    plans.activity_update(
        actor=None, activity_id=activity.pk, expected_version=1, status=Activity.Status.DONE
    )
    with pytest.raises(ConflictError):
        plans.activity_update(actor=None, activity_id=activity.pk, expected_version=1, title="x")


def test_an_evaluation_needs_its_date_for_a_conclusion_and_a_checked_document(
    setup: Setup,
) -> None:
    with pytest.raises(ValidationError) as refused:
        plans.evaluation_add(
            actor=None,
            agreement=setup.agreement,
            title="Fælles evaluering",
            due_on=dt.date(2017, 12, 31),
            conclusion="<p>Godt arbejde</p>",
        )
    assert "done_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        plans.evaluation_add(
            actor=None,
            agreement=setup.agreement,
            title="Fælles evaluering",
            due_on=dt.date(2017, 12, 31),
            document=SimpleUploadedFile("rapport.exe", b"MZ\x90\x00"),
        )
    assert "document" in refused.value.message_dict
    assert not Evaluation.objects.exists()
    evaluation = plans.evaluation_add(
        actor=None,
        agreement=setup.agreement,
        title="Fælles evaluering",
        due_on=dt.date(2017, 12, 31),
    )
    done = plans.evaluation_update(
        actor=setup.secretary,
        evaluation_id=evaluation.pk,
        expected_version=evaluation.version,
        conclusion="<p>Fortsæt</p><script>alert(1)</script>",
        done_on=dt.date(2017, 11, 20),
        document=SimpleUploadedFile("evaluering.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    assert done.conclusion == "<p>Fortsæt</p>"
    assert done.document_content_type == "application/pdf"
    assert done.history.first().history_user == setup.secretary


def test_a_link_is_made_once_and_only_to_a_track_of_the_same_agreement(setup: Setup) -> None:
    meeting = Meeting.objects.create(body=setup.body, starts_at=timezone.now())
    item = AgendaItem.objects.create(meeting=meeting, title="Aktionsplan")
    other = services.agreement_create(
        actor=None,
        body=setup.body,
        kind=setup.agreement.kind,
        title="Anden aftale",
        start=dt.date(2023, 1, 1),
    )
    foreign_track = plans.track_add(actor=None, agreement=other, title="Fremmed spor")
    with pytest.raises(ValidationError) as refused:
        plans.item_link_add(actor=None, agreement=setup.agreement, item=item, track=foreign_track)
    assert "track" in refused.value.message_dict
    plans.item_link_add(actor=None, agreement=setup.agreement, item=item)
    with pytest.raises(ValidationError):
        plans.item_link_add(actor=None, agreement=setup.agreement, item=item)
    # The same item may also be linked to a track of the agreement.
    plans.item_link_add(actor=None, agreement=setup.agreement, item=item, track=_track(setup))
    assert AgreementItemLink.objects.count() == 2


def _matrix(setup: Setup) -> Any:
    matrix = plans.matrix_create(
        actor=None,
        agreement=setup.agreement,
        title="Matris",
        levels=["Regional nivå SKNO", "Kommunnivå"],
        sections=["Nuläge", "Mål", "Aktiviteter"],
    )
    plans.matrix_theme_add(
        actor=None,
        matrix=matrix,
        name="Visioner och strategier",
        cells={("Mål", "Kommunnivå"): "<p>Etablera lokala nätverksstrukturer</p>"},
    )
    return matrix


def test_a_matrix_theme_gets_a_cell_per_level_and_section_and_a_cell_edit_is_checked(
    setup: Setup,
) -> None:
    matrix = _matrix(setup)
    assert MatrixCell.objects.filter(theme__matrix=matrix).count() == 6
    with pytest.raises(ValidationError):
        plans.matrix_theme_add(actor=None, matrix=matrix, name="visioner och strategier")
    with pytest.raises(ValidationError):
        plans.matrix_create(
            actor=None, agreement=setup.agreement, title="Tom", levels=[" "], sections=["Mål"]
        )
    cell = MatrixCell.objects.get(section__name="Nuläge", level__name="Kommunnivå")
    saved = plans.matrix_cell_update(
        actor=setup.secretary,
        cell_id=cell.pk,
        expected_version=1,
        text='<p onclick="x()">Nuläge<sup>1</sup></p><script>alert(1)</script>',
    )
    assert saved.text == "<p>Nuläge<sup>1</sup></p>"
    with pytest.raises(ConflictError) as conflict:
        plans.matrix_cell_update(
            actor=setup.other_secretary, cell_id=cell.pk, expected_version=1, text="Mit"
        )
    assert conflict.value.changes[0][1] == "<p>Nuläge<sup>1</sup></p>"
    assert MatrixCell.objects.get(pk=cell.pk).text == "<p>Nuläge<sup>1</sup></p>"


# --- Linked meeting items: who sees which decision -------------------------------------------


def _held_meeting(setup: Setup) -> tuple[Meeting, AgendaItem, AgendaItem]:
    meeting = Meeting.objects.create(
        body=setup.body, starts_at=timezone.now() - dt.timedelta(days=7)
    )
    open_item = meeting_services.agenda_item_add(
        actor=None, meeting=meeting, title="Aktionsplanens spor", decision="<p>OPENDECISION</p>"
    )
    closed_item = meeting_services.agenda_item_add(
        actor=None,
        meeting=meeting,
        title="CLOSEDTITLE",
        decision="<p>CLOSEDDECISION</p>",
        is_closed=True,
    )
    meeting_services.agenda_publish(actor=None, meeting_id=meeting.pk)
    meeting_services.minutes_publish(actor=None, meeting_id=meeting.pk, confirm_missing=True)
    return meeting, open_item, closed_item


def test_a_closed_items_decision_is_not_shown_to_the_public_on_the_agreement_page(
    client: Client, setup: Setup
) -> None:
    services.agreement_put_in_force(actor=None, agreement_id=setup.agreement.pk)
    _meeting, open_item, closed_item = _held_meeting(setup)
    plans.item_link_add(actor=None, agreement=setup.agreement, item=open_item)
    plans.item_link_add(actor=None, agreement=setup.agreement, item=closed_item)
    public = client.get(_detail(setup.agreement)).content.decode()
    assert "OPENDECISION" in public and "Aktionsplanens spor" in public
    assert "CLOSEDDECISION" not in public and "CLOSEDTITLE" not in public
    # A member of the body sees the closed item, as on the meeting page.
    member = UserFactory(username="agreement-member")
    MembershipFactory(body=setup.body, person=PersonFactory(user=member), end=None)
    client.force_login(member)
    members = client.get(_detail(setup.agreement)).content.decode()
    assert "CLOSEDDECISION" in members and "CLOSEDTITLE" in members
    # A member of another body does not.
    client.force_login(setup.other_secretary)
    other = client.get(_detail(setup.agreement)).content.decode()
    assert "CLOSEDDECISION" not in other


def test_an_item_of_an_unpublished_meeting_is_shown_only_to_the_secretariat(
    client: Client, setup: Setup
) -> None:
    services.agreement_put_in_force(actor=None, agreement_id=setup.agreement.pk)
    meeting = Meeting.objects.create(body=setup.body, starts_at=timezone.now())
    item = meeting_services.agenda_item_add(
        actor=None, meeting=meeting, title="UNPUBLISHEDITEM", decision="<p>DRAFTDECISION</p>"
    )
    plans.item_link_add(actor=None, agreement=setup.agreement, item=item)
    assert b"UNPUBLISHEDITEM" not in client.get(_detail(setup.agreement)).content
    client.force_login(setup.secretary)
    page = client.get(_detail(setup.agreement)).content
    assert b"UNPUBLISHEDITEM" in page and b"DRAFTDECISION" in page
    # Published agenda, no minutes yet: the public sees the item but not the draft decision.
    meeting_services.agenda_publish(actor=None, meeting_id=meeting.pk)
    client.logout()
    page = client.get(_detail(setup.agreement)).content
    assert b"UNPUBLISHEDITEM" in page and b"DRAFTDECISION" not in page


# --- Pages -----------------------------------------------------------------------------------


def _page_queries(client: Client, agreement: Agreement) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_detail(agreement))
    assert response.status_code == 200
    return len(queries)


def _grow_plan(setup: Setup, meeting: Meeting, tracks: int) -> None:
    for t in range(tracks):
        track = plans.track_add(
            actor=None,
            agreement=setup.agreement,
            title=f"Spor {t}",
            owner_body=setup.body,
            followed_by=[setup.body, setup.other_body],
        )
        for a in range(2):
            activity = _activity(track, title=f"Aktivitet {t}.{a}")
            for m in range(2):
                plans.milestone_add(
                    actor=None,
                    activity=activity,
                    title=f"Milepæl {m}",
                    due_on=dt.date(2023, 5, m + 1),
                )
        item = meeting_services.agenda_item_add(
            actor=None,
            meeting=meeting,
            title=f"Punkt {t}",
            decision="<p>Taget til efterretning</p>",
        )
        plans.item_link_add(actor=None, agreement=setup.agreement, item=item, track=track)
        plans.evaluation_add(
            actor=None,
            agreement=setup.agreement,
            title=f"Evaluering {t}",
            due_on=dt.date(2023, 12, 31),
        )


def test_the_agreement_page_query_count_does_not_grow_with_tracks_activities_and_links(
    client: Client, setup: Setup
) -> None:
    services.agreement_put_in_force(actor=None, agreement_id=setup.agreement.pk)
    published = Meeting.objects.create(
        body=setup.body, starts_at=timezone.now() - dt.timedelta(days=3)
    )
    draft = Meeting.objects.create(body=setup.body, starts_at=timezone.now())
    _grow_plan(setup, published, 1)
    _grow_plan(setup, draft, 0)
    meeting_services.agenda_publish(actor=None, meeting_id=published.pk)
    meeting_services.minutes_publish(actor=None, meeting_id=published.pk, confirm_missing=True)
    plans.item_link_add(
        actor=None,
        agreement=setup.agreement,
        item=meeting_services.agenda_item_add(actor=None, meeting=draft, title="Udkast"),
    )
    few_public = _page_queries(client, setup.agreement)
    client.force_login(setup.secretary)
    # Warm-up: the signed-in user's roles come from the cache after the first page (decision 0029).
    _page_queries(client, setup.agreement)
    few_secretariat = _page_queries(client, setup.agreement)
    # More tracks, activities, milestones, linked items and evaluations, in both meetings.
    for meeting in (published, draft):
        _grow_plan(setup, meeting, 3)
    meeting_services.minutes_publish(
        actor=None, meeting_id=published.pk, confirm_missing=True, change_note="Flere punkter"
    )
    assert Milestone.objects.count() == 28
    assert _page_queries(client, setup.agreement) == few_secretariat
    client.logout()
    assert _page_queries(client, setup.agreement) == few_public
    # 18, the latest PDF of the agreement, the goals' latest narratives, the latest version
    assert few_public <= 21


def test_the_page_shows_tracks_activities_milestones_and_evaluations(
    client: Client, setup: Setup
) -> None:
    services.agreement_put_in_force(actor=None, agreement_id=setup.agreement.pk)
    track = plans.track_add(
        actor=None,
        agreement=setup.agreement,
        title="Byregionalt samarbejde",
        owner_organisation=setup.organisation,
        followed_by=[setup.other_body],
    )
    activity = _activity(track, title="Udviklingsaftale", status=Activity.Status.IN_PROGRESS)
    plans.milestone_add(
        actor=None, activity=activity, title="Aftale underskrevet", due_on=dt.date(2024, 1, 1)
    )
    plans.evaluation_add(
        actor=None,
        agreement=setup.agreement,
        title="Fælles politisk evaluering",
        due_on=dt.date(2017, 12, 31),
    )
    client.cookies["django_language"] = "en"
    page = client.get(_detail(setup.agreement)).content.decode()
    for text in (
        "Byregionalt samarbejde",
        "Erhvervshus Test",
        "KKR Anden",
        "Udviklingsaftale",
        "In progress",
        "Aftale underskrevet",
        "outside the activity's dates",
        "Fælles politisk evaluering",
        "overdue",
    ):
        assert text in page, text


def test_the_secretariat_builds_a_track_through_the_pages_and_a_refusal_keeps_the_text(
    client: Client, setup: Setup
) -> None:
    client.force_login(setup.secretary)
    url = reverse("agreements:track_add", args=[setup.agreement.pk])
    response = client.post(
        url,
        {
            "title": "Syddanskernes liv",
            "owner_body": setup.body.pk,
            "owner_organisation": setup.organisation.pk,
            "followed_by": [setup.body.pk],
        },
    )
    assert response.status_code == 400
    assert "owner_organisation" in response.context["form"].errors
    assert 'value="Syddanskernes liv"' in response.content.decode()
    response = client.post(url, {"title": "Syddanskernes liv", "followed_by": [setup.body.pk]})
    assert response.status_code == 302
    track = Track.objects.get()
    assert list(track.followed_by.all()) == [setup.body]
    url = reverse("agreements:activity_add", args=[setup.agreement.pk, track.pk])
    response = client.post(
        url,
        {"title": "Drøftelse", "start": "2023-06-01", "end": "2023-05-01", "status": "planned"},
    )
    assert response.status_code == 400 and "end" in response.context["form"].errors
    assert not Activity.objects.exists()
    # Another body's secretariat may not add a track.
    client.force_login(setup.other_secretary)
    assert client.get(reverse("agreements:track_add", args=[setup.agreement.pk])).status_code in (
        403,
        404,
    )


def test_the_secretariat_links_an_item_from_the_bodys_meetings_and_removes_it(
    client: Client, setup: Setup
) -> None:
    meeting = Meeting.objects.create(body=setup.body, starts_at=timezone.now())
    item = AgendaItem.objects.create(meeting=meeting, title="Aktionsplan 2016-19")
    foreign = AgendaItem.objects.create(
        meeting=Meeting.objects.create(body=setup.other_body, starts_at=timezone.now()),
        title="Fremmed punkt",
    )
    client.force_login(setup.secretary)
    url = reverse("agreements:item_link_add", args=[setup.agreement.pk])
    form_page = client.get(url).content.decode()
    assert "Aktionsplan 2016-19" in form_page and "Fremmed punkt" not in form_page
    assert client.post(url, {"item": foreign.pk}).status_code == 400
    assert client.post(url, {"item": item.pk}).status_code == 302
    link = AgreementItemLink.objects.get()
    assert b"Aktionsplan 2016-19" in client.get(_detail(setup.agreement)).content
    remove = reverse("agreements:item_link_remove", args=[setup.agreement.pk, link.pk])
    assert client.post(remove).status_code == 302
    assert not AgreementItemLink.objects.exists()


def test_the_matrix_page_shows_the_cells_and_a_cell_is_edited_with_conflict_detection(
    client: Client, setup: Setup
) -> None:
    services.agreement_put_in_force(actor=None, agreement_id=setup.agreement.pk)
    matrix = _matrix(setup)
    plans.matrix_footnote_set(actor=None, matrix=matrix, number=1, text="Skåne Nordost")
    page = client.get(matrix.get_absolute_url()).content.decode()
    assert "Visioner och strategier" in page and "Etablera lokala nätverksstrukturer" in page
    assert "Skåne Nordost" in page and "matricer/" in matrix.get_absolute_url()
    cell = MatrixCell.objects.get(section__name="Mål", level__name="Kommunnivå")
    url = reverse("agreements:matrix_cell_edit", args=[setup.agreement.pk, matrix.pk, cell.pk])
    assert client.get(url).status_code == 302  # to the log-in page
    client.force_login(setup.secretary)
    assert client.post(url, {"text": "<p>Ny tekst</p>", "version": 1}).status_code == 302
    response = client.post(url, {"text": "<p>Forældet</p>", "version": 1})
    assert response.status_code == 409
    assert "Forældet" in response.content.decode()
    assert MatrixCell.objects.get(pk=cell.pk).text == "<p>Ny tekst</p>"


def test_a_draft_agreements_matrix_and_evaluation_document_do_not_exist_for_the_public(
    client: Client, setup: Setup
) -> None:
    matrix = _matrix(setup)  # setup.agreement is a draft
    evaluation = plans.evaluation_add(
        actor=None,
        agreement=setup.agreement,
        title="Evaluering",
        due_on=dt.date(2023, 12, 31),
        document=SimpleUploadedFile("evaluering.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    document = reverse("agreements:evaluation_document", args=[setup.agreement.pk, evaluation.pk])
    assert client.get(matrix.get_absolute_url()).status_code == 404
    assert client.get(document).status_code == 404
    client.force_login(setup.secretary)
    assert client.get(matrix.get_absolute_url()).status_code == 200
    assert client.get(document).status_code == 200
