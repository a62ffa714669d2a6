"""Public agreements as OParl Paper (issue 15): valid against the schema, in the body's
paper list, never a draft or an internal agreement nor a link to one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from agreements import services
from councils.models import Body
from tests.oparl.conftest import SITE, get_json, validator_for

pytestmark = pytest.mark.django_db


def _agreement(body: Body, title: str, **kw):
    return services.agreement_create(
        actor=None,
        body=body,
        title=title,
        start=dt.date(2024, 1, 1),
        new_kind="Resultatkontrakt",
        **kw,
    )


def test_public_agreements_are_papers_and_nothing_else_is(client: Client, demo, settings) -> None:
    settings.SITE_URL = SITE
    body = Body.objects.get(slug="kd-net-midtjylland")
    parent = _agreement(body, "Rammeaftale 2024-2027")
    services.agreement_put_in_force(actor=None, agreement_id=parent.pk)
    child = _agreement(body, "Handleplan 2024", parent=parent)
    services.agreement_put_in_force(actor=None, agreement_id=child.pk)
    _agreement(body, "Udkast til aftale", parent=parent)  # a draft
    internal = _agreement(body, "Intern aftale", is_internal=True)
    services.agreement_put_in_force(actor=None, agreement_id=internal.pk)

    listed = get_json(client, f"{SITE}/oparl/v1.1/body/{body.pk}/paper/")
    papers = {p["name"]: p for p in listed["data"]}
    assert set(papers) == {"Rammeaftale 2024-2027", "Handleplan 2024"}
    for paper in papers.values():
        errors = [e.message for e in validator_for("Paper").iter_errors(paper)]
        assert errors == [], errors
        assert paper["body"] == f"{SITE}/oparl/v1.1/body/{body.pk}/"
        assert paper["paperType"] == "Resultatkontrakt" and paper["date"] == "2024-01-01"
    frame = papers["Rammeaftale 2024-2027"]
    # The draft child is not linked; the child in force is.
    assert frame["subordinatedPaper"] == [f"{SITE}/oparl/v1.1/paper/{child.pk}/"]
    assert papers["Handleplan 2024"]["superordinatedPaper"] == [frame["id"]]
    assert get_json(client, frame["id"]) == frame
    assert client.get(f"/oparl/v1.1/paper/{internal.pk}/").status_code == 404


def test_a_child_coming_into_force_moves_its_parents_modified(
    client: Client, demo, settings
) -> None:
    """The parent's new link reaches a client syncing with modified_since; a draft child's
    edits do not move it (OParl follows what the public sees)."""
    from agreements.models import Agreement

    settings.SITE_URL = SITE
    body = Body.objects.get(slug="kd-net-midtjylland")
    parent = _agreement(body, "Rammeaftale")
    services.agreement_put_in_force(actor=None, agreement_id=parent.pk)
    child = _agreement(body, "Delaftale", parent=parent)
    later = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    # Move the parent's own history back, so only the child can make it newer.
    Agreement.history.filter(id=parent.pk).update(
        history_date=dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    )
    Agreement.history.filter(id=child.pk).update(history_date=later)
    url = f"{SITE}/oparl/v1.1/paper/{parent.pk}/"
    assert get_json(client, url)["modified"].startswith("2024-01-01")  # the child is a draft
    services.agreement_put_in_force(actor=None, agreement_id=child.pk)
    Agreement.history.filter(id=child.pk).update(history_date=later)
    paper = get_json(client, url)
    assert paper["modified"].startswith("2030-01-01")
    assert paper["subordinatedPaper"] == [f"{SITE}/oparl/v1.1/paper/{child.pk}/"]


def test_an_agreement_made_internal_or_deleted_leaves_a_tombstone(
    client: Client, demo, settings
) -> None:
    from agreements.models import Agreement

    settings.SITE_URL = SITE
    body = Body.objects.get(slug="kd-net-midtjylland")
    shown = _agreement(body, "Aftale der bliver intern")
    services.agreement_put_in_force(actor=None, agreement_id=shown.pk)
    never = _agreement(body, "Aftale der aldrig var offentlig", is_internal=True)
    services.agreement_put_in_force(actor=None, agreement_id=never.pk)
    draft = _agreement(body, "Udkast der slettes")
    listed = f"{SITE}/oparl/v1.1/body/{body.pk}/paper/"
    since = "?modified_since=2000-01-01T00%3A00%3A00%2B01%3A00"
    assert [p["name"] for p in get_json(client, listed)["data"]] == ["Aftale der bliver intern"]

    made_internal = Agreement.objects.get(pk=shown.pk)
    made_internal.is_internal = True
    made_internal.save()
    Agreement.objects.get(pk=draft.pk).delete()

    assert get_json(client, listed)["data"] == []  # without modified_since: no tombstones
    tombstones = get_json(client, listed + since)["data"]
    assert [(t["id"], t["deleted"]) for t in tombstones] == [
        (f"{SITE}/oparl/v1.1/paper/{shown.pk}/", True)
    ]  # not the one never public, nor the draft
    assert set(tombstones[0]) == {"id", "type", "created", "modified", "deleted"}
    assert get_json(client, f"{SITE}/oparl/v1.1/paper/{shown.pk}/")["deleted"] is True
    assert client.get(f"/oparl/v1.1/paper/{never.pk}/").status_code == 404


def test_a_request_for_input_is_a_paper_once_the_public_may_open_it(
    client: Client, demo, settings
) -> None:
    """Public after the deadline and the deadline passed: a Paper in the body's list, valid,
    with its own URL; before the deadline, or with answers for the secretariat only, not."""
    from django.utils import timezone

    from consultations import services as consultation_services
    from consultations.models import RequestForInput

    settings.SITE_URL = SITE
    body = Body.objects.get(slug="kd-net-midtjylland")

    def make(title: str, visibility: str) -> RequestForInput:
        return consultation_services.request_create(
            actor=None,
            body=body,
            title=title,
            deadline=timezone.now() + dt.timedelta(days=3),
            answers_visibility=visibility,
        )

    public = make("Input til vækstplanen", RequestForInput.Visibility.PUBLIC_AFTER_DEADLINE)
    private = make("Input om personalesager", RequestForInput.Visibility.SECRETARIAT)
    # Sent, and the deadline has passed (set directly: sending needs recipients' contacts).
    past = timezone.now() - dt.timedelta(days=1)
    RequestForInput.objects.filter(pk__in=[public.pk, private.pk]).update(
        status=RequestForInput.Status.SENT, sent_at=past - dt.timedelta(days=9), deadline=past
    )
    listed = f"{SITE}/oparl/v1.1/body/{body.pk}/paper/"
    papers = get_json(client, listed)["data"]
    assert [p["name"] for p in papers] == ["Input til vækstplanen"]
    [paper] = papers
    errors = [e.message for e in validator_for("Paper").iter_errors(paper)]
    assert errors == [], errors
    assert paper["id"] == f"{SITE}/oparl/v1.1/paper/input/{public.pk}/"
    assert paper["paperType"] == "Høring"  # the portal's word, in Danish by default
    assert paper["date"] == timezone.localdate(past - dt.timedelta(days=9)).isoformat()
    assert paper["web"].endswith(public.get_absolute_url())
    assert get_json(client, paper["id"]) == paper
    assert client.get(f"/oparl/v1.1/paper/input/{private.pk}/").status_code == 404
    # Before its deadline, nobody outside may open it: no Paper.
    RequestForInput.objects.filter(pk=public.pk).update(
        deadline=timezone.now() + dt.timedelta(days=1)
    )
    assert get_json(client, listed)["data"] == []
    assert client.get(f"/oparl/v1.1/paper/input/{public.pk}/").status_code == 404


def test_a_request_the_public_can_no_longer_open_is_a_paper_tombstone(
    client: Client, demo, settings
) -> None:
    """A deadline extended after it passed, or a request deleted: the Paper the public saw
    is a tombstone with ``modified_since`` (and at its own URL), and is back when the new
    deadline passes. A request the public never opened leaves none."""
    from django.utils import timezone

    from consultations import services as consultation_services
    from consultations.models import RequestForInput

    settings.SITE_URL = SITE
    body = Body.objects.get(slug="kd-net-midtjylland")
    past = timezone.now() - dt.timedelta(days=1)

    def make(title: str) -> RequestForInput:
        made = consultation_services.request_create(
            actor=None,
            body=body,
            title=title,
            deadline=timezone.now() + dt.timedelta(days=3),
            answers_visibility=RequestForInput.Visibility.PUBLIC_AFTER_DEADLINE,
        )
        RequestForInput.objects.filter(pk=made.pk).update(
            status=RequestForInput.Status.SENT, sent_at=past - dt.timedelta(days=9), deadline=past
        )
        return made

    extended, deleted = make("Input til vækstplanen"), make("Input til trafikplanen")
    never = consultation_services.request_create(
        actor=None, body=body, title="Kladde", deadline=timezone.now() + dt.timedelta(days=3)
    )
    listed = f"{SITE}/oparl/v1.1/body/{body.pk}/paper/"
    since = "?modified_since=2000-01-01T00%3A00%3A00%2B01%3A00"
    assert {p["name"] for p in get_json(client, listed)["data"]} == {
        "Input til vækstplanen",
        "Input til trafikplanen",
    }

    consultation_services.request_extend_deadline(
        actor=None, request_id=extended.pk, deadline=timezone.now() + dt.timedelta(days=5)
    )
    RequestForInput.objects.get(pk=deleted.pk).delete()
    never.delete()

    assert get_json(client, listed)["data"] == []  # without modified_since: no tombstones
    tombstones = get_json(client, listed + since)["data"]
    assert sorted((t["id"], t.get("deleted")) for t in tombstones) == sorted(
        (f"{SITE}/oparl/v1.1/paper/input/{pk}/", True) for pk in (extended.pk, deleted.pk)
    )
    assert all(set(t) == {"id", "type", "created", "modified", "deleted"} for t in tombstones)
    assert get_json(client, f"{SITE}/oparl/v1.1/paper/input/{extended.pk}/")["deleted"] is True
    assert client.get(f"/oparl/v1.1/paper/input/{never.pk}/").status_code == 404

    # The new deadline passes: the public may open it again, a Paper with a newer modified.
    RequestForInput.objects.filter(pk=extended.pk).update(deadline=past)
    consultation_services.requests_opened_to_public()
    back = get_json(client, f"{SITE}/oparl/v1.1/paper/input/{extended.pk}/")
    assert back["name"] == "Input til vækstplanen" and "deleted" not in back
    assert [p["name"] for p in get_json(client, listed)["data"]] == ["Input til vækstplanen"]
