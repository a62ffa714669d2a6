"""The follow-up round pages (opening; the round with one indicator's figure accepted, one
waiting, and an organisation party's form) and the agreement page with a narrative pass the Nu Html
Checker (vnu) without errors."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agreements import services_follow_up
from tests.agreements.test_follow_up import _answer, follow  # noqa: F401  (fixture)

pytestmark = pytest.mark.vnu

ROOT = Path(__file__).resolve().parent.parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_follow_up_pages_are_valid_html(follow, tmp_path: Path) -> None:  # noqa: F811
    if not VNU_JAR.is_file():
        pytest.skip("vnu.jar is not installed (npm install)")
    follow_up = services_follow_up.follow_up_round_open(
        actor=follow.secretary,
        agreement_id=follow.agreement.pk,
        period_label="2023",
        year=2023,
        deadline=timezone.now() + dt.timedelta(days=20),
    )
    _answer(follow, follow_up)
    services_follow_up.follow_up_accept(
        actor=follow.secretary, round_id=follow_up.pk, indicator_ids=[follow.share.pk]
    )
    staff = Client()
    staff.force_login(follow.secretary)
    pages = {
        "open": reverse("agreements:follow_up_open", args=[follow.agreement.pk]),
        "round": follow_up.get_absolute_url(),
        "agreement": follow.agreement.get_absolute_url(),
    }
    files = []
    for name, url in pages.items():
        response = staff.get(url)
        assert response.status_code == 200, (url, response.status_code)
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == []
