"""Words inside attachments (the text the extraction app reads) are found, by exactly the
roles that may see the attachment; the index is brought up to date when the text arrives."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from extraction.services import attachment_text_extract
from meetings import services
from search import selectors
from search.services import reindex
from tests.extraction import files
from tests.factories import (
    AffiliationFactory,
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    RegionFactory,
    UserFactory,
)
from tests.search.conftest import at

pytestmark = pytest.mark.postgres


def _pdf(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, files.pdf_with_pages(text), content_type="application/pdf")


@pytest.fixture
def pdf_world(db: None, committed: Any) -> dict[str, Any]:
    body = BodyFactory(name="KKR Bilag", slug="kkr-bilag", region=RegionFactory(country="DK"))
    secretary = UserFactory(username="bilag-sekretariat")
    AffiliationFactory(user=secretary, body=body)
    member = UserFactory(username="bilag-medlem")
    MembershipFactory(
        person=PersonFactory(name="Bilag Medlem", user=member), body=body, start=dt.date(2020, 1, 1)
    )
    outsider = UserFactory(username="bilag-udenforstaaende")
    with committed():
        meeting = services.meeting_schedule(
            actor=secretary, body=body, starts_at=at(-3), place="Bilagshuset"
        )
        open_item = services.agenda_item_add(actor=secretary, meeting=meeting, title="Åbent punkt")
        closed_item = services.agenda_item_add(
            actor=secretary, meeting=meeting, title="Lukket punkt", is_closed=True
        )
        (open_pdf,) = services.attachments_add(
            actor=secretary,
            item=open_item,
            files=[("Notat", _pdf("notat.pdf", "Kontaktcentret Glimmerbjerg åbner til foråret."))],
        )
        (closed_pdf,) = services.attachments_add(
            actor=secretary,
            item=closed_item,
            files=[("Fortroligt", _pdf("fortrolig.pdf", "Forhandlingen om Snorkelvik."))],
        )
        services.agenda_publish(actor=secretary, meeting_id=meeting.pk)
    return {
        "meeting": meeting,
        "open_pdf": open_pdf,
        "closed_pdf": closed_pdf,
        "users": {
            "anon": AnonymousUser(),
            "outsider": outsider,
            "member": member,
            "secretariat": secretary,
        },
    }


def _extract(pdf_world: dict[str, Any], capture: Any) -> None:
    """Read both files as the worker does; its after-commit signal reindexes the meeting."""
    with capture(execute=True):
        for name in ("open_pdf", "closed_pdf"):
            row = attachment_text_extract(attachment_id=pdf_world[name].pk)
            assert row is not None and row.status == "done"


def _attachments_found(user: Any, word: str) -> int:
    result = selectors.search(user=user, q=word)
    assert {h.kind for h in result.hits} <= {"attachment"}, result.hits
    return result.total


@pytest.mark.parametrize(
    ("role", "sees_closed"),
    [("anon", False), ("outsider", False), ("member", True), ("secretariat", True)],
)
def test_words_only_in_an_attachments_text_are_found_by_those_who_may_see_it(
    pdf_world: dict[str, Any], django_capture_on_commit_callbacks: Any, role: str, sees_closed: bool
) -> None:
    user = pdf_world["users"][role]
    # Not read yet: only the titles are indexed.
    assert _attachments_found(user, "Glimmerbjerg") == 0
    _extract(pdf_world, django_capture_on_commit_callbacks)
    # The secretariat's draft row and the published rows both carry the text.
    assert _attachments_found(user, "Glimmerbjerg") == 1
    hit = selectors.search(user=user, q="Glimmerbjerg").hits[0]
    assert hit.url.endswith(f"/{pdf_world['open_pdf'].pk}/") or str(pdf_world["open_pdf"].pk) in (
        hit.url
    )
    assert "<mark>Glimmerbjerg</mark>" in hit.snippet
    closed = selectors.search(user=user, q="Snorkelvik")
    if sees_closed:
        assert closed.total == 1
    else:
        # Not found, not counted, no facet: the closed file's words do not exist for them.
        assert closed.total == 0
        assert all(values == [] for values in closed.facets.values())


def test_reindexing_a_meeting_reads_all_its_texts_in_one_query(
    pdf_world: dict[str, Any], committed: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _extract(pdf_world, django_capture_on_commit_callbacks)
    meeting = pdf_world["meeting"]
    with CaptureQueriesContext(connection) as few:
        reindex(kind="meeting", pk=meeting.pk)
    item = meeting.items.filter(is_closed=False).first()
    with committed():
        services.attachments_add(
            actor=None,
            item=item,
            files=[(f"Mere {n}", _pdf(f"mere{n}.pdf", f"Ekstra bilag {n}.")) for n in range(3)],
        )
    with CaptureQueriesContext(connection) as many:
        reindex(kind="meeting", pk=meeting.pk)
    texts = [q["sql"] for q in many.captured_queries if "extraction_attachmenttext" in q["sql"]]
    assert len(texts) == 1
    assert len(many.captured_queries) == len(few.captured_queries)
