"""The security baseline on every response: CSP without inline scripts, cookie flags, HSTS."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

PAGES = [
    "home",
    "councils:municipality_list",
    "accounts:login",
    "accessibility",
    "accounts:password_reset",
]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_a_csp_that_forbids_inline_scripts(client: Client, demo, name) -> None:
    response = client.get(reverse(name))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert "'unsafe-inline'" not in policy
    assert directives["frame-ancestors"] == "'none'"
    html = response.content.decode()
    # Every <script> loads a file; none carries code or an inline handler.
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert not re.search(r"\son[a-z]+=", html)
    assert "style=" not in html


def test_the_health_check_and_api_also_carry_the_policy(client: Client, db) -> None:
    for url in ("/healthz", "/api/"):
        assert "Content-Security-Policy" in client.get(url)


@override_settings(
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
    SECURE_HSTS_SECONDS=31536000,
    SECURE_SSL_REDIRECT=True,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
)
def test_with_production_flags_cookies_are_secure_and_hsts_is_sent(db) -> None:
    client = Client()
    response = client.get(reverse("accounts:login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"]
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, secure=True)
    assert response.cookies["django_language"]["httponly"]
    assert client.get(reverse("home")).status_code == 301  # http is sent to https


def test_the_session_cookie_is_http_only(client: Client, db) -> None:
    from tests.factories import UserFactory

    UserFactory(username="inger")
    response = client.post(
        reverse("accounts:login"), {"username": "inger", "password": "correct horse battery"}
    )
    assert response.cookies["sessionid"]["httponly"]
    assert response.cookies["sessionid"]["samesite"] == "Lax"


def test_the_footer_links_to_the_accessibility_statement(client: Client, db) -> None:
    body = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("accessibility")}"' in body
    statement = client.get(reverse("accessibility")).content.decode()
    assert "Tilgængelighedserklæring" in statement
    assert "Digitaliseringsstyrelsen" in statement


def test_pages_have_a_skip_link_and_landmarks(client: Client, db) -> None:
    body = client.get(reverse("home")).content.decode()
    assert '<a class="skipnav" href="#main-content">Gå til indhold</a>' in body
    assert '<main id="main-content"' in body
    assert "<header" in body and "<footer" in body and "<nav" in body
