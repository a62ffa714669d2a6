"""Organisations as recipients (decision 0023): a request to two municipalities and one
organisation; the organisation's contact person answers (service and page), the contact of
another organisation is refused; the matrix, the exports, the compiled PDF, the receipt, the
reminders, the API and "Mine opgaver" name the organisation; the old answer address (by
municipality) redirects permanently."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from accounts.models import Affiliation
from consultations import selectors, services, services_pdf
from consultations.access import request_access
from consultations.models import Recipient, RequestForInput, Response
from councils.models import Body, Organisation, Seat
from notifications.models import OutgoingEmail
from tests.factories import (
    AffiliationFactory,
    BodyFactory,
    MunicipalityFactory,
    RegionFactory,
    UserFactory,
)


@dataclass
class OrgSetup:
    body: Any
    secretary: Any
    municipalities: list[Any]
    contacts: list[Any]
    da: Organisation
    lo: Organisation
    da_contact: Any
    lo_contact: Any
    request: RequestForInput
    question: Any

    def recipient(self, party: Any) -> Recipient:
        if isinstance(party, Organisation):
            return self.request.recipients.get(organisation=party)
        return self.request.recipients.get(municipality=party)


def _contact(username: str, **target: Any) -> Any:
    user = UserFactory(username=username, email=f"{username}@example.org")
    kind = (
        Affiliation.Kind.ORGANISATION_CONTACT
        if "organisation" in target
        else Affiliation.Kind.MUNICIPAL_CONTACT
    )
    AffiliationFactory(user=user, kind=kind, body=None, **target)
    return user


@pytest.fixture
def org(db: None) -> OrgSetup:
    region = RegionFactory(name="Region Org")
    body = BodyFactory(name="RAR Org", slug="rar-org", kind=Body.Kind.RAR, region=region)
    other_body = BodyFactory(name="Andet råd", slug="andet-raad", region=region)
    secretary = UserFactory(username="org-secretary", email="sek@example.org")
    AffiliationFactory(user=secretary, body=body)
    da = Organisation.objects.create(name="Dansk Arbejdsgiverforening", slug="da")
    lo = Organisation.objects.create(name="Landsorganisationen", slug="lo")
    Seat.objects.create(body=body, label="DA 1", nominating_organisation=da)
    Seat.objects.create(body=other_body, label="LO 1", nominating_organisation=lo)
    municipalities = [
        MunicipalityFactory(name=name, region=region) for name in ("Ærø Org", "Aabenraa Org")
    ]
    contacts = [_contact(f"org-m{n}", municipality=m) for n, m in enumerate(municipalities)]
    da_contact = _contact("da-kontakt", organisation=da)
    lo_contact = _contact("lo-kontakt", organisation=lo)
    request = services.request_create(
        actor=secretary,
        body=body,
        title="Vækst og beskæftigelse",
        deadline=timezone.now() + dt.timedelta(days=10),
        municipalities=municipalities,
        organisations=[da],
    )
    question = services.question_add(
        actor=secretary, request=request, kind="long_text", text="Jeres input", required=True
    )
    return OrgSetup(
        body, secretary, municipalities, contacts, da, lo, da_contact, lo_contact, request, question
    )


def _send(org: OrgSetup) -> None:
    services.request_send(actor=org.secretary, request_id=org.request.pk)
    org.request.refresh_from_db()


def _answer_da(org: OrgSetup, text: str = "Flere lærepladser") -> Response:
    return services.response_submit(
        actor=org.da_contact,
        request_id=org.request.pk,
        recipient_id=org.recipient(org.da).pk,
        expected_version=0,
        values={org.question.pk: f"<p>{text}</p>"},
    )


def _form_url(org: OrgSetup, party: Any) -> str:
    return reverse("consultations:response_form", args=[org.request.pk, org.recipient(party).pk])


# --- The recipient --------------------------------------------------------------------------


def test_a_recipient_is_a_municipality_or_an_organisation_never_both_nor_neither(org):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Recipient.objects.create(request=org.request)
    with pytest.raises(IntegrityError), transaction.atomic():
        Recipient.objects.create(
            request=org.request, municipality=MunicipalityFactory(), organisation=org.lo
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Recipient.objects.create(request=org.request, organisation=org.da)  # asked already
    da = org.recipient(org.da)
    assert (da.kind, da.name, da.party) == ("organisation", org.da.name, org.da)
    assert da.outbox_key == f"org-{org.da.pk}"
    aero = org.recipient(org.municipalities[0])
    assert (aero.kind, aero.name, aero.outbox_key) == (
        "municipality",
        "Ærø Org",
        str(org.municipalities[0].pk),
    )


def test_sending_tells_the_organisations_contact_persons_with_their_own_outbox_key(org):
    _send(org)
    keys = set(OutgoingEmail.objects.values_list("key", flat=True))
    pk = org.request.pk
    assert f"rfi-sent:{pk}:org-{org.da.pk}:da-kontakt@example.org" in keys
    # A municipality's key is as it was before organisations (nothing is sent twice).
    assert f"rfi-sent:{pk}:{org.municipalities[0].pk}:org-m0@example.org" in keys
    assert not any("lo-kontakt" in key for key in keys)
    email = OutgoingEmail.objects.get(to="da-kontakt@example.org")
    assert org.da.name in email.text
    assert _form_url(org, org.da) in email.text


def test_sending_names_an_organisation_without_a_contact_person(org):
    Affiliation.objects.filter(organisation=org.da).delete()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Dansk Arbejdsgiverforening"):
        _send(org)


def test_the_organisations_contact_person_answers_and_gets_a_receipt(org):
    _send(org)
    response = _answer_da(org)
    assert response.status == Response.Status.SUBMITTED
    assert response.recipient.organisation == org.da
    receipt = OutgoingEmail.objects.filter(key__startswith=f"rfi-receipt:{response.pk}:")
    assert set(receipt.values_list("to", flat=True)) == {"da-kontakt@example.org"}
    assert org.da.name in receipt.first().subject


def test_access_names_the_recipients_a_user_answers_for(org):
    _send(org)
    da = org.recipient(org.da)
    da_access = request_access(org.da_contact, org.request)
    assert da_access.recipient_ids == {da.pk}
    assert da_access.may_view and da_access.may_answer_for(da.pk)
    lo_access = request_access(org.lo_contact, org.request)
    assert lo_access.recipient_ids == frozenset()
    assert not lo_access.may_view and not lo_access.may_answer_for(da.pk)
    assert request_access(org.secretary, org.request).recipient_ids == frozenset()


def test_reminders_reach_the_organisation_once_a_day(org):
    _send(org)
    now = org.request.deadline - dt.timedelta(days=2)
    assert services.reminders_send(now=now) == 3
    assert services.reminders_send(now=now) == 0  # idempotent: the outbox key names the day
    day = timezone.localdate(now).isoformat()
    assert OutgoingEmail.objects.filter(
        key=f"rfi-reminder:{org.request.pk}:org-{org.da.pk}:{day}:da-kontakt@example.org"
    ).exists()


# --- Pages ----------------------------------------------------------------------------------


def test_the_request_form_offers_the_organisations_nominating_to_the_bodys_seats(client, org):
    client.force_login(org.secretary)
    page = client.get(reverse("consultations:request_create", args=[org.body.slug]))
    offered = list(page.context["form"].fields["organisations"].queryset)
    assert offered == [org.da]  # LO nominates to another body only
    response = client.post(
        reverse("consultations:request_create", args=[org.body.slug]),
        {
            "title": "Kun DA",
            "deadline": timezone.localtime(timezone.now() + dt.timedelta(days=5)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "answers_visibility": RequestForInput.Visibility.SECRETARIAT,
            "organisations": [str(org.da.pk)],
            "reminder_days": "2",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    created = RequestForInput.objects.get(title="Kun DA")
    assert [(r.kind, r.name) for r in created.recipients.all()] == [("organisation", org.da.name)]


def test_the_organisations_contact_person_answers_on_the_page(client, org):
    _send(org)
    client.force_login(org.da_contact)
    url = _form_url(org, org.da)
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["editing"] is True
    assert org.da.name in page.content.decode()
    answer = client.post(
        url, {"version": "0", f"q{org.question.pk}": "<p>Svar fra DA</p>", "submit": "1"}
    )
    assert answer.status_code == 302
    response = Response.objects.get(recipient__organisation=org.da)
    assert response.status == Response.Status.SUBMITTED
    assert "Svar fra DA" in response.answers.get().value


def test_the_contact_person_of_another_organisation_is_refused(client, org):
    _send(org)
    client.force_login(org.lo_contact)
    url = _form_url(org, org.da)
    assert client.get(url).status_code == 404
    posted = client.post(
        url, {"version": "0", f"q{org.question.pk}": "<p>Ikke vores</p>", "submit": "1"}
    )
    assert posted.status_code == 404
    assert not Response.objects.filter(recipient__organisation=org.da).exists()
    # Nor may a municipality's contact person answer for the organisation.
    client.force_login(org.contacts[0])
    assert client.get(url).status_code == 404


def test_the_old_answer_address_by_municipality_redirects_permanently(client, org):
    _send(org)
    client.force_login(org.contacts[0])
    municipality = org.municipalities[0]
    old = f"/hoeringer/{org.request.pk}/svar/{municipality.pk}/"
    response = client.get(old + "?change=1")
    assert response.status_code == 301
    assert response["Location"] == _form_url(org, municipality) + "?change=1"
    # A municipality that is not a recipient, and a stranger, get the 404 as before.
    assert (
        client.get(f"/hoeringer/{org.request.pk}/svar/{MunicipalityFactory().pk}/").status_code
        == 404
    )
    client.force_login(org.lo_contact)
    assert client.get(old).status_code == 404


def test_the_matrix_and_the_exports_name_the_organisation(client, org):
    _send(org)
    _answer_da(org)
    client.force_login(org.secretary)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("consultations:response_matrix", args=[org.request.pk]))
    html = page.content.decode()
    assert org.da.name in html
    assert _form_url(org, org.da) in html
    # By name in Danish order: Aabenraa (as Å) after Dansk ..., Ærø before Aabenraa.
    names = [row.recipient.name for row in selectors.response_matrix(request=org.request)]
    assert names == ["Dansk Arbejdsgiverforening", "Ærø Org", "Aabenraa Org"]
    csv = client.get(reverse("consultations:response_export", args=[org.request.pk, "csv"]))
    text = csv.content.decode("utf-8-sig")
    header, *rows = text.splitlines()
    assert header.startswith("Recipient;")
    assert any(
        row.startswith("Dansk Arbejdsgiverforening;") and "Flere lærepladser" in row for row in rows
    )
    xlsx = client.get(reverse("consultations:response_export", args=[org.request.pk, "xlsx"]))
    assert xlsx.status_code == 200
    side = client.get(reverse("consultations:answers_by_question", args=[org.request.pk]))
    assert org.da.name in side.content.decode()


def test_the_compiled_pdf_names_the_organisation(org, django_capture_on_commit_callbacks):
    _send(org)
    _answer_da(org)
    with django_capture_on_commit_callbacks(execute=True):
        compiled = services_pdf.compiled_pdf_request(actor=org.secretary, request_id=org.request.pk)
    compiled.refresh_from_db()
    with compiled.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Dansk Arbejdsgiverforening" in text
    assert "Flere lærepladser" in text
    assert "Ærø Org" in text  # among those who have not answered
    # In the language active when it is asked (it used to be whatever an earlier test had
    # left active: English in the whole suite, Danish when this test ran alone).
    with translation.override("en"):
        title = services_pdf.compiled_pdf_attachment_title(org.request)
        assert title.startswith("Summary of the input")
    with translation.override("da"):
        title = services_pdf.compiled_pdf_attachment_title(org.request)
        assert title.startswith("Opsummering af input")


def test_the_api_gives_each_answer_its_recipient_with_its_kind(client, org):
    _send(org)
    _answer_da(org)
    services.response_submit(
        actor=org.contacts[0],
        request_id=org.request.pk,
        recipient_id=org.recipient(org.municipalities[0]).pk,
        expected_version=0,
        values={org.question.pk: "<p>Fra Ærø</p>"},
    )
    client.force_login(org.secretary)
    rows = client.get(f"/api/requests-for-input/{org.request.pk}/responses/").json()
    by_kind = {row["recipient"]["kind"]: row for row in rows}
    assert by_kind["organisation"]["recipient"] == {
        "kind": "organisation",
        "code": None,
        "slug": "da",
        "name": "Dansk Arbejdsgiverforening",
    }
    assert by_kind["organisation"]["municipality"] is None
    municipal = by_kind["municipality"]
    assert municipal["recipient"]["code"] == org.municipalities[0].code
    assert municipal["municipality"] == org.municipalities[0].code  # kept for one release
    assert municipal["municipality_name"] == "Ærø Org"


def test_my_tasks_lists_the_request_for_the_organisations_contact_person(client, org):
    _send(org)
    client.force_login(org.da_contact)
    page = client.get(reverse("accounts:tasks"))
    assert [r.pk for r in page.context["requests_for_input"]] == [org.recipient(org.da).pk]
    assert _form_url(org, org.da) in page.content.decode()
    _answer_da(org)
    assert client.get(reverse("accounts:tasks")).context["requests_for_input"] == []
    client.force_login(org.lo_contact)
    assert client.get(reverse("accounts:tasks")).context["requests_for_input"] == []
