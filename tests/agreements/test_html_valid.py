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


def _plan_pages(anonymous: Client, staff: Client) -> dict[str, tuple[Client, str]]:
    """The action plan, its forms and the matrix (the staff user is made secretariat of
    their bodies)."""
    from agreements.demo_plans import ACTION_PLAN_TITLE, MATRIX_AGREEMENT_TITLE
    from agreements.models import Activity, MatrixCell
    from councils.models import Body
    from tests.factories import AffiliationFactory

    user = User.objects.get(username="sekretariat")
    for slug in ("kkr-syddanmark", "skane-nordost-samverkanskommitte"):
        AffiliationFactory(user=user, body=Body.objects.get(slug=slug))
    plan = Agreement.objects.get(title=ACTION_PLAN_TITLE)
    matrix = Agreement.objects.get(title=MATRIX_AGREEMENT_TITLE).matrices.get()
    track = plan.tracks.first()
    activity = Activity.objects.filter(track=track).first()
    cell = MatrixCell.objects.filter(theme__matrix=matrix).first()
    evaluation = plan.evaluations.first()
    m = [matrix.agreement_id, matrix.pk]
    return {
        "plan": (anonymous, plan.get_absolute_url()),
        "plan-staff": (staff, plan.get_absolute_url()),
        "track": (staff, reverse("agreements:track_edit", args=[plan.pk, track.pk])),
        "activity": (staff, reverse("agreements:activity_edit", args=[plan.pk, activity.pk])),
        "milestone": (
            staff,
            reverse("agreements:milestone_add", args=[plan.pk, activity.pk]),
        ),
        "evaluation": (
            staff,
            reverse("agreements:evaluation_edit", args=[plan.pk, evaluation.pk]),
        ),
        "link": (staff, reverse("agreements:item_link_add", args=[plan.pk])),
        "matrix": (anonymous, matrix.get_absolute_url()),
        "matrix-staff": (staff, matrix.get_absolute_url()),
        "matrix-add": (staff, reverse("agreements:matrix_add", args=[plan.pk])),
        "matrix-theme": (staff, reverse("agreements:matrix_theme_add", args=m)),
        "matrix-cell": (staff, reverse("agreements:matrix_cell_edit", args=[*m, cell.pk])),
        "matrix-footnote": (staff, reverse("agreements:matrix_footnote_set", args=m)),
    }


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
        **_plan_pages(anonymous, staff),
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
