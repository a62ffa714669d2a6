"""A real Celery worker reads an uploaded PDF and the search index learns its words: the
extraction app's signal, sent in the worker after its commit, reindexes the meeting."""

from __future__ import annotations

import time

import pytest

from search import selectors
from search.models import SearchEntry
from tests.extraction import files
from tests.extraction.conftest import SECRETARY, make_item, upload

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.worker]


def test_a_worker_read_pdf_is_found_by_its_text(worker_factory) -> None:
    from django.contrib.auth import get_user_model

    worker_factory()
    item = make_item()
    secretary = get_user_model().objects.get(username=SECRETARY)
    attachment = upload(item, "notat.pdf", files.pdf_with_pages("Fjordhestene i Vendsyssel."))
    deadline = time.monotonic() + 90
    while not SearchEntry.objects.filter(
        kind="attachment", object_id=attachment.pk, text_d__contains="Fjordhestene"
    ).exists():
        assert time.monotonic() < deadline, "the worker's text never reached the index"
        time.sleep(0.1)
    result = selectors.search(user=secretary, q="fjordhestene")
    assert [h.kind for h in result.hits] == ["attachment"]
