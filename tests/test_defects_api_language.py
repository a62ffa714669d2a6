"""Issue 12, defect: API errors in the language the caller asks for (Accept-Language da, en,
sv; Danish without one), never mixed; the pages stay Danish on any browser."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

EXPECTED = {"da": "da", "en": "en", "sv": "sv", "en-GB,en;q=0.8": "en", "fr, sv;q=0.5": "sv"}


@pytest.mark.django_db
@pytest.mark.parametrize(("header", "language"), EXPECTED.items())
def test_api_errors_come_in_the_language_the_caller_asks_for(header: str, language: str) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE=header)
    bad_page = client.get("/api/municipalities/", {"page": "abc"})
    wrong_method = client.delete("/api/municipalities/")
    assert (bad_page.status_code, wrong_method.status_code) == (400, 405)
    assert bad_page["Content-Language"] == wrong_method["Content-Language"] == language
    assert "Accept-Language" in bad_page["Vary"]
    with translation.override(language):
        # The project's own message and Django REST framework's, in one language.
        assert bad_page.json() == {
            "page": [translation.gettext("Give a whole number of 1 or more.")]
        }
        assert wrong_method.json() == {
            "detail": translation.gettext('Method "{method}" not allowed.').format(method="DELETE")
        }


@pytest.mark.django_db
def test_without_a_known_language_the_api_answers_in_danish() -> None:
    for client in (Client(), Client(HTTP_ACCEPT_LANGUAGE="fr, de;q=0.5, *;q=0.1")):
        response = client.get("/api/municipalities/", {"page": "abc"})
        assert response["Content-Language"] == "da"
        assert response.json() == {"page": ["Angiv et helt tal på 1 eller mere."]}


@pytest.mark.django_db
def test_pages_stay_danish_whatever_the_browser_asks_for() -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/kommuner/")
    assert response.status_code == 200
    assert response["Content-Language"] == "da"
