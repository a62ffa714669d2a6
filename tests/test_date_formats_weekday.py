"""Issue 12, defect: a meeting's time with its weekday was written in Danish order in every
language ("Thursday 12. September 2019, 14:00", "torsdag 12. september 2019, 14:00" in
Swedish). Each language has its own weekday formats in kkr_portal/formats/<lang>/formats.py
(WEEKDAY_DATE_FORMAT, WEEKDAY_DATETIME_FORMAT, WEEKDAY_TIME_FORMAT), and the templates
name them."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from councils.models import Body
from meetings import services
from meetings.models import Meeting

WEEKDAY_FORMATS = ("WEEKDAY_DATE_FORMAT", "WEEKDAY_DATETIME_FORMAT", "WEEKDAY_TIME_FORMAT")

# Thursday 12 September 2019, 14:00 to 16:00 (Copenhagen time).
STARTS = timezone.make_aware(dt.datetime(2019, 9, 12, 14, 0))
ENDS = timezone.make_aware(dt.datetime(2019, 9, 12, 16, 0))

EXPECTED = {
    "da": ("torsdag 12. september 2019", "torsdag 12. september 2019 kl. 14.00", "16.00"),
    "en": ("Thursday 12 September 2019", "Thursday 12 September 2019, 14:00", "16:00"),
    "sv": ("torsdag 12 september 2019", "torsdag 12 september 2019 kl. 14.00", "16.00"),
}


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_language_of_the_portal_has_its_own_weekday_formats(language: str) -> None:
    # Django uses an unknown format name as the format itself ("WEEKDAY_..." letter by
    # letter), so a language without these names would print nonsense.
    module = import_module(f"kkr_portal.formats.{language}.formats")
    for name in WEEKDAY_FORMATS:
        assert isinstance(getattr(module, name, None), str), (language, name)


@pytest.mark.parametrize("language", ["da", "en", "sv"])
def test_the_weekday_formats_write_a_date_and_time_each_languages_way(language: str) -> None:
    date, datetime, time = EXPECTED[language]
    local = timezone.localtime(STARTS)
    with translation.override(language):
        assert date_format(local.date(), "WEEKDAY_DATE_FORMAT") == date
        assert date_format(local, "WEEKDAY_DATETIME_FORMAT") == datetime
        assert date_format(timezone.localtime(ENDS), "WEEKDAY_TIME_FORMAT") == time


@pytest.fixture
def meeting(demo: dict[str, int]) -> Meeting:
    return services.meeting_schedule(
        actor=None,
        body=Body.objects.get(slug="kd-net-midtjylland"),
        starts_at=STARTS,
        ends_at=ENDS,
        place="Medborgerhuset, Silkeborg",
    )


@pytest.fixture
def secretariat(client: Client, demo: dict[str, int]) -> Client:
    response = client.post(
        reverse("accounts:login"), {"username": "sekretariat", "password": "demo-kkr-2026"}
    )
    assert response.status_code == 302
    return client


@pytest.mark.parametrize("language", ["da", "en", "sv"])
def test_the_meeting_page_writes_its_time_in_the_readers_language(
    secretariat: Client, meeting: Meeting, language: str
) -> None:
    secretariat.cookies["django_language"] = language
    _date, datetime, time = EXPECTED[language]
    for url in (meeting.get_absolute_url(), reverse("meetings:agenda_edit", args=[meeting.pk])):
        response = secretariat.get(url)
        assert response.status_code == 200, url
        assert f"{datetime}–{time}" in response.content.decode(), url


def test_the_pdf_writes_the_meeting_time_the_danish_way(meeting: Meeting) -> None:
    with translation.override("da"):
        html = render_to_string("meetings/pdf/document.html", {"meeting": meeting})
    assert "torsdag 12. september 2019 kl. 14.00–16.00" in html
