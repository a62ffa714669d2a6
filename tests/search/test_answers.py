"""Answers to requests for input in search (issue 16): a submitted answer is found by those
who may read it on its page (``RequestAccess.sees_response``), by its words and its
recipient; a draft or a reopened answer by no one; the deadline and the request's
visibility setting count at the moment of the search."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts.models import Affiliation
from consultations import services
from consultations.access import request_access, search_visible_response_ids
from consultations.models import RequestForInput, Response
from search import kept
from search.models import EntryKind
from search.selectors import search
from tests.factories import (
    AffiliationFactory,
    BodyFactory,
    MunicipalityFactory,
    RegionFactory,
    UserFactory,
)

pytestmark = pytest.mark.postgres

Visibility = RequestForInput.Visibility


@pytest.fixture
def answers(db: None, committed: Any) -> dict[str, Any]:
    region = RegionFactory(country="DK", name="Region Svar", slug="region-svar")
    body = BodyFactory(name="KKR Svar", slug="kkr-svar", region=region)
    secretary = UserFactory(username="svar-sekretariat")
    AffiliationFactory(user=secretary, body=body)
    towns = [MunicipalityFactory(name=f"Svarby {n}", region=region) for n in range(3)]
    contacts = []
    for n, town in enumerate(towns):
        contact = UserFactory(username=f"svar-kontakt-{n}")
        AffiliationFactory(
            user=contact, kind=Affiliation.Kind.MUNICIPAL_CONTACT, body=None, municipality=town
        )
        contacts.append(contact)
    with committed():
        rfi = services.request_create(
            actor=secretary,
            body=body,
            title="Input til erhvervsfremme",
            deadline=timezone.now() + dt.timedelta(days=10),
            municipalities=towns[:2],
            answers_visibility=Visibility.RECIPIENTS_AFTER_DEADLINE,
        )
        question = services.question_add(
            actor=secretary, request=rfi, kind="long_text", text="Jeres forslag", required=True
        )
        services.request_send(actor=secretary, request_id=rfi.pk)
        recipients = {r.municipality_id: r for r in rfi.recipients.all()}
        services.response_submit(
            actor=contacts[0],
            request_id=rfi.pk,
            recipient_id=recipients[towns[0].pk].pk,
            expected_version=0,
            values={question.pk: "Vi foreslår et fælles Zorblatcenter for iværksættere."},
        )
        services.response_save_draft(
            actor=contacts[1],
            request_id=rfi.pk,
            recipient_id=recipients[towns[1].pk].pk,
            expected_version=0,
            values={question.pk: "Et Qdraftord, som ingen andre må finde."},
        )
    return {
        "request": rfi,
        "secretary": secretary,
        "contacts": contacts,
        "recipients": recipients,
        "towns": towns,
        "admin": UserFactory(username="svar-admin", is_superuser=True, is_staff=True),
        "nobody": UserFactory(username="svar-ingen"),
    }


def _found(user: Any, q: str) -> list[str]:
    return [h.title for h in search(user=user, q=q).hits if h.kind == EntryKind.RESPONSE]


def _users(world: dict[str, Any]) -> dict[str, Any]:
    return {
        "secretariat": world["secretary"],
        "own contact": world["contacts"][0],
        "other recipient": world["contacts"][1],
        "not a recipient": world["contacts"][2],
        "signed in, no role": world["nobody"],
        "public": AnonymousUser(),
        "administrator": world["admin"],
    }


def _set(rfi: RequestForInput, **fields: Any) -> None:
    # Visibility is decided when searching: moving the clock (the deadline) or the setting
    # needs no reindex, so the test moves them in place, and lets the public's kept results
    # expire as they do TTL seconds after a deadline passes (search.kept).
    RequestForInput.objects.filter(pk=rfi.pk).update(**fields)
    kept.index_changed()


def test_a_submitted_answer_is_found_by_whoever_may_read_it_and_a_draft_by_no_one(answers):
    users = _users(answers)
    title = "Svar fra Svarby 0: Input til erhvervsfremme"
    before = {name: _found(user, "zorblatcenter") for name, user in users.items()}
    assert before == {
        "secretariat": [title],
        "own contact": [title],
        "other recipient": [],
        "not a recipient": [],
        "signed in, no role": [],
        "public": [],
        "administrator": [title],
    }
    # The recipient's name finds it too; the link is the answer's page.
    hit = search(user=answers["secretary"], q="Svarby").hits
    assert any(
        h.url.endswith(f"/svar/modtager/{answers['recipients'][answers['towns'][0].pk].pk}/")
        for h in hit
        if h.kind == EntryKind.RESPONSE
    )
    # A draft is nobody's search result, not even its writer's or the secretariat's.
    for user in users.values():
        assert _found(user, "Qdraftord") == []

    _set(answers["request"], deadline=timezone.now() - dt.timedelta(hours=1))
    after = {name: bool(_found(user, "zorblatcenter")) for name, user in users.items()}
    assert after == {
        "secretariat": True,
        "own contact": True,
        "other recipient": True,  # "all recipients after the deadline"
        "not a recipient": False,
        "signed in, no role": False,
        "public": False,
        "administrator": True,
    }
    _set(answers["request"], answers_visibility=Visibility.PUBLIC_AFTER_DEADLINE)
    assert _found(AnonymousUser(), "zorblatcenter") == [title]
    assert _found(answers["nobody"], "zorblatcenter") == [title]


def test_a_reopened_answer_leaves_the_index_until_it_is_submitted_again(answers, committed):
    rfi, secretary = answers["request"], answers["secretary"]
    recipient = answers["recipients"][answers["towns"][0].pk]
    with committed():
        services.response_reopen(actor=secretary, request_id=rfi.pk, recipient_id=recipient.pk)
    assert _found(secretary, "zorblatcenter") == []
    response = Response.objects.get(recipient=recipient)
    question = rfi.questions.get()
    with committed():
        services.response_submit(
            actor=answers["contacts"][0],
            request_id=rfi.pk,
            recipient_id=recipient.pk,
            expected_version=response.version,
            values={question.pk: "Nu foreslår vi et Plimfelt i stedet."},
        )
    assert _found(secretary, "zorblatcenter") == []
    assert _found(secretary, "plimfelt") == ["Svar fra Svarby 0: Input til erhvervsfremme"]


def test_the_search_filter_and_the_answer_page_agree_for_every_role_and_moment(answers):
    """``search_visible_response_ids`` is ``sees_response`` written as a filter: both forms
    give the same answers for every user, visibility setting and side of the deadline."""
    rfi = answers["request"]
    users = _users(answers)
    submitted = list(
        Response.objects.filter(submitted_at__isnull=False).select_related("recipient")
    )
    assert submitted, "the world has a submitted answer"
    now = timezone.now()
    for visibility, deadline in itertools.product(
        Visibility.values, (now + dt.timedelta(days=3), now - dt.timedelta(days=3))
    ):
        _set(rfi, answers_visibility=visibility, deadline=deadline)
        rfi.refresh_from_db()
        for name, user in users.items():
            access = request_access(user, rfi)
            page = {
                r.pk
                for r in submitted
                if access.may_view and access.sees_response(r, r.recipient_id)
            }
            found = set(search_visible_response_ids(user).values_list("pk", flat=True))
            assert found == page, (visibility, deadline > now, name)


def test_an_answer_is_found_by_its_question_s_new_wording(answers, committed):
    """The question's text is in every answer's row: renaming it reindexes the answers."""
    rfi, secretary = answers["request"], answers["secretary"]
    question = rfi.questions.get()
    with committed():
        services.question_update(
            actor=secretary, question_id=question.pk, text="Hvad mener I om Snorkelhuset"
        )
    assert _found(secretary, "snorkelhuset") == ["Svar fra Svarby 0: Input til erhvervsfremme"]


def test_the_public_opens_a_public_answer_it_found_and_is_asked_to_sign_in_for_others(answers):
    from django.conf import settings
    from django.shortcuts import resolve_url
    from django.test import Client

    def asks_to_sign_in(response: Any) -> bool:
        return response.status_code == 302 and response["Location"].startswith(
            resolve_url(settings.LOGIN_URL)
        )

    rfi = answers["request"]
    hit_url = next(h.url for h in search(user=answers["secretary"], q="zorblatcenter").hits)
    public = Client()
    # Before the deadline the answer is not public: the visitor is asked to sign in.
    assert asks_to_sign_in(public.get(hit_url))
    _set(
        rfi,
        deadline=timezone.now() - dt.timedelta(hours=1),
        answers_visibility=Visibility.PUBLIC_AFTER_DEADLINE,
    )
    (hit,) = search(user=AnonymousUser(), q="zorblatcenter").hits
    assert hit.url == hit_url
    page = public.get(hit.url)
    assert page.status_code == 200
    assert "Zorblatcenter" in page.content.decode()
    # Read-only: a post asks to sign in and changes nothing.
    assert asks_to_sign_in(public.post(hit.url, {"version": "1"}))
    assert (
        "Zorblatcenter"
        in Response.objects.get(pk=rfi.recipients.get(municipality=answers["towns"][0]).response.pk)
        .answers.get()
        .value
    )
    # The other recipient's answer is a draft: closed to the public.
    other = answers["recipients"][answers["towns"][1].pk]
    mine = answers["recipients"][answers["towns"][0].pk]
    assert asks_to_sign_in(public.get(hit.url.replace(f"/{mine.pk}/", f"/{other.pk}/")))


def test_a_request_renamed_in_the_admin_renames_its_answers_in_search(answers, committed):
    """Once sent, a request's title changes only in the admin (a plain save): the answers'
    rows, whose titles name the request, follow."""
    rfi, secretary = answers["request"], answers["secretary"]
    rfi.refresh_from_db()
    with committed():
        rfi.title = "Input til Klimarådet"
        rfi.save()
    assert _found(secretary, "zorblatcenter") == ["Svar fra Svarby 0: Input til Klimarådet"]


def test_q_narrows_the_requests_api_as_the_caller_may_find(answers) -> None:
    """``/api/requests-for-input/?q=``: the request's own words (title, introduction), found by
    whoever may open it (its secretariat, its recipients), not by the public before it is
    public; an empty q is a 400 as for every filter."""
    from django.test import Client

    rfi = answers["request"]

    def ids(user: Any, q: str) -> list[int]:
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.get("/api/requests-for-input/", {"q": q})
        assert response.status_code == 200, response.content
        data = response.json()
        return [r["id"] for r in (data["results"] if isinstance(data, dict) else data)]

    assert ids(answers["secretary"], "erhvervsfremme") == [rfi.pk]
    assert ids(answers["contacts"][0], "erhvervsfremme") == [rfi.pk]  # a recipient
    assert ids(answers["contacts"][2], "erhvervsfremme") == []  # not a recipient
    assert ids(answers["secretary"], "Qintetsteds") == []
    assert ids(None, "erhvervsfremme") == []  # not public: recipients after the deadline
    assert Client().get("/api/requests-for-input/", {"q": ""}).status_code == 400
