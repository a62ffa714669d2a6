"""A small world for the search tests, written through the services with their on-commit
hooks run (so the index is built the way it is in production)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from meetings import services
from tests.factories import AffiliationFactory, BodyFactory, RegionFactory, UserFactory


def at(days: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 10))


def agreement_of_a_new_body(
    slug: str, *, kind: str, title: str, start: dt.date, in_force: bool = True
) -> tuple[Any, Any]:
    """An agreement of a new Danish body, made by the body's secretary (returned with it);
    in force unless ``in_force=False`` (a draft: only the secretariat sees it)."""
    from agreements import services as agreements

    region = RegionFactory(country="DK", name=f"Region {slug}", slug=f"region-{slug}")
    body = BodyFactory(name=f"KKR {slug}", slug=f"kkr-{slug}", region=region)
    secretary = UserFactory(username=f"{slug}-sekretariat")
    AffiliationFactory(user=secretary, body=body)
    agreement = agreements.agreement_create(
        actor=secretary,
        body=body,
        title=title,
        start=start,
        kind=agreements.agreement_kind_add(actor=secretary, name=f"{kind} {slug}"),
    )
    if in_force:
        agreements.agreement_put_in_force(actor=secretary, agreement_id=agreement.pk)
    return agreement, secretary


def pdf(name: str) -> SimpleUploadedFile:
    from meetings.demo import placeholder_pdf

    return SimpleUploadedFile(f"{name}.pdf", placeholder_pdf(name), content_type="application/pdf")


def _for_search(callback: Any) -> bool:
    """The search index's own callbacks: a scheduled reindex, or meetings' agenda_changed
    (which only search listens to). PDFs and notices are other tests' business (and slow)."""
    from meetings import signals
    from search.receivers import _Reindex

    if isinstance(callback, _Reindex):
        return True
    cells = [c.cell_contents for c in getattr(callback, "__closure__", None) or ()]
    return signals.agenda_changed in cells


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    """A block whose commit runs the search index's on-commit callbacks (and those they
    schedule in turn), as a real commit would; with ``every=True`` all of them (the text
    extraction's too)."""

    @contextmanager
    def run(every: bool = False) -> Iterator[None]:
        start = len(connection.run_on_commit)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            yield
        # A real commit empties the list; the test's transaction never commits.
        del connection.run_on_commit[start:]
        pending = list(callbacks)
        while pending:
            with django_capture_on_commit_callbacks(execute=False) as more:
                for callback in pending:
                    if every or _for_search(callback):
                        callback()
            del connection.run_on_commit[start:]
            pending = list(more)

    return run


@pytest.fixture
def small_world(db: None, committed: Any) -> dict[str, Any]:
    """A Danish body with a published meeting (an open and a closed item) and a Swedish
    body with one published item."""
    region = RegionFactory(country="DK", name="Region Søg", slug="region-soeg")
    body = BodyFactory(name="KKR Søg", slug="kkr-soeg", region=region)
    secretary = UserFactory(username="soeg-sekretariat")
    AffiliationFactory(user=secretary, body=body)
    with committed():
        meeting = services.meeting_schedule(
            actor=secretary, body=body, starts_at=at(-10), place="Regionshuset"
        )
        open_item = services.agenda_item_add(
            actor=secretary,
            meeting=meeting,
            title="Fordeling af kvote for flygtninge",
            case_text="<p>Kommunerne aftaler et kontaktcenter for borgere.</p>",
            recommendation="<p>Det indstilles, at KKR godkender fordelingen.</p>",
        )
        closed_item = services.agenda_item_add(
            actor=secretary,
            meeting=meeting,
            title="Personalesag",
            case_text="<p>Hemmeligt navn Zyxwortel.</p>",
            is_closed=True,
        )
        (attachment,) = services.attachments_add(
            actor=secretary, item=open_item, files=[("Bilag om dimensionering", pdf("dim"))]
        )
        services.agenda_publish(actor=secretary, meeting_id=meeting.pk)
    sv_region = RegionFactory(country="SE", name="Skåne", slug="skaane")
    sv_body = BodyFactory(name="Skåne Nordost", slug="skane-nordost", region=sv_region)
    sv_secretary = UserFactory(username="skane-sekretariat")
    AffiliationFactory(user=sv_secretary, body=sv_body)
    with committed():
        sv_meeting = services.meeting_schedule(
            actor=sv_secretary, body=sv_body, starts_at=at(-5), place="Hässleholm"
        )
        sv_item = services.agenda_item_add(
            actor=sv_secretary,
            meeting=sv_meeting,
            title="Regional utvecklingsstrategi",
            case_text="<p>Kommunernas samverkan om utbildningar.</p>",
        )
        services.agenda_publish(actor=sv_secretary, meeting_id=sv_meeting.pk)
    return {
        "body": body,
        "secretary": secretary,
        "meeting": meeting,
        "open_item": open_item,
        "closed_item": closed_item,
        "attachment": attachment,
        "sv_body": sv_body,
        "sv_item": sv_item,
    }
