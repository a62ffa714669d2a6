"""What the request pages offer is asked of consultations/access.py (not re-derived from the
request's status in a template tag): the compiled PDF and the side-by-side answers are
offered to the secretariat once the request is sent, never on a draft."""

from __future__ import annotations

from consultations.access import request_access
from tests.consultations.conftest import Setup, sent


def test_a_draft_offers_neither_the_compiled_pdf_nor_the_answers_side_by_side(
    setup: Setup,
) -> None:
    access = request_access(setup.secretary, setup.request)
    assert access.may_compile and not access.offers_compiled_pdf
    assert not access.offers_comparison


def test_a_sent_request_offers_them_to_the_secretariat_only(setup: Setup) -> None:
    request = sent(setup)
    secretariat = request_access(setup.secretary, request)
    assert secretariat.offers_compiled_pdf and secretariat.offers_comparison
    contact = request_access(setup.contacts[0], request)
    assert not contact.offers_compiled_pdf and not contact.offers_comparison
