"""Every visible text is translated: the catalogues are complete and compiled."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def _entries(po: Path) -> list[tuple[str, str, bool]]:
    text = po.read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if not msgid:
            continue
        ident = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', msgid.group(1)))
        if not ident:
            continue
        strs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
        values = ["".join(re.findall(r'"((?:[^"\\]|\\.)*)"', s)) for s in strs]
        entries.append((ident, values[0] if values else "", "fuzzy" in block and all(values)))
        if any(v == "" for v in values):
            entries[-1] = (ident, "", False)
    return entries


@pytest.mark.parametrize("language", ["da", "sv"])
def test_every_message_is_translated_and_none_is_fuzzy(language: str) -> None:
    po = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    entries = _entries(po)
    assert len(entries) > 150
    assert [e[0] for e in entries if not e[1]] == []
    assert "#, fuzzy" not in po.read_text(encoding="utf-8").split("\n\n", 1)[1]


def _unescape(text: str) -> str:
    """A .po string as the program sees it (quotes and line breaks)."""
    return text.replace('\\"', '"').replace("\\n", "\n")


@pytest.mark.parametrize("language", ["da", "sv"])
def test_the_compiled_catalogue_matches_the_source(language: str) -> None:
    directory = ROOT / "locale" / language / "LC_MESSAGES"
    with (directory / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for ident, translation, _fuzzy in _entries(directory / "django.po"):
        if "%(" in ident and "\\n" not in ident:
            continue  # plural and formatted entries are checked through the pages
        expected = _unescape(translation)
        assert compiled.gettext(_unescape(ident)) == expected, ident


DANISH_ONLY = ["Organer", "Kommuner", "Log ind", "Tilgængelighedserklæring", "Gå til indhold"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", ["Organer", "Kommuner", "Log ind", "Regioner og deres organer"]),
        ("en", ["Bodies", "Municipalities", "Log in", "Regions and their bodies"]),
        ("sv", ["Organ", "Kommuner", "Logga in", "Regioner och deras organ"]),
    ],
)
def test_switching_language_translates_the_page(client: Client, demo, language, expected) -> None:
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302
    body = client.get(reverse("home")).content.decode()
    assert f'<html lang="{language}">' in body
    for text in expected:
        assert text in body
    if language != "da":
        for text in ("Log ind", "Tilgængelighedserklæring", "Gå til indhold"):
            assert text not in body


def test_the_portal_opens_in_danish_whatever_the_browser_prefers(client: Client, db) -> None:
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "da"
    assert '<html lang="da">' in response.content.decode()


def test_an_unknown_language_cookie_falls_back_to_danish(client: Client, db) -> None:
    client.cookies["django_language"] = "xx"
    assert '<html lang="da">' in client.get(reverse("home")).content.decode()
