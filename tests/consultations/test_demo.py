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
    page = client.get(reverse("consultations:response_form", args=[open_request.pk, aarhus.pk]))
    assert page.status_code == 200
    assert page.context["editing"] is True


def test_the_2014_request_is_linked_to_its_meeting_item_and_its_pdf_can_be_attached(
    demo, client, django_capture_on_commit_callbacks
):
    from consultations.demo import GROWTH_ITEM_TITLE
    from meetings.demo import load_meeting_demo
    from meetings.models import Attachment

    load_meeting_demo()
    load_consultation_demo()
    load_consultation_demo()  # loading twice changes nothing
    growth = RequestForInput.objects.get(title=GROWTH_TITLE)
    assert growth.meeting_item is not None
    assert growth.meeting_item.title == GROWTH_ITEM_TITLE
    assert growth.meeting_item.meeting.body.slug == "kd-net-midtjylland"
    client.force_login(User.objects.get(username="sekretariat"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("consultations:compiled_pdf_create", args=[growth.pk]))
    attach = reverse("consultations:compiled_pdf_attach", args=[growth.pk])
    assert attach in client.get(growth.get_absolute_url()).content.decode()
    before = Attachment.objects.filter(item=growth.meeting_item).count()
    assert client.post(attach).status_code == 302
    assert Attachment.objects.filter(item=growth.meeting_item).count() == before + 1


def test_the_demo_asks_da_and_lo_and_the_da_contact_person_answers(demo, client):
    from consultations.demo import ORGANISATION_TITLE

    load_consultation_demo()
    load_consultation_demo()  # loading twice changes nothing
    request = RequestForInput.objects.get(title=ORGANISATION_TITLE)
    assert request.body.slug == "rar-fyn"
    names = sorted(r.name for r in request.recipients.all())
    assert names == ["Dansk Arbejdsgiverforening", "Landsorganisationen i Danmark"]
    da = request.recipients.get(organisation__name="Dansk Arbejdsgiverforening")
    client.force_login(User.objects.get(username="kontakt-da"))
    page = client.get(reverse("consultations:response_form", args=[request.pk, da.pk]))
    assert page.status_code == 200
    assert page.context["editing"] is True
    lo = request.recipients.get(organisation__name="Landsorganisationen i Danmark")
    assert (
        client.get(reverse("consultations:response_form", args=[request.pk, lo.pk])).status_code
        == 404
    )
