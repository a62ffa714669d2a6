"""The public ways in to agreements and requests for input: the sitemap lists only what an
anonymous visitor may read (asked of the apps' access layers), and the main menu links both."""

from __future__ import annotations

from django.test import Client

from agreements import services
from tests.agreements.conftest import Setup


def test_the_sitemap_lists_agreements_in_force_but_never_a_draft(
    client: Client, setup: Setup
) -> None:
    draft = setup.agreement
    in_force = services.agreement_create(
        actor=setup.secretary,
        body=setup.body,
        kind=draft.kind,
        title="Rammeaftale i kraft",
        start=draft.start,
        end=draft.end,
        summary="",
    )
    services.agreement_put_in_force(actor=setup.secretary, agreement_id=in_force.pk)
    xml = client.get("/sitemap.xml").content.decode()
    assert f"http://testserver{in_force.get_absolute_url()}</loc>" in xml
    assert f"http://testserver{draft.get_absolute_url()}</loc>" not in xml
    assert "http://testserver/aftaler/</loc>" in xml
    assert "http://testserver/hoeringer/offentlige/</loc>" in xml


def test_the_main_menu_leads_anonymous_visitors_to_agreements_and_public_requests(
    client: Client, setup: Setup
) -> None:
    html = client.get("/").content.decode()
    assert 'href="/aftaler/"' in html
    assert 'href="/hoeringer/offentlige/"' in html
    client.force_login(setup.secretary)
    assert 'href="/hoeringer/"' in client.get("/").content.decode()
