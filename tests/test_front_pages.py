"""The way in (issue 12): front page, municipality pages, "Mine opgaver", error pages,
robots.txt, favicon, sitemap, and the design system's checkbox and radio markup."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Affiliation
from councils.models import Body, Membership, Municipality
from meetings import services as meeting_services
from meetings.models import Meeting
from notifications.models import OutgoingEmail
from tests.factories import AffiliationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def kd_net(demo) -> Body:
    return Body.objects.get(slug="kd-net-midtjylland")


@pytest.fixture
def secretary(kd_net):
    user = UserFactory(username="front-secretary")
    AffiliationFactory(user=user, body=kd_net, kind=Affiliation.Kind.SECRETARIAT)
    return user


def _schedule(body: Body, days: int, *, publish: bool) -> Meeting:
    meeting = meeting_services.meeting_schedule(
        actor=None,
        body=body,
        starts_at=timezone.now() + dt.timedelta(days=days),
        place=f"Place in {days} days",
        agenda_deadline=(timezone.now() + dt.timedelta(days=days - 3)).date(),
    )
    if publish:
        meeting_services.agenda_publish(actor=None, meeting_id=meeting.pk)
    return meeting


# --- Front page ---------------------------------------------------------------------------


def test_the_front_page_shows_coming_published_meetings_but_not_unpublished_ones(
    client: Client, kd_net
) -> None:
    _schedule(kd_net, 10, publish=True)
    _schedule(kd_net, 12, publish=False)
    html = client.get("/").content.decode()
    assert "Place in 10 days" in html
    assert "Place in 12 days" not in html


def test_the_front_page_shows_the_decisions_of_the_latest_published_minutes(
    client: Client, kd_net
) -> None:
    from meetings.demo import load_meeting_demo

    load_meeting_demo()
    with_minutes = Meeting.objects.filter(minutes_published_at__isnull=False)
    assert with_minutes.exists()
    html = client.get("/").content.decode()
    newest = with_minutes.order_by("-minutes_published_at").first()
    assert newest.get_absolute_url() in html
    assert 'id="latest-minutes"' in html
    assert "front-decisions" in html


def test_the_front_page_never_shows_a_closed_decision(client: Client, kd_net) -> None:
    meeting = meeting_services.meeting_schedule(
        actor=None, body=kd_net, starts_at=timezone.now() - dt.timedelta(days=2)
    )
    meeting_services.agenda_item_add(
        actor=None, meeting=meeting, title="Åbent", decision="<p>MXOPENDECISION</p>"
    )
    closed = meeting_services.agenda_item_add(
        actor=None,
        meeting=meeting,
        title="Lukket",
        is_closed=True,
        decision="<p>MXCLOSEDDECISION</p>",
    )
    meeting_services.agenda_item_add(
        actor=None, meeting=meeting, title="Under", parent=closed, decision="<p>MXSUBDECISION</p>"
    )
    meeting_services.agenda_publish(actor=None, meeting_id=meeting.pk)
    meeting_services.minutes_publish(actor=None, meeting_id=meeting.pk, confirm_missing=True)
    for who in (None, "medlem", "sekretariat"):
        client.logout()
        if who:
            client.force_login(UserFactory._meta.model.objects.get(username=who))
        html = client.get("/").content.decode()
        assert "MXOPENDECISION" in html, who
        assert "MXCLOSEDDECISION" not in html and "MXSUBDECISION" not in html, who


# --- Municipality pages -------------------------------------------------------------------


def test_a_municipality_page_answers_by_slug_and_by_code_and_is_linked_from_the_list(
    client: Client, demo
) -> None:
    municipality = Municipality.objects.get(name="Aarhus")
    by_slug = client.get(f"/kommuner/{municipality.slug}/")
    by_code = client.get(f"/kommuner/{municipality.code}/")
    assert by_slug.status_code == by_code.status_code == 200
    assert municipality.region.name in by_slug.content.decode()
    listing = client.get("/kommuner/").content.decode()
    assert f'href="/kommuner/{municipality.slug}/"' in listing
    assert client.get("/kommuner/no-such-place/").status_code == 404


def test_a_municipality_page_lists_its_current_members_in_bodies(client: Client, kd_net) -> None:
    municipality = Municipality.objects.get(name="Aarhus")
    person = PersonFactory(name="Representing Person")
    Membership.objects.create(
        person=person, body=kd_net, municipality=municipality, start=dt.date(2020, 1, 1)
    )
    ended = PersonFactory(name="Former Representative")
    Membership.objects.create(
        person=ended,
        body=kd_net,
        municipality=municipality,
        start=dt.date(2010, 1, 1),
        end=dt.date(2011, 1, 1),
    )
    html = client.get(f"/kommuner/{municipality.slug}/").content.decode()
    assert "Representing Person" in html
    assert "Former Representative" not in html


def test_contact_persons_are_shown_to_the_public_sectors_own_only(client: Client, demo) -> None:
    municipality = Municipality.objects.get(name="Aarhus")
    contact = UserFactory(username="aarhus-contact", email="contact@aarhus.example")
    AffiliationFactory(
        user=contact, body=None, municipality=municipality, kind=Affiliation.Kind.MUNICIPAL_CONTACT
    )
    url = f"/kommuner/{municipality.slug}/"
    assert "contact@aarhus.example" not in client.get(url).content.decode()
    # An account without a role sees what the public sees (accounts.rules,
    # VIEW_CONTACT_DETAILS: secretariats, members, municipal contact persons).
    client.force_login(UserFactory(username="someone-signed-in"))
    assert "contact@aarhus.example" not in client.get(url).content.decode()
    secretary = UserFactory(username="a-secretary")
    AffiliationFactory(user=secretary, body=Body.objects.get(slug="kkr-midtjylland"))
    client.force_login(secretary)
    assert "contact@aarhus.example" in client.get(url).content.decode()


def test_a_municipality_page_shows_its_quota_of_each_year(client: Client, demo) -> None:
    from quotas.demo import load_quota_demo
    from quotas.models import MunicipalQuota

    load_quota_demo()
    quota = (
        MunicipalQuota.objects.select_related("municipality", "national_figure__quota_year")
        .order_by("-national_figure__version")
        .first()
    )
    html = client.get(f"/kommuner/{quota.municipality.slug}/").content.decode()
    assert quota.national_figure.quota_year.get_absolute_url() in html


# --- Mine opgaver -------------------------------------------------------------------------


def test_my_tasks_asks_anonymous_visitors_to_log_in(client: Client) -> None:
    response = client.get(reverse("accounts:tasks"))
    assert response.status_code == 302
    assert "/konto/log-ind/" in response["Location"]


def test_my_tasks_says_so_when_nothing_waits(client: Client, demo) -> None:
    client.force_login(UserFactory(username="idle"))
    client.cookies["django_language"] = "en"  # the English text is asserted below
    response = client.get(reverse("accounts:tasks"))
    assert response.status_code == 200
    assert "Nothing is waiting for you right now." in response.content.decode()


def test_my_tasks_lists_the_secretariats_unpublished_agendas_and_failed_emails(
    client: Client, kd_net, secretary
) -> None:
    waiting = _schedule(kd_net, 9, publish=False)
    _schedule(kd_net, 11, publish=True)
    OutgoingEmail.objects.create(
        key="front-test-1",
        body=kd_net,
        to="reader@example.org",
        subject="Failed notice subject",
        text="x",
        status=OutgoingEmail.Status.FAILED,
    )
    client.force_login(secretary)
    html = client.get(reverse("accounts:tasks")).content.decode()
    assert reverse("meetings:agenda_edit", args=[waiting.pk]) in html
    assert "Failed notice subject" in html
    assert "Nothing is waiting" not in html


def test_my_tasks_shows_nothing_of_another_bodys_secretariat(
    client: Client, kd_net, secretary
) -> None:
    other = Body.objects.exclude(pk=kd_net.pk).first()
    _schedule(other, 9, publish=False)
    OutgoingEmail.objects.create(
        key="front-test-2",
        body=other,
        to="reader@example.org",
        subject="Other body's failure",
        text="x",
        status=OutgoingEmail.Status.FAILED,
    )
    client.force_login(secretary)
    html = client.get(reverse("accounts:tasks")).content.decode()
    assert "Other body's failure" not in html
    assert other.name not in html.split('id="main-content"')[1].split("</main>")[0]


def test_my_tasks_is_linked_from_my_account(client: Client, demo) -> None:
    client.force_login(UserFactory(username="linked"))
    html = client.get(reverse("accounts:profile")).content.decode()
    assert html.count(f'href="{reverse("accounts:tasks")}"') >= 2  # menu and profile


# --- Error pages, robots.txt, favicon, sitemap --------------------------------------------


def test_an_unknown_address_gets_the_portals_404_page_in_its_layout(client: Client, db) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'id="main-content"' in html and "site-footer" in html


@override_settings(DEBUG=True)
def test_the_404_page_is_the_portals_own_also_in_development(client: Client, db) -> None:
    from django.conf import settings

    with override_settings(
        MIDDLEWARE=[*settings.MIDDLEWARE, "kkr_portal.not_found.NotFoundPageMiddleware"]
    ):
        response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'id="main-content"' in html
    assert "Using the URLconf" not in html


def test_the_500_page_is_in_the_portals_layout(rf, db) -> None:
    from kkr_portal.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "site-footer" in response.content.decode()


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_accounts(client: Client) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /konto/" in text
    assert re.search(r"^Sitemap: http://testserver/sitemap.xml$", text, re.M)


def test_the_favicon_address_leads_to_the_icon(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".svg")


def test_the_sitemap_lists_public_pages_and_only_meetings_the_public_may_see(
    client: Client, kd_net
) -> None:
    published = _schedule(kd_net, 10, publish=True)
    unpublished = _schedule(kd_net, 12, publish=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    assert f"http://testserver{published.get_absolute_url()}</loc>" in xml
    assert f"http://testserver{unpublished.get_absolute_url()}</loc>" not in xml
    assert f"http://testserver{kd_net.get_absolute_url()}</loc>" in xml
    aarhus = Municipality.objects.get(name="Aarhus")
    assert f"/kommuner/{aarhus.slug}/</loc>" in xml
    assert set(Meeting.objects.visible_to(AnonymousUser())) >= {published}


def test_the_privacy_page_is_linked_from_every_page(client: Client, db) -> None:
    response = client.get(reverse("privacy"))
    assert response.status_code == 200
    assert f'href="{reverse("privacy")}"' in client.get(reverse("accessibility")).content.decode()


# --- Checkbox and radio markup ------------------------------------------------------------


class _Form(forms.Form):
    agree = forms.BooleanField(label="Agree", required=False)
    choice = forms.ChoiceField(
        label="Pick", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )


def test_a_checkbox_uses_the_design_systems_markup_with_the_input_before_its_label() -> None:
    form = _Form(initial={"agree": True})
    html = render_to_string("_field.html", {"field": form["agree"]})
    assert 'class="form-group-checkbox"' in html
    assert "form-checkbox-group" not in html
    match = re.search(r'<input class="form-checkbox" type="checkbox"[^>]*>\s*<label', html)
    assert match and "checked" in match.group(0)


def test_radio_buttons_use_the_design_systems_markup() -> None:
    form = _Form(data={"choice": "b"})
    html = render_to_string("_radios.html", {"field": form["choice"]})
    assert html.count('class="form-group-radio"') == 2
    assert html.count('class="form-radio" type="radio"') == 2
    assert re.search(r'value="b" checked', html)


def test_no_template_uses_class_names_the_design_system_does_not_know() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "templates"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if re.search(r"form-checkbox-group|form-radio-input", path.read_text())
    ]
    assert offenders == []
