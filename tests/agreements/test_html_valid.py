"""The agreement pages pass the Nu Html Checker (vnu) without errors (the SVG chart too)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from agreements.demo import FYN_TITLE, REGIONAL_TITLE, RENEWAL_TITLE, load_agreement_demo
from agreements.models import Agreement

pytestmark = pytest.mark.vnu

ROOT = Path(__file__).resolve().parent.parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_agreement_pages_are_valid_html(demo: dict[str, int], tmp_path: Path) -> None:
    if not VNU_JAR.is_file():
        pytest.skip("vnu.jar is not installed (npm install)")
    load_agreement_demo()
    fyn = Agreement.objects.get(title=FYN_TITLE)
    regional = Agreement.objects.get(title=REGIONAL_TITLE)
    renewal = Agreement.objects.get(title=RENEWAL_TITLE)
    goal = regional.goals.first()
    indicator = goal.indicators.first()
    anonymous = Client()
    staff = Client()
    staff.force_login(User.objects.get(username="sekretariat"))
    pages = {
        "list": (anonymous, reverse("agreements:agreement_list")),
        "list-filtered": (anonymous, reverse("agreements:agreement_list") + "?year=abc"),
        "fyn": (anonymous, fyn.get_absolute_url()),
        "regional": (anonymous, regional.get_absolute_url()),
        "regional-staff": (staff, regional.get_absolute_url()),
        "renewal-staff": (staff, renewal.get_absolute_url()),
        "create": (staff, reverse("agreements:agreement_create")),
        "edit": (staff, reverse("agreements:agreement_edit", args=[regional.pk])),
        "party": (staff, reverse("agreements:party_add", args=[regional.pk])),
        "economy": (staff, reverse("agreements:economy_add", args=[regional.pk])),
        "document": (staff, reverse("agreements:document_add", args=[regional.pk])),
        "goal": (staff, reverse("agreements:goal_edit", args=[regional.pk, goal.pk])),
        "indicator": (
            staff,
            reverse("agreements:indicator_edit", args=[regional.pk, indicator.pk]),
        ),
        "measurement": (
            staff,
            reverse("agreements:measurement_add", args=[regional.pk, indicator.pk]),
        ),
        "renew": (staff, reverse("agreements:agreement_renew", args=[renewal.pk])),
        "end": (staff, reverse("agreements:agreement_end", args=[regional.pk])),
    }
    files = []
    for name, (client, url) in pages.items():
        response = client.get(url)
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
