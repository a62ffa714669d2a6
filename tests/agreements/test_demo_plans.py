"""The demo action plan of Syddanmark 2016-19 (seed 000), the Skåne Nordost matrix (seed 004)
and the agreements of seed 001, entered as data."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from agreements.demo import load_agreement_demo
from agreements.demo_plans import (
    ACTION_PLAN_TITLE,
    FRAMEWORK_TITLE,
    MATRIX_AGREEMENT_TITLE,
    SDEO_TITLE,
    UC_TITLE,
)
from agreements.models import Agreement, AgreementItemLink, MatrixCell, Milestone


def test_the_demo_has_the_action_plan_the_matrix_and_the_seed_001_agreements(
    demo: dict[str, int], client: Client
) -> None:
    first = load_agreement_demo()
    assert load_agreement_demo() == first  # loading twice changes nothing
    plan = Agreement.objects.get(title=ACTION_PLAN_TITLE)
    assert (plan.start, plan.end) == (dt.date(2016, 1, 1), dt.date(2019, 12, 31))
    tracks = {t.title: t for t in plan.tracks.all()}
    assert list(tracks) == [
        "Byregionalt samarbejde",
        "Syddanskernes liv i de enkelte kommuner",
        "Kvalificeret arbejdskraft",
    ]
    forum = "Regionalt-kommunalt administrativt forum (Syddanmark)"
    following = {
        title: {b.name for b in track.followed_by.all()} for title, track in tracks.items()
    }
    assert [forum in bodies for bodies in following.values()] == [True, True, False]
    assert tracks["Byregionalt samarbejde"].activities.count() == 4  # one per city region
    discussions = Milestone.objects.filter(activity__track=tracks["Kvalificeret arbejdskraft"])
    assert discussions.count() == 8  # two a year, 2016-19
    evaluation = plan.evaluations.get()
    assert evaluation.due_on == dt.date(2017, 12, 31) and evaluation.done_on is not None
    assert AgreementItemLink.objects.filter(agreement=plan).count() == 2
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Kvalificeret arbejdskraft" in page and "tiltrådte evalueringen" in page
    matrix_agreement = Agreement.objects.get(title=MATRIX_AGREEMENT_TITLE)
    matrix = matrix_agreement.matrices.get()
    assert matrix.themes.count() == 6
    assert MatrixCell.objects.filter(theme__matrix=matrix, text="").count() == 0
    assert matrix.footnotes.count() == 3
    page = client.get(matrix.get_absolute_url()).content.decode()
    assert "Gränsöverskridande samverkan" in page and "Regiondelsprogram" in page
    assert Agreement.objects.get(title=UC_TITLE).goals.count() == 3
    assert Agreement.objects.filter(title__in=[SDEO_TITLE, FRAMEWORK_TITLE]).count() == 2
