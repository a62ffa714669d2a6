from __future__ import annotations

from django.urls import reverse

from accounts.models import User
from consultations.demo import GROWTH_TITLE, OPEN_TITLE, load_consultation_demo
from consultations.models import RequestForInput, Response


def test_the_demo_has_the_2014_growth_request_and_an_open_one_for_aarhus(demo, client):
    load_consultation_demo()
    load_consultation_demo()  # loading twice changes nothing
    growth = RequestForInput.objects.get(title=GROWTH_TITLE)
    assert growth.recipients.count() == 19
    responses = Response.objects.filter(recipient__request=growth)
    assert 0 < responses.count() < 19
    assert responses.filter(is_late=True).exists()
    open_request = RequestForInput.objects.get(title=OPEN_TITLE)
    aarhus = open_request.recipients.get(municipality__name__startswith="Aarhus")
    client.force_login(User.objects.get(username="kontakt"))
    page = client.get(
        reverse("consultations:response_form", args=[open_request.pk, aarhus.municipality_id])
    )
    assert page.status_code == 200
    assert page.context["editing"] is True
