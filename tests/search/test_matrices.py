"""Plan matrices in search (issue 16: "agreements (goals, indicators, tracks, matrix
cells)"): a matrix is found by its title, headings, cells and footnotes, as its agreement
is found, and the index follows a cell's edit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from agreements import services, services_plans
from search.models import EntryKind
from search.selectors import search
from tests.factories import AffiliationFactory, BodyFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.postgres


def _matrices(user: Any, q: str) -> list[str]:
    return [h.title for h in search(user=user, q=q).hits if h.kind == EntryKind.MATRIX]


def test_a_matrix_is_found_by_its_cells_as_its_agreement_is_and_follows_an_edit(
    db: None, committed: Any
) -> None:
    region = RegionFactory(country="DK", name="Region Matrix", slug="region-matrix")
    body = BodyFactory(name="KKR Matrix", slug="kkr-matrix", region=region)
    secretary = UserFactory(username="matrix-sekretariat")
    AffiliationFactory(user=secretary, body=body)
    with committed():
        kind = services.agreement_kind_add(actor=secretary, name="Handleplan Matrix")
        agreement = services.agreement_create(
            actor=secretary,
            body=body,
            title="Handleplan 2026",
            start=dt.date(2026, 1, 1),
            kind=kind,
        )
        matrix = services_plans.matrix_create(
            actor=secretary,
            agreement=agreement,
            title="Indsatser på tværs",
            levels=["Kommune", "Region"],
            sections=["Mål", "Handlinger"],
        )
        theme = services_plans.matrix_theme_add(
            actor=secretary,
            matrix=matrix,
            name="Grøn omstilling",
            cells={("Handlinger", "Kommune"): "<p>Fælles Vindmøllepulje for erhvervet</p>"},
        )
        services_plans.matrix_footnote_set(
            actor=secretary, matrix=matrix, number=1, text="Se også Klimaplanen"
        )
    # A draft agreement: its secretariat finds the matrix by a cell, a heading and a
    # footnote (stemmed: "vindmøllepuljen"); the public does not.
    for q in ("vindmøllepuljen", "grøn omstilling", "klimaplanen"):
        assert _matrices(secretary, q) == ["Indsatser på tværs"], q
    assert _matrices(AnonymousUser(), "vindmøllepulje") == []
    with committed():
        services.agreement_put_in_force(actor=secretary, agreement_id=agreement.pk)
    hits = [h for h in search(user=AnonymousUser(), q="vindmøllepulje").hits]
    assert [h.title for h in hits if h.kind == EntryKind.MATRIX] == ["Indsatser på tværs"]
    assert hits[0].url == matrix.get_absolute_url()
    # An edited cell: the new word is found, the old one no longer.
    cell = theme.cells.get(section__name="Handlinger", level__name="Kommune")
    with committed():
        services_plans.matrix_cell_update(
            actor=secretary, cell_id=cell.pk, expected_version=cell.version, text="Solcelletage"
        )
    assert _matrices(AnonymousUser(), "solcelletage") == ["Indsatser på tværs"]
    assert _matrices(AnonymousUser(), "vindmøllepulje") == []


def test_agreement_documents_are_found_by_title_an_internal_one_by_the_secretariat_only(
    db: None, committed: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    region = RegionFactory(country="DK", name="Region Dokument", slug="region-dokument")
    body = BodyFactory(name="KKR Dokument", slug="kkr-dokument", region=region)
    secretary = UserFactory(username="dokument-sekretariat")
    AffiliationFactory(user=secretary, body=body)
    public, anyone = AnonymousUser(), UserFactory(username="dokument-laeser")

    def pdf(name: str) -> SimpleUploadedFile:
        return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")

    with committed():
        kind = services.agreement_kind_add(actor=secretary, name="Resultatkontrakt Dokument")
        agreement = services.agreement_create(
            actor=secretary,
            body=body,
            title="Resultatkontrakt 2026",
            start=dt.date(2026, 1, 1),
            kind=kind,
        )
        services.agreement_put_in_force(actor=secretary, agreement_id=agreement.pk)
        signed = services.document_add(
            actor=secretary,
            agreement=agreement,
            title="Underskrevet Zylofonkontrakt",
            upload=pdf("kontrakt.pdf"),
        )
        services.document_add(
            actor=secretary,
            agreement=agreement,
            title="Intern Qwertyxberegning",
            upload=pdf("intern.pdf"),
            is_internal=True,
        )

    def documents(user: Any, q: str) -> list[tuple[str, str]]:
        return [
            (h.title, h.url)
            for h in search(user=user, q=q).hits
            if h.kind == EntryKind.AGREEMENT_DOCUMENT
        ]

    url = f"/aftaler/{agreement.pk}/dokumenter/{signed.pk}/"
    for user in (public, anyone, secretary):
        assert documents(user, "zylofonkontrakt") == [("Underskrevet Zylofonkontrakt", url)]
    # The internal document's word: found by the secretariat, and for the others it changes
    # nothing, not even the count.
    assert [t for t, _u in documents(secretary, "qwertyxberegning")] == ["Intern Qwertyxberegning"]
    for user in (public, anyone):
        assert search(user=user, q="qwertyxberegning").total == 0


def test_an_agreement_with_an_internal_document_is_reindexed_on_every_later_edit(
    db: None, committed: Any
) -> None:
    """The internal document's row is one of the agreement's rows: each reindex replaces it
    (it used to be left behind, so the next reindex of the agreement failed on the unique
    row and left the index as it was)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    region = RegionFactory(country="DK", name="Region Omindeks", slug="region-omindeks")
    body = BodyFactory(name="KKR Omindeks", slug="kkr-omindeks", region=region)
    secretary = UserFactory(username="omindeks-sekretariat")
    AffiliationFactory(user=secretary, body=body)
    with committed():
        kind = services.agreement_kind_add(actor=secretary, name="Rammeaftale Omindeks")
        agreement = services.agreement_create(
            actor=secretary,
            body=body,
            title="Rammeaftale 2026",
            start=dt.date(2026, 1, 1),
            kind=kind,
        )
        services.document_add(
            actor=secretary,
            agreement=agreement,
            title="Intern Pløkkeberegning",
            upload=SimpleUploadedFile(
                "i.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"
            ),
            is_internal=True,
        )
    for title in ("Rammeaftale Sommerfuglen", "Rammeaftale Guldsmeden"):
        agreement.refresh_from_db()
        with committed():
            services.agreement_update(
                actor=secretary,
                agreement_id=agreement.pk,
                expected_version=agreement.version,
                title=title,
            )
        hits = search(user=secretary, q=title.split()[1]).hits
        assert [h.title for h in hits if h.kind == EntryKind.AGREEMENT] == [title]
    assert [h.title for h in search(user=secretary, q="pløkkeberegning").hits] == [
        "Intern Pløkkeberegning"
    ]
