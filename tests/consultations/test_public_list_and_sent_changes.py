"""The list of requests for a visitor who is not signed in, and what the secretariat may
still change on a sent request (the reminder plan and the meeting item it feeds)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from consultations.models import RequestForInput
from tests.consultations.conftest import sent


def test_a_visitor_who_is_not_signed_in_is_sent_to_the_public_requests(client, db):
    answer = client.get(reverse("consultations:request_list"))
    assert answer.status_code == 302
    assert answer["Location"] == reverse("consultations:public_requests")
    assert reverse("accounts:login") not in answer["Location"]


def test_the_public_list_offers_a_visitor_to_log_in_to_their_own_requests(client, db):
    client.cookies["django_language"] = "en"
    page = client.get(reverse("consultations:public_requests")).content.decode()
    own = reverse("consultations:request_list")
    assert f"{reverse('accounts:login')}?next={own}" in page


def test_a_public_request_is_listed_for_a_visitor_who_opens_the_requests(client, setup):
    sent(setup)
    RequestForInput.objects.filter(pk=setup.request.pk).update(
        answers_visibility=RequestForInput.Visibility.PUBLIC_AFTER_DEADLINE,
        deadline=timezone.now() - dt.timedelta(days=1),
    )
    page = client.get(reverse("consultations:request_list"), follow=True)
    assert page.status_code == 200
    assert setup.request.title in page.content.decode()


def test_a_signed_in_user_still_gets_their_own_list_with_a_link_to_the_public_one(client, setup):
    client.force_login(setup.secretary)
    page = client.get(reverse("consultations:request_list"))
    assert page.status_code == 200
    body = page.content.decode()
    assert setup.request.title in body
    assert reverse("consultations:public_requests") in body
