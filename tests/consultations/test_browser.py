"""Requests for input in the browser, as the secretariat and two municipalities use them: the
request built and sent, one municipality answering in two sittings, another refused after
the deadline, the matrix and the CSV export; axe-core on the three main pages, on a desktop
and on a 390 px phone."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from consultations.models import Answer, Question, RequestForInput, Response
from councils.models import Municipality
from tests.browser_helpers import axe_violations, follow, log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TITLE = "Kommunernes ønsker til den regionale udviklingsstrategi"

# (kind, question text, extra fields of the question form by label, or by CSS selector
# when it starts with "#"); one question of each kind.
QUESTIONS: list[tuple[str, str, dict[str, str]]] = [
    ("short_text", "Kontaktperson for sagen", {}),
    ("long_text", "Jeres vigtigste ønsker", {}),
    (
        "number",
        "Antal borgere i målgruppen",
        {"Enhed": "personer", "Mindste tal": "0", "Største tal": "100000"},
    ),
    ("single_choice", "Hvilket tema er vigtigst?", {"Valgmuligheder": "Uddannelse\nErhverv"}),
    (
        "multiple_choice",
        "Hvilke temaer arbejder I med?",
        {"Valgmuligheder": "Klima\nMobilitet\nSundhed"},
    ),
    ("yes_no", "Deltager I i partnerskabet?", {}),
    ("date", "Hvornår behandler byrådet sagen?", {}),
    (
        "table",
        "Hvor mange ture kører I om ugen?",
        {"#id_table_rows": "Bus\nTog", "#id_table_columns": "Antal"},
    ),
    ("file", "Vedlæg jeres strategi", {}),
]


def _no_sideways_scrolling(page) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


def _log_out(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Log ud").first.click()


def _contact_person(username: str, municipality: Municipality) -> Any:
    from accounts import services as account_services
    from accounts.models import Affiliation
    from tests.factories import UserFactory

    user = UserFactory(username=username, password="demo-kkr-2026")
    account_services.affiliation_grant(
        actor=None,
        user=user,
        kind=Affiliation.Kind.MUNICIPAL_CONTACT,
        municipality_id=municipality.pk,
    )
    return user


def _field(page, label: str):  # type: ignore[no-untyped-def]
    """The field labelled ``label`` (a required field's label ends with a hidden "(skal
    udfyldes)")."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \(|$)"))


def _rich_text(page, label: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type into the rich-text editor that has replaced the text area labelled ``label``
    (waiting for it: before its script runs the locator could settle on the text area)."""
    editor = page.locator(f'[contenteditable="true"][aria-label="{label}"]')
    editor.click()
    page.keyboard.type(text)


def _rich_text_value(page, label: str) -> str:  # type: ignore[no-untyped-def]
    return page.locator(f'[contenteditable="true"][aria-label="{label}"]').inner_text()


def _add_question(page, kind: str, text: str, extra: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("link", name="Tilføj et spørgsmål").click()
    _field(page, "Type").select_option(kind)
    _field(page, "Spørgsmål").fill(text)
    for label, value in extra.items():
        (page.locator(label) if label.startswith("#") else _field(page, label)).fill(value)
    page.get_by_role("button", name="Gem spørgsmålet").click()
    expect(page.get_by_text("Spørgsmålet er gemt.")).to_be_visible()


def _answer_url(request: RequestForInput, municipality: Municipality) -> str:
    recipient = request.recipients.get(municipality=municipality)
    return f"/hoeringer/{request.pk}/svar/modtager/{recipient.pk}/"


def test_a_request_is_sent_answered_in_two_sittings_refused_late_and_exported(
    page, tmp_path
) -> None:
    aarhus = Municipality.objects.get(name="Aarhus")
    silkeborg = Municipality.objects.get(name="Silkeborg")
    _contact_person("kontakt-silkeborg", silkeborg)

    # The secretariat builds the request: title, introduction, deadline, two recipients.
    log_in(page, "sekretariat")
    page.goto(page.base + "/hoeringer/organ/kkr-midtjylland/")
    follow(page, page.get_by_role("link", name="Ny høring"))
    assert axe_violations(page) == []
    _field(page, "Titel").fill(TITLE)
    _rich_text(page, "Indledning", "Vi beder om jeres input inden fristen.")
    deadline = timezone.localtime(timezone.now() + dt.timedelta(days=14))
    _field(page, "Frist").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Aarhus", exact=True).check()
    page.get_by_label("Silkeborg", exact=True).check()
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.get_by_text("Høringen er gemt som kladde.")).to_be_visible()
    request = RequestForInput.objects.get(title=TITLE)
    assert set(request.recipients.values_list("municipality__name", flat=True)) == {
        "Aarhus",
        "Silkeborg",
    }

    for kind, text, extra in QUESTIONS:
        _add_question(page, kind, text, extra)
    questions = {q.kind: q for q in request.questions.all()}
    assert [q.kind for q in request.questions.order_by("position")] == [
        k for k, _t, _e in QUESTIONS
    ]
    assert questions["number"].unit == "personer"
    assert questions["number"].max_value == 100000
    assert questions["multiple_choice"].choices == ["Klima", "Mobilitet", "Sundhed"]
    assert questions["table"].table_rows == ["Bus", "Tog"]
    assert questions["table"].table_columns == ["Antal"]

    page.get_by_role("button", name="Send høringen").click()
    expect(page.get_by_text("Høringen er sendt.")).to_be_visible()
    request.refresh_from_db()
    assert request.status == RequestForInput.Status.SENT
    _log_out(page)

    # Aarhus, first sitting: two answers, saved as a draft.
    log_in(page, "kontakt")
    page.goto(page.base + _answer_url(request, aarhus))
    page.get_by_label("Kontaktperson for sagen").fill("Mette Aarhus")
    page.get_by_label("Antal borgere i målgruppen (personer)").fill("250000")
    page.get_by_role("button", name="Gem som kladde").click()
    expect(page.get_by_text("Jeres kladde er gemt.")).to_be_visible()
    draft = Response.objects.get(recipient__request=request, recipient__municipality=aarhus)
    assert draft.status == Response.Status.DRAFT
    _log_out(page)

    # Second sitting: the draft is there; the rest is answered; the number is out of range.
    log_in(page, "kontakt")
    page.goto(page.base + _answer_url(request, aarhus))
    assert page.get_by_label("Kontaktperson for sagen").input_value() == "Mette Aarhus"
    assert page.get_by_label("Antal borgere i målgruppen (personer)").input_value() == "250000"
    assert axe_violations(page) == []
    _rich_text(page, "Jeres vigtigste ønsker", "Bedre kollektiv trafik.")
    page.get_by_role("group", name="Hvilket tema er vigtigst?").get_by_label("Erhverv").check()
    themes = page.get_by_role("group", name="Hvilke temaer arbejder I med?")
    themes.get_by_label("Klima").check()
    themes.get_by_label("Sundhed").check()
    page.get_by_role("group", name="Deltager I i partnerskabet?").get_by_label("Ja").check()
    page.get_by_label("Hvornår behandler byrådet sagen?").fill("2027-03-01")
    page.get_by_label("Bus: Antal").fill("12")
    page.get_by_label("Tog: Antal").fill("3")
    strategy = tmp_path / "strategi.pdf"
    strategy.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.locator(f"#id_q{questions['file'].pk}").set_input_files(str(strategy))
    page.get_by_role("button", name="Indsend svaret").click()

    # Refused: the message names the question and its range; everything typed is kept.
    number_group = page.locator(".form-group.form-error")
    assert number_group.count() == 1
    assert "Antal borgere i målgruppen" in number_group.inner_text()
    assert "100000" in number_group.inner_text()
    assert page.get_by_label("Antal borgere i målgruppen (personer)").input_value() == "250000"
    assert page.get_by_label("Hvornår behandler byrådet sagen?").input_value() == "2027-03-01"
    assert themes.get_by_label("Sundhed").is_checked()
    assert page.get_by_label("Bus: Antal").input_value() == "12"
    assert "Bedre kollektiv trafik." in _rich_text_value(page, "Jeres vigtigste ønsker")
    assert axe_violations(page) == []
    draft.refresh_from_db()
    assert draft.status == Response.Status.DRAFT

    page.get_by_label("Antal borgere i målgruppen (personer)").fill("2500")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Indsend svaret").click()
    assert posted.value.status == 302
    page.wait_for_load_state()
    draft.refresh_from_db()
    assert draft.status == Response.Status.SUBMITTED
    assert not draft.is_late
    values = {a.question.kind: a.value for a in draft.answers.select_related("question")}
    assert values == {
        "short_text": "Mette Aarhus",
        "long_text": values["long_text"],
        "number": "2500",
        "single_choice": "Erhverv",
        "multiple_choice": ["Klima", "Sundhed"],
        "yes_no": True,
        "date": "2027-03-01",
        "table": {"Bus": {"Antal": "12"}, "Tog": {"Antal": "3"}},
        "file": ["strategi.pdf"],
    }
    assert "Bedre kollektiv trafik." in values["long_text"]
    assert draft.files.get().original_name == "strategi.pdf"
    _log_out(page)

    # Silkeborg saves a draft in time, then the deadline passes (set-up: straight in the
    # database) and its submission is refused with the deadline shown; the draft is kept.
    log_in(page, "kontakt-silkeborg")
    page.goto(page.base + _answer_url(request, silkeborg))
    page.get_by_label("Kontaktperson for sagen").fill("Søren Silkeborg")
    page.get_by_role("button", name="Gem som kladde").click()
    expect(page.get_by_text("Jeres kladde er gemt.")).to_be_visible()
    passed = timezone.now() - dt.timedelta(hours=1)
    RequestForInput.objects.filter(pk=request.pk).update(deadline=passed)
    page.goto(page.base + _answer_url(request, silkeborg))
    page.get_by_label("Antal borgere i målgruppen (personer)").fill("800")
    page.get_by_role("button", name="Indsend svaret").click()
    with translation.override("da"):
        shown_deadline = date_format(timezone.localtime(passed), "DATETIME_FORMAT")
    assert page.get_by_role("alert").filter(has_text=shown_deadline).count() == 1
    assert page.get_by_label("Antal borgere i målgruppen (personer)").input_value() == "800"
    assert page.get_by_label("Kontaktperson for sagen").input_value() == "Søren Silkeborg"
    late = Response.objects.get(recipient__request=request, recipient__municipality=silkeborg)
    assert late.status == Response.Status.DRAFT
    assert late.submitted_at is None
    assert dict(late.answers.values_list("question__kind", "value")) == {
        "short_text": "Søren Silkeborg"
    }
    _log_out(page)

    # The secretariat: the matrix shows each recipient's status; the CSV has one row per
    # recipient and one column per question.
    log_in(page, "sekretariat")
    page.goto(page.base + request.get_absolute_url())
    page.get_by_role("link", name="Svarene").click()
    expect(
        page.get_by_role("row", name=re.compile(r"^Aarhus")).get_by_role(
            "cell", name="Indsendt", exact=True
        )
    ).to_be_visible()
    expect(
        page.get_by_role("row", name=re.compile(r"^Silkeborg")).get_by_role(
            "cell", name="Udkast", exact=True
        )
    ).to_be_visible()
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent som CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.reader(io.StringIO(handle.read()), delimiter=";"))
    assert len(rows) == 1 + 2
    assert len(rows[0]) == 4 + len(QUESTIONS)
    assert rows[0][4:] == [f"{n}. {text}" for n, (_k, text, _e) in enumerate(QUESTIONS, 1)]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Aarhus"][4] == "Mette Aarhus"
    assert by_name["Aarhus"][6] == "2500 personer"
    assert by_name["Aarhus"][8] == "Klima; Sundhed"
    assert by_name["Aarhus"][11] == "Bus: Antal=12; Tog: Antal=3"
    assert by_name["Aarhus"][12] == "strategi.pdf"
    # A draft is the municipality's own: the export shows its status, not its answers.
    assert by_name["Silkeborg"][4:] == [""] * len(QUESTIONS)
    assert Answer.objects.filter(response__recipient__request=request).count() == 10
    assert Question.objects.filter(request=request).count() == len(QUESTIONS)


def _sent_request_with_one_answer() -> tuple[RequestForInput, Municipality]:
    """A sent request of KKR Midtjylland to Aarhus (the demo contact person) and Silkeborg,
    one question of each kind, Aarhus's answer submitted."""
    from consultations import services
    from councils.models import Body

    aarhus = Municipality.objects.get(name="Aarhus")
    silkeborg = Municipality.objects.get(name="Silkeborg")
    _contact_person("kontakt-silkeborg", silkeborg)
    request = services.request_create(
        actor=None,
        body=Body.objects.get(slug="kkr-midtjylland"),
        title=TITLE,
        introduction="<p>Vi beder om jeres input.</p>",
        deadline=timezone.now() + dt.timedelta(days=14),
        municipalities=[aarhus, silkeborg],
    )
    choices = {
        "single_choice": ["Uddannelse", "Erhverv"],
        "multiple_choice": ["Klima", "Mobilitet", "Sundhed"],
    }
    for kind, text, _extra in QUESTIONS:
        services.question_add(
            actor=None,
            request=request,
            kind=kind,
            text=text,
            choices=choices.get(kind),
            unit="personer" if kind == "number" else "",
            table_rows=["Bus", "Tog"] if kind == "table" else None,
            table_columns=["Antal"] if kind == "table" else None,
            min_value=0 if kind == "number" else None,
            max_value=100000 if kind == "number" else None,
        )
    services.request_send(actor=None, request_id=request.pk)
    first = {q.kind: q.pk for q in request.questions.all()}
    services.response_submit(
        actor=None,
        request_id=request.pk,
        municipality_id=aarhus.pk,
        expected_version=0,
        values={first["short_text"]: "Mette Aarhus", first["number"]: "2500"},
    )
    return request, aarhus


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_request_form_the_answer_form_and_the_matrix_are_accessible(
    browser, live_server, demo, transactional_db, viewport
) -> None:
    request, aarhus = _sent_request_with_one_answer()
    silkeborg = Municipality.objects.get(name="Silkeborg")
    options: dict[str, Any] = {"bypass_csp": True, "locale": "da-DK"}
    if viewport:
        options.update(viewport=viewport, is_mobile=True, has_touch=True)
    pages = [
        ("sekretariat", "/hoeringer/organ/kkr-midtjylland/ny/"),
        ("sekretariat", f"/hoeringer/{request.pk}/svar/"),
        ("kontakt-silkeborg", _answer_url(request, silkeborg)),
        ("kontakt", _answer_url(request, aarhus) + "?change=1"),
    ]
    found = {}
    for username, path in pages:
        context = browser.new_context(**options)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.base = live_server.url
        log_in(page, username)
        page.goto(page.base + path)
        assert page.locator("h1").count() == 1, path
        found[path] = {"axe": axe_violations(page)}
        if viewport:
            found[path]["sideways"] = not _no_sideways_scrolling(page)
        context.close()
    assert found == {
        path: {"axe": [], **({"sideways": False} if viewport else {})} for _u, path in pages
    }
