"""The role-by-surface matrix (issue 11): for every URL pattern and every role, the expected
outcome is declared in one table, TABLE, and checked through the test client.

Roles (columns): ``anon``, ``member`` (of body A), ``other_member`` (of body B),
``secretariat`` (of A), ``other_secretariat`` (of B), ``contact`` (contact person of a
municipality in A's region) and ``admin`` (platform administrator, signed in with a verified
second factor). The world is in tests/access_matrix_fixtures.py.

Outcomes (cells):

* ``ok``    access granted: 2xx, a redirect that is not to a log-in page, or for a form a 400/409
            (the request reached the form's validation);
* ``login`` a redirect to the log-in page (the portal's or the admin's);
* ``deny``  refused: 403 or 404, or a redirect to a log-in page;
* ``404``   exactly "not found".

No request of any row and role may answer with a 5xx (``ServerError``, not an expected failure).

Rows are what SHOULD happen (docs/security.md, issue 11: closed content only for members and
the secretariat of the body and the administrator; unpublished meetings only for the body's
secretariat and the administrator; edit pages and history only for the body's secretariat
and the administrator; draft distribution agreements only for those who work on them). Where the
code does otherwise, the row gets ``xfail=bug(reason, *roles)``: a strict expected failure
that names the hole. When the hole is closed the test passes unexpectedly and fails, and the
mark must go. (Run against commit deffa9a the matrix found: a meeting cancelled before its
agenda was published shown to everyone, in its page, files, calendars, body page and API; a
sub-item of a closed item and its attachment shown to the public; a draft distribution
agreement readable by anyone. The issue 11 work closed them, so no row is marked now.)

A URL pattern without a row fails ``test_every_url_pattern_has_a_row``; a row whose pattern
is gone fails it too.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access_matrix_base import (  # noqa: F401 (re-exported for the row modules' readers)
    ADMIN_ONLY,
    ANY_SECRETARIAT,
    ANY_SECRETARIAT_LOGIN,
    CLOSED,
    EDITORS,
    EDITORS_LOGIN,
    PUBLIC,
    SIGNED_IN,
    AccessMismatch,
    R,
    Row,
    ServerError,
    bug,
    bugs,
    expect,
)
from tests.access_matrix_fixtures import ROLES, World, build_world
from tests.access_rows import collected_rows


def _pk(name: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"pk": getattr(w, name).pk}


def _slug_a(w: World) -> dict[str, Any]:
    return {"slug": w.body_a.slug}


def _agreement_with_ready_pdf(name: str) -> Callable[[World], dict[str, Any]]:
    """The agreement with a ready PDF (the worker that makes it is tested in
    tests/agreements/test_pdf.py). Made inside the test's rollback."""

    def kwargs(w: World) -> dict[str, Any]:
        from django.core.files.base import ContentFile

        from agreements.models_pdf import AgreementPdf
        from meetings.demo import placeholder_pdf

        agreement = getattr(w, name)
        if not agreement.pdfs.filter(status=AgreementPdf.Status.READY).exists():
            made = AgreementPdf(agreement=agreement, status=AgreementPdf.Status.READY, pages=1)
            made.file.save("matrix-agreement.pdf", ContentFile(placeholder_pdf("MX")), save=False)
            made.save()
        return {"pk": agreement.pk}

    return kwargs


def _rfi_with_ready_pdf(w: World) -> dict[str, Any]:
    """The sent request of A linked to an item of A's published meeting, with a ready
    compiled PDF of its answers (the worker that renders it is tested elsewhere). Made inside
    the test's rollback."""
    from django.core.files.base import ContentFile

    from consultations.models import CompiledAnswersPdf
    from meetings.demo import placeholder_pdf

    rfi = w.rfi_sent
    rfi.meeting_item = w.open_item
    rfi.save(update_fields=["meeting_item"])
    if not rfi.compiled_pdfs.filter(status=CompiledAnswersPdf.Status.READY).exists():
        compiled = CompiledAnswersPdf(request=rfi, status=CompiledAnswersPdf.Status.READY, pages=1)
        compiled.file.save("matrix-answers.pdf", ContentFile(placeholder_pdf("MX")), save=False)
        compiled.save()
    return {"pk": rfi.pk}


def _year(w: World) -> dict[str, Any]:
    return {"year": w.quota_year.year}


def _rfi_attachment(w: World) -> dict[str, Any]:
    """An attachment of A's sent request, made inside the test's rollback."""
    from django.core.files.base import ContentFile

    from consultations.models import RequestAttachment

    attachment = w.rfi_sent.attachments.first()
    if attachment is None:
        attachment = RequestAttachment(
            request=w.rfi_sent, title="Matrix attachment", content_type="application/pdf", size=15
        )
        attachment.file.save("matrix.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        attachment.save()
    return {"pk": w.rfi_sent.pk, "attachment_id": attachment.pk}


def _rfi_answer_file(w: World) -> dict[str, Any]:
    """A file of municipality A's submitted answer to A's sent request (secretariat only
    reads the answers), made inside the test's rollback."""
    from django.core.files.base import ContentFile

    from consultations.models import AnswerFile, Response

    response = Response.objects.get(
        recipient__request=w.rfi_sent, recipient__municipality=w.municipality_a
    )
    answer_file = response.files.first()
    if answer_file is None:
        answer_file = AnswerFile(
            response=response,
            question=w.rfi_sent.questions.first(),
            original_name="matrix-answer.pdf",
            content_type="application/pdf",
            size=15,
        )
        answer_file.file.save("matrix-answer.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        answer_file.save()
    return {"pk": w.rfi_sent.pk, "file_id": answer_file.pk}


TABLE: list[Row] = [
    # --- Front page, bodies, persons, composition ---------------------------------------
    R("home", PUBLIC),
    R("councils:body_detail", PUBLIC, kwargs=_slug_a),
    R("councils:body_edit", EDITORS, kwargs=_slug_a),
    R("councils:body_history", EDITORS, kwargs=_slug_a),
    R("councils:municipality_list", PUBLIC),
    R(
        "councils:municipality_detail",
        PUBLIC,
        kwargs=lambda w: {"key": w.municipality_a.slug},
    ),
    R("councils:person_detail", PUBLIC, kwargs=lambda w: {"slug": w.person.slug}),
    R(
        "councils:nomination_create",
        # A municipality's contact person or the appointing secretariat proposes.
        expect("deny", anon="login", contact="ok", secretariat="ok", admin="ok"),
        kwargs=lambda w: {"slug": w.body_a.slug, "seat_id": w.seat.pk},
    ),
    R("councils:appointments", ANY_SECRETARIAT_LOGIN),
    R(
        "councils:appointments_export",
        ANY_SECRETARIAT_LOGIN,
        variant="csv",
        kwargs=lambda w: {"extension": "csv"},
    ),
    R(
        "councils:appointments_export",
        ANY_SECRETARIAT_LOGIN,
        variant="xlsx",
        kwargs=lambda w: {"extension": "xlsx"},
    ),
    R("councils:nomination_list", ANY_SECRETARIAT_LOGIN),
    R(
        "councils:nomination_decide",
        EDITORS_LOGIN,
        method="POST",
        variant="decline",
        kwargs=lambda w: {"pk": w.nomination.pk, "decision": "decline"},
    ),
    # Composition upkeep (issue 12): the body's secretariat; contacts by the region's KKR.
    R("councils:composition_manage", EDITORS_LOGIN, kwargs=_slug_a),
    R("councils:seat_create", EDITORS_LOGIN, kwargs=_slug_a),
    R(
        "councils:seat_edit",
        EDITORS_LOGIN,
        kwargs=lambda w: {"slug": w.body_a.slug, "seat_id": w.seat.pk},
    ),
    R(
        "councils:seat_end",
        EDITORS_LOGIN,
        kwargs=lambda w: {"slug": w.body_a.slug, "seat_id": w.seat.pk},
    ),
    R(
        "councils:membership_appoint",
        EDITORS_LOGIN,
        kwargs=lambda w: {"slug": w.body_a.slug, "seat_id": w.seat.pk},
    ),
    R(
        "councils:membership_appoint",
        EDITORS_LOGIN,
        variant="empty_post",
        method="POST+GET",
        kwargs=lambda w: {"slug": w.body_a.slug, "seat_id": w.seat.pk},
    ),
    R(
        "councils:substitute_appoint",
        # The world's seat has no personal substitute: no such page for anyone.
        expect("deny", anon="login"),
        kwargs=lambda w: {"slug": w.body_a.slug, "seat_id": w.seat.pk},
    ),
    R(
        "councils:membership_end",
        EDITORS_LOGIN,
        kwargs=lambda w: {"slug": w.body_a.slug, "pk": w.person.memberships.get().pk},
    ),
    R(
        "councils:person_account",
        EDITORS_LOGIN,
        kwargs=lambda w: {"slug": w.body_a.slug, "pk": w.person.memberships.get().pk},
    ),
    R("councils:term_create", EDITORS_LOGIN, kwargs=_slug_a),
    R(
        "councils:term_edit",
        EDITORS_LOGIN,
        kwargs=lambda w: {
            "slug": w.body_a.slug,
            "term_id": w.body_a.terms.get_or_create(start="2020-01-01", end="2023-12-31")[0].pk,
        },
    ),
    R("councils:municipal_contacts", ANY_SECRETARIAT_LOGIN),
    R(
        "councils:municipal_contact_revoke",
        EDITORS_LOGIN,
        kwargs=lambda w: {"pk": w.users["contact"].affiliations.get().pk},
    ),
    R("councils:nominations_own", expect("deny", anon="login", contact="ok", admin="ok")),
    R("councils:nomination_propose", expect("deny", anon="login", contact="ok", admin="ok")),
    # --- Accounts -----------------------------------------------------------------------
    R("accounts:profile", SIGNED_IN),
    R("accounts:tasks", SIGNED_IN),
    R("accounts:login", PUBLIC),
    R("accounts:logout", PUBLIC, method="POST"),
    R("accounts:password_reset", PUBLIC),
    R("accounts:password_reset_done", PUBLIC),
    R(
        "accounts:password_reset_confirm",
        PUBLIC,
        variant="invalid_token",
        kwargs=lambda w: {"uidb64": "MQ", "token": "bad-token"},
    ),
    R("accounts:password_reset_complete", PUBLIC),
    R("accounts:two_factor_setup", SIGNED_IN),
    R("accounts:two_factor_verify", SIGNED_IN),
    R("accounts:two_factor_disable", SIGNED_IN, method="POST"),
    # --- Quotas -------------------------------------------------------------------------
    R("quotas:year_list", PUBLIC),
    R("quotas:year_list", ANY_SECRETARIAT, variant="create", method="POST+GET"),
    R("quotas:year_detail", PUBLIC, kwargs=_year),
    R(
        "quotas:year_export",
        PUBLIC,
        variant="csv",
        kwargs=lambda w: {"year": str(w.quota_year.year), "extension": "csv"},
    ),
    R(
        "quotas:year_export",
        PUBLIC,
        variant="xlsx",
        kwargs=lambda w: {"year": str(w.quota_year.year), "extension": "xlsx"},
    ),
    R("quotas:calculation", ANY_SECRETARIAT, kwargs=_year),
    R(
        "quotas:version_detail",
        PUBLIC,
        kwargs=lambda w: {"year": w.quota_year.year, "version": w.figure.version},
    ),
    # National quota work: any KKR secretariat (A and B are both KKR).
    R("quotas:input_import", ANY_SECRETARIAT, kwargs=_year),
    R("quotas:figure_form", ANY_SECRETARIAT, kwargs=_year),
    R("quotas:manual_quotas", ANY_SECRETARIAT, kwargs=_year),
    R("quotas:placements", ANY_SECRETARIAT, kwargs=_year),
    # The year's history: the KKR secretariats; agreements only of their own region.
    R("quotas:year_history", ANY_SECRETARIAT, kwargs=_year),
    R(
        "quotas:distribution_agreement_detail",
        # Those who work on a draft: the region's KKR secretariat (the municipalities are
        # asked once it is sent).
        EDITORS,
        variant="draft",
        kwargs=lambda w: {"year": w.quota_year.year, "region_code": w.region_a.code},
    ),
    R(
        "quotas:distribution_agreement_detail",
        # A finalised agreement made the region's quotas, which are public.
        PUBLIC,
        variant="finalised",
        kwargs=lambda w: {"year": w.quota_year.year, "region_code": w.region_b.code},
    ),
    R(
        "quotas:distribution_agreement_action",
        EDITORS,
        method="POST",
        variant="draft-numbers",
        kwargs=lambda w: {
            "year": w.quota_year.year,
            "region_code": w.region_a.code,
            "action": "numbers",
        },
    ),
    R(
        "quotas:distribution_agreement_document",
        PUBLIC,
        variant="finalised",
        kwargs=_pk("distribution_agreement_document"),
    ),
    # --- Meetings: pages, files, PDFs ---------------------------------------------------
    R(
        "meetings:meeting_detail",
        PUBLIC,
        variant="published",
        kwargs=_pk("published"),
    ),
    R("meetings:meeting_detail", EDITORS, variant="planned", kwargs=_pk("planned")),
    R(
        "meetings:meeting_detail",
        EDITORS,
        variant="cancelled_unpublished",
        kwargs=_pk("cancelled"),
    ),
    R("meetings:calendar_all", PUBLIC),
    R("meetings:calendar_body", PUBLIC, kwargs=_slug_a),
    R("meetings:feed_rss", PUBLIC, kwargs=_slug_a),
    R("meetings:feed_atom", PUBLIC, kwargs=_slug_a),
    R("meetings:attachment_download", PUBLIC, variant="open", kwargs=_pk("open_attachment")),
    R("meetings:attachment_download", CLOSED, variant="closed", kwargs=_pk("closed_attachment")),
    R(
        "meetings:attachment_download",
        CLOSED,
        variant="closed_item",
        kwargs=_pk("closed_item_attachment"),
    ),
    R(
        "meetings:attachment_download",
        CLOSED,
        variant="sub_item_of_closed",
        kwargs=_pk("sub_item_attachment"),
    ),
    R("meetings:attachment_download", EDITORS, variant="planned", kwargs=_pk("planned_attachment")),
    # Listed in a published version, then moved to the bin: the published link keeps working.
    R(
        "meetings:attachment_download",
        PUBLIC,
        variant="binned_after_publishing",
        kwargs=_pk("binned_attachment"),
    ),
    # Withdrawn by the secretariat: gone for everyone but the secretariat.
    R(
        "meetings:attachment_download",
        EDITORS,
        variant="withdrawn",
        kwargs=_pk("withdrawn_attachment"),
    ),
    R(
        "meetings:attachment_download",
        EDITORS,
        variant="binned_unpublished",
        kwargs=_pk("binned_planned_attachment"),
    ),
    R(
        "meetings:attachment_download",
        EDITORS,
        variant="cancelled_unpublished",
        kwargs=_pk("cancelled_attachment"),
    ),
    R(
        "meetings:meeting_pdfs",
        PUBLIC,
        variant="published-agenda",
        kwargs=lambda w: {"pk": w.published.pk, "document": "agenda"},
    ),
    R(
        "meetings:meeting_pdfs",
        PUBLIC,
        variant="published-minutes",
        kwargs=lambda w: {"pk": w.published.pk, "document": "minutes"},
    ),
    R(
        "meetings:meeting_pdfs",
        EDITORS,
        variant="planned-agenda",
        kwargs=lambda w: {"pk": w.planned.pk, "document": "agenda"},
    ),
    R(
        "meetings:meeting_pdf_download",
        PUBLIC,
        variant="public-dokument",
        kwargs=lambda w: {"pk": w.public_pdf.pk, "kind": "dokument"},
    ),
    R(
        "meetings:meeting_pdf_download",
        PUBLIC,
        variant="public-samlet",
        kwargs=lambda w: {"pk": w.public_pdf.pk, "kind": "samlet"},
    ),
    R(
        "meetings:meeting_pdf_download",
        CLOSED,
        variant="members-dokument",
        kwargs=lambda w: {"pk": w.members_pdf.pk, "kind": "dokument"},
    ),
    R(
        "meetings:meeting_pdf_download",
        CLOSED,
        variant="members-samlet",
        kwargs=lambda w: {"pk": w.members_pdf.pk, "kind": "samlet"},
    ),
    R("meetings:pdf_retry", EDITORS_LOGIN, method="POST", kwargs=_pk("public_pdf")),
    # --- Meetings: newsletters ------------------------------------------------------------
    R(
        "meetings:newsletter_detail",
        PUBLIC,
        variant="published",
        kwargs=_pk("published_newsletter"),
    ),
    R("meetings:newsletter_detail", EDITORS, variant="draft", kwargs=_pk("draft_newsletter")),
    R("meetings:newsletter_edit", EDITORS_LOGIN, variant="draft", kwargs=_pk("draft_newsletter")),
    R(
        "meetings:newsletter_publish",
        EDITORS_LOGIN,
        method="POST",
        variant="draft",
        kwargs=_pk("draft_newsletter"),
    ),
    R("meetings:newsletter_list", PUBLIC, kwargs=_slug_a),
    R("meetings:newsletter_create", EDITORS_LOGIN, kwargs=_slug_a),
    R("meetings:newsletter_feed", PUBLIC, kwargs=_slug_a),
    # --- Meetings: the secretariat's editing ------------------------------------------------
    R("meetings:meeting_create", EDITORS_LOGIN, kwargs=_slug_a),
    R("meetings:agenda_edit", EDITORS_LOGIN, variant="published", kwargs=_pk("published")),
    R("meetings:agenda_edit", EDITORS_LOGIN, variant="planned", kwargs=_pk("planned")),
    R("meetings:attendance", EDITORS_LOGIN, kwargs=_pk("published")),
    R("meetings:meeting_edit", EDITORS_LOGIN, variant="published", kwargs=_pk("published")),
    R("meetings:meeting_edit", EDITORS_LOGIN, variant="planned", kwargs=_pk("planned")),
    R("meetings:attendance_all_present", EDITORS_LOGIN, method="POST", kwargs=_pk("published")),
    # Removing an entry asks first; without an entry the page sends back to the attendance.
    R(
        "meetings:attendance_remove",
        EDITORS_LOGIN,
        kwargs=lambda w: {"pk": w.published.pk, "person": w.person.pk},
    ),
    R("meetings:meeting_cancel", EDITORS_LOGIN, method="POST", kwargs=_pk("planned")),
    # Approval of the minutes (issue 18): who has approved is for the body's members and
    # secretariat; the draft minutes under justering for the secretariat and the adjusters
    # (the matrix's member is none); a body's minutes settings for its secretariat.
    R("meetings:minutes_approval", {**CLOSED, "anon": "login"}, kwargs=_pk("published")),
    R("meetings:minutes_adjust", EDITORS_LOGIN, kwargs=_pk("published")),
    R("meetings:minutes_settings", EDITORS_LOGIN, kwargs=_slug_a),
    R(
        "meetings:publish",
        EDITORS_LOGIN,
        method="POST",
        variant="agenda",
        kwargs=lambda w: {"pk": w.planned.pk, "document": "agenda"},
    ),
    R("meetings:item_edit", EDITORS_LOGIN, variant="open", kwargs=_pk("open_item")),
    R("meetings:item_edit", EDITORS_LOGIN, variant="closed", kwargs=_pk("closed_item")),
    R("meetings:item_edit", EDITORS_LOGIN, variant="planned", kwargs=_pk("planned_item")),
    R("meetings:item_attachments_add", EDITORS_LOGIN, method="POST", kwargs=_pk("planned_item")),
    R("meetings:item_move", EDITORS_LOGIN, method="POST", kwargs=_pk("planned_item")),
    R("meetings:item_reparent", EDITORS_LOGIN, method="POST", kwargs=_pk("planned_item")),
    # Deleting asks first (a page), and the POST without "confirm" asks again.
    R("meetings:item_delete", EDITORS_LOGIN, kwargs=_pk("planned_item")),
    R(
        "meetings:item_delete",
        EDITORS_LOGIN,
        variant="unconfirmed",
        method="POST+GET",
        kwargs=_pk("planned_item"),
    ),
    R("meetings:item_restore", EDITORS_LOGIN, method="POST", kwargs=_pk("binned_item")),
    R("meetings:minutes_approve", EDITORS_LOGIN, method="POST", kwargs=_pk("open_item")),
    R(
        "meetings:attachment_edit",
        EDITORS_LOGIN,
        variant="planned",
        kwargs=_pk("planned_attachment"),
    ),
    R("meetings:attachment_edit", EDITORS_LOGIN, variant="closed", kwargs=_pk("closed_attachment")),
    R("meetings:attachment_delete", EDITORS_LOGIN, kwargs=_pk("planned_attachment")),
    R(
        "meetings:attachment_delete",
        EDITORS_LOGIN,
        variant="unconfirmed",
        method="POST+GET",
        kwargs=_pk("planned_attachment"),
    ),
    R(
        "meetings:attachment_restore",
        EDITORS_LOGIN,
        method="POST",
        kwargs=_pk("binned_planned_attachment"),
    ),
    R("meetings:attachment_withdraw", EDITORS_LOGIN, kwargs=_pk("open_attachment")),
    R(
        "meetings:attachment_withdraw",
        EDITORS_LOGIN,
        variant="no_reason",
        method="POST+GET",
        kwargs=_pk("open_attachment"),
    ),
    R("meetings:meeting_bin", EDITORS_LOGIN, variant="planned", kwargs=_pk("planned")),
    R("meetings:meeting_bin", EDITORS_LOGIN, variant="published", kwargs=_pk("published")),
    # History is for the secretariat (issue 11).
    R("meetings:meeting_history", EDITORS_LOGIN, variant="published", kwargs=_pk("published")),
    R("meetings:meeting_history", EDITORS_LOGIN, variant="planned", kwargs=_pk("planned")),
    R(
        "meetings:version_detail",
        PUBLIC,
        variant="agenda-1",
        kwargs=lambda w: {"pk": w.published.pk, "document": "agenda", "number": 1},
    ),
    R(
        "meetings:version_detail",
        PUBLIC,
        variant="minutes-1",
        kwargs=lambda w: {"pk": w.published.pk, "document": "minutes", "number": 1},
    ),
    R(
        "meetings:version_compare",
        PUBLIC,
        variant="agenda-2",
        kwargs=lambda w: {"pk": w.published.pk, "document": "agenda", "number": 2},
    ),
    # --- Notifications --------------------------------------------------------------------
    R("notifications:subscribe", PUBLIC, kwargs=_slug_a),
    R("notifications:subscribe", PUBLIC, variant="empty_post", method="POST+GET", kwargs=_slug_a),
    R("notifications:outbox", EDITORS_LOGIN, kwargs=_slug_a),
    R(
        "notifications:confirm",
        PUBLIC,
        kwargs=lambda w: {"token": w.confirm_token},
    ),
    R(
        "notifications:unsubscribe",
        PUBLIC,
        kwargs=lambda w: {"token": w.unsubscribe_token},
    ),
    R("notifications:email_retry", EDITORS_LOGIN, method="POST", kwargs=_pk("failed_email")),
    # --- Site-wide --------------------------------------------------------------------------
    R("set_language", PUBLIC, method="POST+GET"),
    R("accessibility", PUBLIC),
    R("privacy", PUBLIC),
    R("robots_txt", PUBLIC),
    R("favicon", PUBLIC),
    R("sitemap", PUBLIC),
    # 503 is the health check's honest answer when a service is down (e.g. no Redis).
    R("healthz", PUBLIC, also_ok=(503,)),
    R("livez", PUBLIC),
    # --- API (read-only; the format-suffix twins share each name) ---------------------------
    R("api-root", PUBLIC),
    R("api-schema", PUBLIC),
    R("popolo-export", PUBLIC),
    R("region-list", PUBLIC),
    R("region-detail", PUBLIC, kwargs=lambda w: {"code": w.region_a.code}),
    R("municipality-list", PUBLIC),
    R("municipality-detail", PUBLIC, kwargs=lambda w: {"code": w.municipality_a.code}),
    R("body-list", PUBLIC),
    R("body-detail", PUBLIC, kwargs=_slug_a),
    R("seat-list", PUBLIC),
    R("seat-detail", PUBLIC, kwargs=_pk("seat")),
    R("person-list", PUBLIC),
    R("person-detail", PUBLIC, kwargs=lambda w: {"slug": w.person.slug}),
    R("membership-list", PUBLIC),
    R(
        "membership-detail",
        PUBLIC,
        kwargs=lambda w: {"pk": w.person.memberships.get().pk},
    ),
    R("meeting-list", PUBLIC),
    R(
        "meeting-list",
        PUBLIC,
        variant="items",
        query="items=true",
    ),
    R(
        "meeting-detail",
        PUBLIC,
        variant="published",
        kwargs=_pk("published"),
    ),
    R(
        "meeting-detail",
        PUBLIC,
        variant="published-json",
        kwargs=lambda w: {"pk": w.published.pk, "format": "json"},
    ),
    R("meeting-detail", EDITORS, variant="planned", kwargs=_pk("planned")),
    R(
        "meeting-detail",
        EDITORS,
        variant="cancelled_unpublished",
        kwargs=_pk("cancelled"),
    ),
    R("newsletter-list", PUBLIC),
    R("newsletter-detail", PUBLIC, variant="published", kwargs=_pk("published_newsletter")),
    R("newsletter-detail", EDITORS, variant="draft", kwargs=_pk("draft_newsletter")),
    R("quotayear-list", PUBLIC),
    R("quotayear-detail", PUBLIC, kwargs=_year),
    R("nationalfigure-list", PUBLIC),
    R("nationalfigure-detail", PUBLIC, kwargs=_pk("figure")),
    R("regionalquota-list", PUBLIC),
    R("regionalquota-detail", PUBLIC, kwargs=_pk("regional_quota")),
    R("municipalquota-list", PUBLIC),
    R("municipalquota-detail", PUBLIC, kwargs=_pk("municipal_quota")),
    # --- Requests for input (consultations): the body's secretariat edits; the contact persons
    # of a recipient municipality see a sent request and write its answer -------------------
    # Not signed in: sent on to the public requests (consultations:public_requests).
    R("consultations:request_list", PUBLIC),
    R("consultations:body_requests", EDITORS_LOGIN, kwargs=_slug_a),
    R("consultations:request_create", EDITORS_LOGIN, kwargs=_slug_a),
    R(
        "consultations:request_detail",
        expect("deny", anon="login", secretariat="ok", contact="ok", admin="ok"),
        variant="sent",
        kwargs=_pk("rfi_sent"),
    ),
    R("consultations:request_detail", EDITORS_LOGIN, variant="draft", kwargs=_pk("rfi_draft")),
    R("consultations:request_edit", EDITORS_LOGIN, kwargs=_pk("rfi_draft")),
    # A sent request: its reminder plan and meeting item.
    R("consultations:request_edit", EDITORS_LOGIN, variant="sent", kwargs=_pk("rfi_sent")),
    R("consultations:question_add", EDITORS_LOGIN, kwargs=_pk("rfi_draft")),
    R(
        "consultations:question_edit",
        EDITORS_LOGIN,
        kwargs=lambda w: {"pk": w.rfi_draft.pk, "question_id": w.rfi_draft_question.pk},
    ),
    R("consultations:request_send", EDITORS_LOGIN, method="POST", kwargs=_pk("rfi_draft")),
    R("consultations:request_deadline", EDITORS_LOGIN, kwargs=_pk("rfi_sent")),
    R("consultations:request_close", EDITORS_LOGIN, method="POST", kwargs=_pk("rfi_sent")),
    R("consultations:response_matrix", EDITORS_LOGIN, kwargs=_pk("rfi_sent")),
    R(
        "consultations:response_export",
        EDITORS_LOGIN,
        kwargs=lambda w: {"pk": w.rfi_sent.pk, "extension": "xlsx"},
    ),
    R(
        "consultations:response_form",
        expect("deny", anon="login", secretariat="ok", contact="ok", admin="ok"),
        kwargs=lambda w: {"pk": w.rfi_sent.pk, "recipient_id": w.rfi_sent.recipients.get().pk},
    ),
    R(
        "consultations:response_reopen",
        EDITORS_LOGIN,
        method="POST",
        kwargs=lambda w: {"pk": w.rfi_sent.pk, "recipient_id": w.rfi_sent.recipients.get().pk},
    ),
    # Attachments, answer files, reminders now: the request's viewers download its
    # attachments, the answer's readers its files; the secretariat changes and reminds
    R("consultations:attachment_add", EDITORS_LOGIN, method="POST", kwargs=_pk("rfi_sent")),
    R(
        "consultations:attachment_download",
        expect("deny", anon="login", secretariat="ok", contact="ok", admin="ok"),
        kwargs=_rfi_attachment,
    ),
    R("consultations:attachment_update", EDITORS_LOGIN, method="POST", kwargs=_rfi_attachment),
    R("consultations:attachment_remove", EDITORS_LOGIN, method="POST", kwargs=_rfi_attachment),
    R(
        "consultations:answer_file",
        expect("deny", anon="login", secretariat="ok", contact="ok", admin="ok"),
        kwargs=_rfi_answer_file,
    ),
    R("consultations:reminders_send_now", EDITORS_LOGIN, method="POST", kwargs=_pk("rfi_sent")),
    # What comes out of a request (consultations.views_reports, consultations.api): the
    # answers side by side, the compiled PDF and its attachment to the meeting item
    R("consultations:public_requests", PUBLIC),
    R("consultations:answers_by_question", EDITORS_LOGIN, kwargs=_pk("rfi_sent")),
    R(
        "consultations:compiled_pdf_create",
        EDITORS_LOGIN,
        method="POST",
        kwargs=_pk("rfi_sent"),
    ),
    R("consultations:compiled_pdf", EDITORS_LOGIN, kwargs=_rfi_with_ready_pdf),
    R(
        "consultations:compiled_pdf_attach",
        EDITORS_LOGIN,
        method="POST",
        kwargs=_rfi_with_ready_pdf,
    ),
    R("requestforinput-list", PUBLIC),
    R(
        "requestforinput-detail",
        expect("deny", secretariat="ok", contact="ok", admin="ok"),
        variant="sent",
        kwargs=_pk("rfi_sent"),
    ),
    R("requestforinput-detail", EDITORS, variant="draft", kwargs=_pk("rfi_draft")),
    R(
        "requestforinput-responses",
        expect("deny", secretariat="ok", contact="ok", admin="ok"),
        kwargs=_pk("rfi_sent"),
    ),
    # --- Agreements: public documents, except drafts and internal ones and internal
    # documents (MXDRAFT), which only the responsible body's secretariat sees and edits --------
    R("agreements:agreement_list", PUBLIC),
    R("agreements:agreement_create", ANY_SECRETARIAT_LOGIN),
    R("agreements:agreement_detail", PUBLIC, variant="in_force", kwargs=_pk("agreement")),
    R("agreements:agreement_detail", EDITORS, variant="draft", kwargs=_pk("agreement_draft")),
    R(
        "agreements:agreement_detail",
        EDITORS,
        variant="internal",
        kwargs=_pk("agreement_internal"),
    ),
    R("agreements:agreement_edit", EDITORS_LOGIN, kwargs=_pk("agreement")),
    # Versions: as public as the agreement (MXDRAFT in the internal one's snapshot); history:
    # the secretariat
    R("agreements:agreement_versions", PUBLIC, variant="in_force", kwargs=_pk("agreement")),
    R("agreements:agreement_versions", EDITORS, variant="draft", kwargs=_pk("agreement_draft")),
    R(
        "agreements:agreement_versions",
        EDITORS,
        variant="internal",
        kwargs=_pk("agreement_internal"),
    ),
    R(
        "agreements:agreement_version",
        PUBLIC,
        variant="in_force",
        kwargs=lambda w: {"pk": w.agreement.pk, "number": 1},
    ),
    R(
        "agreements:agreement_version",
        EDITORS,
        variant="internal",
        kwargs=lambda w: {"pk": w.agreement_internal.pk, "number": 1},
    ),
    R(
        "agreements:agreement_version_compare",
        PUBLIC,
        variant="in_force",
        kwargs=_pk("agreement"),
        query="fra=1&til=2",
    ),
    R("agreements:agreement_history", EDITORS, kwargs=_pk("agreement")),
    R(
        "agreements:agreement_put_in_force",
        EDITORS_LOGIN,
        method="POST",
        kwargs=_pk("agreement_draft"),
    ),
    R("agreements:agreement_renew", EDITORS_LOGIN, kwargs=_pk("agreement")),
    R("agreements:agreement_end", EDITORS_LOGIN, kwargs=_pk("agreement")),
    R("agreements:party_add", EDITORS_LOGIN, kwargs=_pk("agreement")),
    R(
        "agreements:party_remove",
        EDITORS_LOGIN,
        method="POST+GET",
        kwargs=lambda w: {"pk": w.agreement.pk, "party_id": w.agreement_party.pk},
    ),
    R("agreements:economy_add", EDITORS_LOGIN, kwargs=_pk("agreement")),
    R(
        "agreements:economy_remove",
        EDITORS_LOGIN,
        method="POST+GET",
        kwargs=lambda w: {"pk": w.agreement.pk, "line_id": w.agreement_economy.pk},
    ),
    R("agreements:document_add", EDITORS_LOGIN, kwargs=_pk("agreement")),
    R(
        "agreements:document_download",
        PUBLIC,
        variant="public",
        kwargs=lambda w: {"pk": w.agreement.pk, "document_id": w.agreement_public_document.pk},
    ),
    R(
        "agreements:document_download",
        EDITORS,
        variant="internal",
        kwargs=lambda w: {"pk": w.agreement.pk, "document_id": w.agreement_internal_document.pk},
    ),
    R("agreements:goal_add", EDITORS_LOGIN, kwargs=_pk("agreement")),
    R(
        "agreements:goal_edit",
        EDITORS_LOGIN,
        kwargs=lambda w: {"pk": w.agreement.pk, "goal_id": w.agreement_goal.pk},
    ),
    R(
        "agreements:goal_remove",
        EDITORS_LOGIN,
        method="POST+GET",
        kwargs=lambda w: {"pk": w.agreement.pk, "goal_id": w.agreement_goal.pk},
    ),
    R(
        "agreements:indicator_add",
        EDITORS_LOGIN,
        kwargs=lambda w: {"pk": w.agreement.pk, "goal_id": w.agreement_goal.pk},
    ),
    R(
        "agreements:indicator_edit",
        EDITORS_LOGIN,
        kwargs=lambda w: {"pk": w.agreement.pk, "indicator_id": w.agreement_indicator.pk},
    ),
    R(
        "agreements:measurement_add",
        EDITORS_LOGIN,
        kwargs=lambda w: {"pk": w.agreement.pk, "indicator_id": w.agreement_indicator.pk},
    ),
    # Action plans, evaluations, linked meeting items, plan matrices (issue 14, second slice)
    R("agreements:track_add", EDITORS_LOGIN, kwargs=_pk("agreement")),
    R(
        "agreements:track_edit",
        EDITORS_LOGIN,
        kwargs=lambda w: {"pk": w.agreement.pk, "track_id": w.agreement_track.pk},
    ),
    R(
        "agreements:track_remove",
        EDITORS_LOGIN,
        method="POST",
        kwargs=lambda w: {"pk": w.agreement.pk, "track_id": w.agreement_track.pk},
    ),
    R(
        "agreements:activity_add",
        EDITORS_LOGIN,
        kwargs=lambda w: {"pk": w.agreement.pk, "track_id": w.agreement_track.pk},
    ),
    R(
        "agreements:activity_edit",
        EDITORS_LOGIN,
        kwargs=lambda w: {"pk": w.agreement.pk, "activity_id": w.agreement_activity.pk},
    ),
    R(
        "agreements:activity_remove",
        EDITORS_LOGIN,
        method="POST",
        kwargs=lambda w: {"pk": w.agreement.pk, "activity_id": w.agreement_activity.pk},
    ),
    R(
        "agreements:milestone_add",
        EDITORS_LOGIN,
        kwargs=lambda w: {"pk": w.agreement.pk, "activity_id": w.agreement_activity.pk},
    ),
    R(
        "agreements:milestone_done",
        EDITORS_LOGIN,
        method="POST",
        kwargs=lambda w: {"pk": w.agreement.pk, "milestone_id": w.agreement_milestone.pk},
    ),
    R(
        "agreements:milestone_remove",
        EDITORS_LOGIN,
        method="POST",
        kwargs=lambda w: {"pk": w.agreement.pk, "milestone_id": w.agreement_milestone.pk},
    ),
    R("agreements:evaluation_add", EDITORS_LOGIN, kwargs=_pk("agreement")),
    R(
        "agreements:evaluation_edit",
        EDITORS_LOGIN,
        kwargs=lambda w: {"pk": w.agreement.pk, "evaluation_id": w.agreement_evaluation.pk},
    ),
    R(
        "agreements:evaluation_document",
        PUBLIC,
        kwargs=lambda w: {"pk": w.agreement.pk, "evaluation_id": w.agreement_evaluation.pk},
    ),
    R("agreements:item_link_add", EDITORS_LOGIN, kwargs=_pk("agreement")),
    R(
        "agreements:item_link_remove",
        EDITORS_LOGIN,
        method="POST",
        kwargs=lambda w: {"pk": w.agreement.pk, "link_id": w.agreement_item_link.pk},
    ),
    R("agreements:matrix_add", EDITORS_LOGIN, kwargs=_pk("agreement")),
    R(
        "agreements:matrix_detail",
        PUBLIC,
        variant="in_force",
        kwargs=lambda w: {"pk": w.agreement.pk, "matrix_id": w.agreement_matrix.pk},
    ),
    R(
        "agreements:matrix_detail",
        EDITORS,
        variant="draft",
        kwargs=lambda w: {
            "pk": w.agreement_draft.pk,
            "matrix_id": w.agreement_draft_matrix.pk,
        },
    ),
    R(
        "agreements:matrix_theme_add",
        EDITORS_LOGIN,
        kwargs=lambda w: {"pk": w.agreement.pk, "matrix_id": w.agreement_matrix.pk},
    ),
    R(
        "agreements:matrix_cell_edit",
        EDITORS_LOGIN,
        kwargs=lambda w: {
            "pk": w.agreement.pk,
            "matrix_id": w.agreement_matrix.pk,
            "cell_id": w.agreement_cell.pk,
        },
    ),
    R(
        "agreements:matrix_footnote_set",
        EDITORS_LOGIN,
        kwargs=lambda w: {"pk": w.agreement.pk, "matrix_id": w.agreement_matrix.pk},
    ),
    # Follow-up rounds (agreements.views_follow_up): the responsible body's secretariat only
    R("agreements:follow_up_open", EDITORS_LOGIN, kwargs=_pk("agreement")),
    R(
        "agreements:follow_up_round",
        EDITORS_LOGIN,
        kwargs=lambda w: {"pk": w.agreement.pk, "round_id": w.agreement_round.pk},
    ),
    R(
        "agreements:follow_up_accept",
        EDITORS_LOGIN,
        method="POST",
        kwargs=lambda w: {"pk": w.agreement.pk, "round_id": w.agreement_round.pk},
    ),
    R(
        "agreements:follow_up_enter",
        EDITORS_LOGIN,
        method="POST",
        kwargs=lambda w: {
            "pk": w.agreement.pk,
            "round_id": w.agreement_round.pk,
            "organisation_id": w.agreement_organisation.pk,
        },
    ),
    R(
        "agreements:follow_up_close",
        EDITORS_LOGIN,
        method="POST",
        kwargs=lambda w: {"pk": w.agreement.pk, "round_id": w.agreement_round.pk},
    ),
    # What comes out of agreements (agreements.views_outputs, agreements.api): the PDF with
    # the follow-up status (ordered by the secretariat, downloaded by whoever sees the
    # agreement), CSV and Excel of the list and of measurements, the read-only API
    R("agreements:agreement_list_export", PUBLIC, kwargs=lambda w: {"extension": "csv"}),
    R("agreements:measurements_export", PUBLIC, kwargs=lambda w: {"extension": "xlsx"}),
    R(
        "agreements:agreement_measurements_export",
        PUBLIC,
        variant="in_force",
        kwargs=lambda w: {"pk": w.agreement.pk, "extension": "csv"},
    ),
    R(
        "agreements:agreement_measurements_export",
        EDITORS,
        variant="draft",
        kwargs=lambda w: {"pk": w.agreement_draft.pk, "extension": "csv"},
    ),
    R("agreements:agreement_pdf_create", EDITORS_LOGIN, method="POST", kwargs=_pk("agreement")),
    R(
        "agreements:agreement_pdf",
        PUBLIC,
        variant="in_force",
        kwargs=_agreement_with_ready_pdf("agreement"),
    ),
    R(
        "agreements:agreement_pdf",
        EDITORS,
        variant="internal",
        kwargs=_agreement_with_ready_pdf("agreement_internal"),
    ),
    R("agreement-list", PUBLIC),
    R("agreement-detail", PUBLIC, variant="in_force", kwargs=_pk("agreement")),
    R("agreement-detail", EDITORS, variant="draft", kwargs=_pk("agreement_draft")),
    R("agreement-detail", EDITORS, variant="internal", kwargs=_pk("agreement_internal")),
    R("agreementtrack-list", PUBLIC),
    R("agreementtrack-detail", PUBLIC, kwargs=_pk("agreement_track")),
    R("planmatrix-list", PUBLIC),
    R("planmatrix-detail", PUBLIC, variant="in_force", kwargs=_pk("agreement_matrix")),
    R("planmatrix-detail", EDITORS, variant="draft", kwargs=_pk("agreement_draft_matrix")),
    # --- The admin (representative rows; see EXCLUDED) ----------------------------------------
    R("admin:index", ADMIN_ONLY),
    R("admin:login", PUBLIC),
    R("admin:app_list", ADMIN_ONLY, kwargs=lambda w: {"app_label": "councils"}),
    R("admin:councils_body_changelist", ADMIN_ONLY),
    R(
        "admin:councils_body_change",
        ADMIN_ONLY,
        kwargs=lambda w: {"object_id": w.body_a.pk},
    ),
    R("admin:accounts_user_changelist", ADMIN_ONLY),
]

# Rows kept beside the apps they cover (tests/access_rows/<area>.py).
TABLE += collected_rows()

# Patterns without a row, each with the reason. Globs over "namespace:name", or over the
# route for patterns without a name.
EXCLUDED: dict[str, str] = {
    # Django's generated admin views (add/change/delete/history per model, password change,
    # autocomplete, jsi18n, view_on_site, the catch-all and the object-id redirects): every
    # one is wrapped by AdminSite.admin_view (OTPAdminSite: an active staff user with a
    # verified second factor). The rows above for admin:index, admin:app_list and the body
    # changelist/change stand for them, and test_every_admin_changelist_is_for_the_admin_only
    # checks every registered model's changelist.
    "admin:*": "Django admin internals, all behind the same OTPAdminSite.admin_view check",
    "admin/*": "the admin's unnamed object-id redirects, behind the same admin_view check",
}


# --- The URL conf ------------------------------------------------------------------------


def _walk(patterns: list, prefix: str = "", namespace: str | None = None) -> Iterator[tuple]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if entry.name:
                yield (f"{namespace}:{entry.name}" if namespace else entry.name), route
            else:
                yield route, route


def url_patterns() -> dict[str, list[str]]:
    """Every pattern of the URL conf: identifier ("namespace:name", or the route for a
    pattern without a name) -> its routes (a name can have several, e.g. DRF's format
    suffixes)."""
    found: dict[str, list[str]] = {}
    for identifier, route in _walk(get_resolver().url_patterns):
        found.setdefault(identifier, []).append(route)
    return found


def _excluded(identifier: str) -> bool:
    return any(fnmatch.fnmatchcase(identifier, glob) for glob in EXCLUDED)


def test_every_url_pattern_has_a_row() -> None:
    patterns = url_patterns()
    covered = {row.pattern for row in TABLE}
    missing = sorted(
        f"{identifier}  ({', '.join(patterns[identifier])})"
        for identifier in patterns
        if identifier not in covered and not _excluded(identifier)
    )
    assert not missing, (
        "URL patterns without a row in tests/test_access_matrix.py TABLE (declare who may "
        "open them):\n  " + "\n  ".join(missing)
    )
    stale = sorted(covered - set(patterns))
    assert not stale, f"rows for patterns that are no longer in the URL conf: {stale}"


def test_the_table_has_one_row_per_key_and_a_cell_per_role() -> None:
    keys = [row.key for row in TABLE]
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})
    for row in TABLE:
        assert set(row.expect) == set(ROLES), row.key
        assert set(row.expect.values()) <= {"ok", "login", "deny", "404"}, row.key
        assert row.method in ("GET", "POST", "POST+GET"), row.key


# --- The world, once per module, rolled back afterwards --------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def rolled_back(world: World, db: None) -> World:
    """Each test runs in a savepoint (pytest-django's ``db``) rolled back afterwards: an
    empty POST that the secretariat may send (cancel, delete, publish) changes nothing for
    the next test. ``db`` also tells pytest-django to set up the test database."""
    return world


# --- Outcomes -------------------------------------------------------------------------------

LOGIN_PATHS = ("accounts:login", "admin:login")
TWO_FACTOR_PATHS = ("accounts:two_factor_verify", "accounts:two_factor_setup")


def outcome(response: Any, row: Row) -> str:
    status = response.status_code
    if status in row.also_ok:
        return "ok"
    if status >= 500:
        raise ServerError(f"{row.key}: {status}")
    if status in (301, 302, 303, 307, 308):
        path = urlsplit(response["Location"]).path
        if path in {reverse(name) for name in LOGIN_PATHS}:
            return "login"
        if path in {reverse(name) for name in TWO_FACTOR_PATHS}:
            return "two_factor"
        return "ok"
    if 200 <= status < 300 or status in (400, 409):
        return "ok"
    return str(status)


# Markers in the world's texts (tests/access_matrix_fixtures.py) -> the roles that may see
# them. Every answer of every row is searched: a page, feed, file or API answer that shows a
# marker to another role is a leak, whatever its status.
CLOSED_READERS = frozenset({"member", "secretariat", "admin"})
EDITORS_ONLY = frozenset({"secretariat", "admin"})
SECRETS: dict[str, frozenset[str]] = {
    "MXCLOSED": CLOSED_READERS,
    "MXSUBCLOSED": CLOSED_READERS,
    "MXUNPUB": EDITORS_ONLY,
    "MXNEVERPUB": EDITORS_ONLY,
    "MXDRAFT": EDITORS_ONLY,
}


def leaks(content: bytes, role: str) -> list[str]:
    return [
        marker
        for marker, roles in SECRETS.items()
        if role not in roles and marker.encode() in content
    ]


def matches(expected: str, got: str) -> bool:
    if expected == "deny":
        return got in ("403", "404", "login")
    return expected == got


def _request(client: Any, method: str, url: str, query: str) -> tuple[Any, bytes]:
    if method == "GET":
        response = client.get(url + (f"?{query}" if query else ""))
    else:
        response = client.post(url + (f"?{query}" if query else ""), {})
    if getattr(response, "streaming", False):
        # Read the file through (as a browser would): the client closes it afterwards.
        return response, b"".join(response.streaming_content)
    return response, response.content


def _check(client: Any, method: str, url: str, row: Row, role: str) -> str:
    response, content = _request(client, method, url, row.query)
    got = outcome(response, row)
    shown = leaks(content, role)
    if shown:
        raise AccessMismatch(f"{method} {url} as {role} shows {shown} ({response.status_code})")
    return got


def _params() -> Iterator[Any]:
    for row in TABLE:
        for role in ROLES:
            marks = []
            if role in row.xfail:
                marks.append(
                    pytest.mark.xfail(reason=row.xfail[role], strict=True, raises=AccessMismatch)
                )
            yield pytest.param(row, role, id=f"{row.key}-{role}", marks=marks)


@pytest.mark.parametrize(("row", "role"), list(_params()))
def test_role_gets_the_declared_outcome(rolled_back: World, row: Row, role: str) -> None:
    world = rolled_back
    url = reverse(row.pattern, kwargs=row.kwargs(world))
    expected = row.expect[role]
    client = world.client_for(role)
    if row.method == "POST":
        # A POST-only endpoint never does its work on GET.
        got = _check(client, "GET", url, row, role)
        allowed = ("405",) if expected == "ok" else ("405", "403", "404", "login")
        if got not in allowed:
            raise AccessMismatch(f"GET {url} as {role}: {got}, expected one of {allowed}")
    method = "GET" if row.method == "GET" else "POST"
    got = _check(client, method, url, row, role)
    if not matches(expected, got):
        raise AccessMismatch(f"{method} {url} as {role}: {got}, expected {expected}")
    if row.method != "POST":
        # Uptime monitors and link checkers send HEAD: the same answer as GET, no body.
        head = client.head(url + (f"?{row.query}" if row.query else ""))
        if outcome(head, row) != outcome(
            client.get(url + (f"?{row.query}" if row.query else "")), row
        ):
            raise AccessMismatch(f"HEAD {url} as {role}: {head.status_code}, unlike GET")
        if head.status_code < 300 and not getattr(head, "streaming", False) and head.content:
            raise AccessMismatch(f"HEAD {url} as {role} has a body")


def test_every_admin_changelist_is_for_the_admin_only(rolled_back: World) -> None:
    """The generated admin pages (EXCLUDED from the table) all sit behind the same check:
    every registered model's changelist opens for the administrator and for nobody else."""
    from django.contrib import admin

    names = [
        f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        for model in admin.site._registry
    ]
    assert names
    for role in ("anon", "member", "secretariat", "admin"):
        client = rolled_back.client_for(role)
        for name in names:
            got = _check(client, "GET", reverse(name), R(name, ADMIN_ONLY), role)
            expected = ADMIN_ONLY[role]
            assert matches(expected, got), f"{name} as {role}: {got}, expected {expected}"
