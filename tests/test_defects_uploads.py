"""Issue 12, defect: a refused upload named a misleading reason. ``rapport.exe`` is refused
because the file type is not allowed, not because the name "cannot be stored safely"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from core.uploads import UploadRefused, upload_check

PDF_BYTES = b"%PDF-1.4\n%%EOF\n"


def _refusal(name: str) -> str:
    upload = SimpleUploadedFile("placeholder.pdf", PDF_BYTES)
    upload.name = name  # as a service could get it, before Django cleans the name
    with translation.override("en"), pytest.raises(UploadRefused) as refused:
        upload_check(upload=upload)
    return refused.value.messages[0]


@pytest.mark.parametrize(
    ("name", "extension"),
    [("program.exe", ".exe"), ("rapport.pdf.exe", ".exe"), ("SIDE.HTML", ".html")],
)
def test_a_risky_file_type_is_refused_naming_the_type(name: str, extension: str) -> None:
    assert _refusal(name) == f"This file type is not allowed: {extension} (“{name}”)."


def test_a_risky_second_extension_is_named_and_the_other_reasons_are_kept() -> None:
    assert ".exe" in _refusal("bilag.exe.pdf")
    assert "second extension" in _refusal("bilag.exe.pdf")
    assert "cannot be stored safely" in _refusal(".skjult.pdf")
    assert "cannot be stored safely" in _refusal("navn\x01.pdf")
    assert "reading direction" in _refusal("rapport\u202excod.pdf")


def test_the_upload_page_says_the_file_type_is_not_allowed(client: Client, demo) -> None:
    from councils.models import Body
    from meetings import services

    meeting = services.meeting_schedule(
        actor=None,
        body=Body.objects.get(slug="kd-net-midtjylland"),
        starts_at=timezone.make_aware(dt.datetime(2014, 8, 22, 9)),
    )
    item = services.agenda_item_add(actor=None, meeting=meeting, title="Bilag")
    client.post(reverse("accounts:login"), {"username": "sekretariat", "password": "demo-kkr-2026"})
    url = reverse("meetings:item_attachments_add", args=[item.pk])
    upload = SimpleUploadedFile("program.exe", b"MZ\x90\x00" + b"\x00" * 60)
    response = client.post(url, {"upload-files": [upload]})
    assert response.status_code == 400
    page = response.content.decode()
    assert ".exe" in page and "program.exe" in page
    assert "gemmes sikkert" not in page and "stored safely" not in page
    assert item.attachments.count() == 0
