"""The small world the role-by-surface matrix (tests/test_access_matrix.py) is checked in.

Two KKR, each in its own region: body A, whose material the matrix is about, and body B,
whose member and secretariat are the "other" roles. The world is built once per test module
through the services (so it is in the states a secretary reaches in normal work), inside a
transaction that is rolled back afterwards.

Seven roles, one user each: anonymous, member of A, member of B, secretariat of A,
secretariat of B, contact person of a municipality in A's region, and the platform
administrator (with a confirmed TOTP device: the matrix logs in with a verified second
factor, as the two-factor middleware demands of administrators).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

ROLES = (
    "anon",
    "member",
    "other_member",
    "secretariat",
    "other_secretariat",
    "contact",
    "admin",
)


@dataclass
class World:
    """Everything a row of the matrix needs to build its URL, by name."""

    users: dict[str, Any] = field(default_factory=dict)
    devices: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None

    sessions: dict[str, str] = field(default_factory=dict)

    def sign_in_all(self) -> None:
        """One session per role, made with the world (so each test's rollback keeps it): the
        administrator's with a verified second factor."""
        from django_otp import DEVICE_ID_SESSION_KEY

        for role, user in self.users.items():
            client = Client()
            client.force_login(user)
            session = client.session
            device = self.devices.get(role)
            if device is not None:
                session[DEVICE_ID_SESSION_KEY] = device.persistent_id
                session.save()
            self.sessions[role] = session.session_key

    def client_for(self, role: str) -> Client:
        """A fresh client with the role's session: a log-out or a 2FA change in one test is
        rolled back with it and never reaches the next."""
        from django.conf import settings

        client = Client()
        if role in self.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        return client


def _at(days: int, hour: int = 9) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def _pdf(title: str) -> bytes:
    from meetings.demo import placeholder_pdf

    return placeholder_pdf(title)


def _upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{name}.pdf", _pdf(name), content_type="application/pdf")


def build_world() -> World:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import Affiliation
    from councils.models import Body, Municipality, Nomination, Seat
    from councils.services.composition import nomination_propose
    from meetings import services
    from meetings.models import MeetingPdf
    from notifications import services as notification_services
    from notifications.models import OutgoingEmail, Subscription
    from quotas import services as quota_services
    from quotas.models import DistributionAgreement, ModelInput
    from tests.factories import (
        AffiliationFactory,
        BodyFactory,
        MembershipFactory,
        MunicipalityFactory,
        PersonFactory,
        RegionFactory,
        UserFactory,
    )

    world = World()
    # Texts that only some roles may ever see carry a marker (see SECRETS in the test):
    # MXCLOSED / MXSUBCLOSED closed content of A, MXUNPUB a planned meeting of A, MXNEVERPUB
    # a meeting of A cancelled before it was published,
    # MXDRAFT a draft newsletter of A.
    o = world.objects

    # --- Regions, municipalities, bodies -------------------------------------------------
    region_a = RegionFactory(code="MX-A", name="Region Matrix A", slug="region-matrix-a")
    region_b = RegionFactory(code="MX-B", name="Region Matrix B", slug="region-matrix-b")
    municipalities_a = [
        MunicipalityFactory(code=f"9{n}1", name=f"Matrixby A{n}", region=region_a) for n in range(3)
    ]
    [  # two municipalities in B's region
        MunicipalityFactory(code=f"9{n}2", name=f"Matrixby B{n}", region=region_b) for n in range(2)
    ]
    body_a = BodyFactory(
        name="KKR Matrix A", slug="kkr-matrix-a", kind=Body.Kind.KKR, region=region_a
    )
    body_b = BodyFactory(
        name="KKR Matrix B", slug="kkr-matrix-b", kind=Body.Kind.KKR, region=region_b
    )
    o.update(region_a=region_a, region_b=region_b, body_a=body_a, body_b=body_b)
    o["municipality_a"] = municipalities_a[0]

    # --- Users, one per role -------------------------------------------------------------
    users = world.users
    users["member"] = UserFactory(username="matrix-member")
    users["other_member"] = UserFactory(username="matrix-other-member")
    users["secretariat"] = UserFactory(username="matrix-secretariat")
    users["other_secretariat"] = UserFactory(username="matrix-other-secretariat")
    users["contact"] = UserFactory(username="matrix-contact")
    users["admin"] = UserFactory(username="matrix-admin", is_superuser=True, is_staff=True)
    member_person = PersonFactory(name="Matrix Member A", user=users["member"])
    other_person = PersonFactory(name="Matrix Member B", user=users["other_member"])
    MembershipFactory(person=member_person, body=body_a, start=dt.date(2020, 1, 1))
    MembershipFactory(person=other_person, body=body_b, start=dt.date(2020, 1, 1))
    AffiliationFactory(user=users["secretariat"], body=body_a)
    AffiliationFactory(user=users["other_secretariat"], body=body_b)
    AffiliationFactory(
        user=users["contact"],
        kind=Affiliation.Kind.MUNICIPAL_CONTACT,
        body=None,
        municipality=municipalities_a[0],
    )
    world.devices["admin"] = TOTPDevice.objects.create(
        user=users["admin"], confirmed=True, name="app"
    )
    o["person"] = member_person
    secretary = users["secretariat"]

    # --- A published meeting of A: open and closed items, sub-item, attachments, minutes --
    published = services.meeting_schedule(
        actor=secretary, body=body_a, starts_at=_at(-30), place="Matrixhuset"
    )
    open_item = services.agenda_item_add(
        actor=secretary,
        meeting=published,
        title="Open item",
        case_text="<p>Open case</p>",
        decision="<p>Open decision</p>",
    )
    closed_item = services.agenda_item_add(
        actor=secretary,
        meeting=published,
        title="MXCLOSED item",
        case_text="<p>MXCLOSED case</p>",
        decision="<p>MXCLOSED decision</p>",
        is_closed=True,
    )
    # The sub-item's own flag is not set: it is closed because its parent is (issue 11.3).
    sub_item = services.agenda_item_add(
        actor=secretary,
        meeting=published,
        title="MXSUBCLOSED sub-item of the closed item",
        parent=closed_item,
        decision="<p>MXSUBCLOSED decision</p>",
    )
    (open_attachment,) = services.attachments_add(
        actor=secretary, item=open_item, files=[("Open attachment", _upload("open"))]
    )
    (closed_attachment,) = services.attachments_add(
        actor=secretary,
        item=open_item,
        files=[("MXCLOSED attachment on an open item", _upload("closed"))],
        is_closed=True,
    )
    (closed_item_attachment,) = services.attachments_add(
        actor=secretary,
        item=closed_item,
        files=[("MXCLOSED attachment on the closed item", _upload("closeditem"))],
    )
    (sub_item_attachment,) = services.attachments_add(
        actor=secretary, item=sub_item, files=[("MXSUBCLOSED attachment", _upload("subitem"))]
    )
    (binned_attachment, withdrawn_attachment) = services.attachments_add(
        actor=secretary,
        item=open_item,
        files=[("Binned after publishing", _upload("binned")), ("Withdrawn", _upload("withdrawn"))],
    )
    services.agenda_publish(actor=secretary, meeting_id=published.pk)
    services.minutes_publish(actor=secretary, meeting_id=published.pk, confirm_missing=True)
    # A second version of the agenda (to compare with the first); then one attachment that
    # both versions list goes to the bin, another is withdrawn from the public.
    services.agenda_publish(actor=secretary, meeting_id=published.pk, change_note="Corrected")
    services.attachment_delete(actor=secretary, attachment_id=binned_attachment.pk)
    services.attachment_withdraw(
        actor=secretary, attachment_id=withdrawn_attachment.pk, reason="Published by mistake"
    )
    published.refresh_from_db()
    o.update(
        published=published,
        open_item=open_item,
        closed_item=closed_item,
        sub_item=sub_item,
        open_attachment=open_attachment,
        closed_attachment=closed_attachment,
        closed_item_attachment=closed_item_attachment,
        sub_item_attachment=sub_item_attachment,
        binned_attachment=binned_attachment,
        withdrawn_attachment=withdrawn_attachment,
    )

    # The PDFs of the published agenda, made "ready" with a small real file (the worker
    # that renders them is tested elsewhere).
    for meeting_pdf in MeetingPdf.objects.filter(version__meeting=published):
        meeting_pdf.file.save(f"matrix-{meeting_pdf.pk}.pdf", ContentFile(_pdf("d")), save=False)
        meeting_pdf.combined_file.save(
            f"matrix-{meeting_pdf.pk}-samlet.pdf", ContentFile(_pdf("c")), save=False
        )
        meeting_pdf.pages, meeting_pdf.combined_pages = 1, 2
        meeting_pdf.status = MeetingPdf.Status.READY
        meeting_pdf.rendered_at = timezone.now()
        meeting_pdf.save()
    agenda_pdfs = MeetingPdf.objects.filter(
        version__meeting=published, version__document="agenda"
    ).order_by("-version__number")
    o["public_pdf"] = agenda_pdfs.filter(audience=MeetingPdf.Audience.PUBLIC).first()
    o["members_pdf"] = agenda_pdfs.filter(audience=MeetingPdf.Audience.MEMBERS).first()

    # --- A planned (unpublished) meeting of A with an item and an attachment ------------
    planned = services.meeting_schedule(
        actor=secretary, body=body_a, starts_at=_at(30), place="MXUNPUB planned place"
    )
    planned_item = services.agenda_item_add(
        actor=secretary,
        meeting=planned,
        title="MXUNPUB planned item",
        case_text="<p>MXUNPUB draft</p>",
    )
    (planned_attachment,) = services.attachments_add(
        actor=secretary,
        item=planned_item,
        files=[("MXUNPUB planned attachment", _upload("planned"))],
    )
    # And in its bin: an item, and an attachment of the item that stays.
    binned_item = services.agenda_item_add(
        actor=secretary, meeting=planned, title="MXUNPUB binned item"
    )
    services.agenda_item_delete(actor=secretary, item_id=binned_item.pk)
    (binned_planned_attachment,) = services.attachments_add(
        actor=secretary, item=planned_item, files=[("MXUNPUB binned", _upload("binned2"))]
    )
    services.attachment_delete(actor=secretary, attachment_id=binned_planned_attachment.pk)
    o.update(
        planned=planned,
        planned_item=planned_item,
        planned_attachment=planned_attachment,
        binned_item=binned_item,
        binned_planned_attachment=binned_planned_attachment,
    )

    # --- A meeting of A cancelled before its agenda was ever published (issue 11.2) -------
    cancelled = services.meeting_schedule(
        actor=secretary, body=body_a, starts_at=_at(40), place="MXNEVERPUB cancelled place"
    )
    cancelled_item = services.agenda_item_add(
        actor=secretary, meeting=cancelled, title="MXNEVERPUB never published item"
    )
    (cancelled_attachment,) = services.attachments_add(
        actor=secretary,
        item=cancelled_item,
        files=[("MXNEVERPUB never published attachment", _upload("cancelled"))],
    )
    services.meeting_cancel(actor=secretary, meeting_id=cancelled.pk)
    o.update(cancelled=cancelled, cancelled_attachment=cancelled_attachment)

    # --- Newsletters: the draft made from the minutes, and a published one ---------------
    # (Publishing the minutes may have drafted one from them too; that one stays a draft.)
    draft = services.newsletter_create(
        actor=secretary, body=body_a, title="MXDRAFT news", content="<p>MXDRAFT</p>"
    )
    news = services.newsletter_create(
        actor=secretary, body=body_a, title="Published news", content="<p>News</p>"
    )
    services.newsletter_publish(actor=secretary, newsletter_id=news.pk)
    o.update(draft_newsletter=draft, published_newsletter=news)

    # --- Composition: a seat of A that A appoints to, and a pending nomination ----------
    seat = Seat.objects.create(body=body_a, label="Municipal seat", appointing_body=body_a)
    nomination = nomination_propose(
        actor=users["contact"],
        seat=seat,
        candidate_name="Matrix Candidate",
        on_behalf_of_municipality=municipalities_a[0],
    )
    assert nomination.status == Nomination.Status.PROPOSED
    o.update(seat=seat, nomination=nomination)

    # --- Quotas: a year with a figure; a draft distribution agreement for A's region, a
    # finalised one (with its signed document) for B's region ------------------------------
    year = quota_services.quota_year_create(actor=None, year=2033)
    ModelInput.objects.bulk_create(
        ModelInput(
            quota_year=year,
            municipality=m,
            population=20_000 + 1_000 * n,
            immigrants_and_refugees=900 + 10 * n,
            family_reunified=n,
        )
        for n, m in enumerate(Municipality.objects.filter(region__in=[region_a, region_b]))
    )
    figure = quota_services.national_figure_announce(
        actor=None, quota_year=year, figure=100, announced_on=dt.date(2032, 5, 1)
    )
    deadline = timezone.localdate() + dt.timedelta(days=60)
    draft_distribution_agreement = quota_services.distribution_agreement_draft(
        actor=secretary, quota_year=year, region=region_a, deadline=deadline
    )
    final = quota_services.distribution_agreement_draft(
        actor=users["other_secretariat"], quota_year=year, region=region_b, deadline=deadline
    )
    quota_services.distribution_agreement_send(
        actor=users["other_secretariat"], distribution_agreement=final
    )
    for line in final.lines.all():
        quota_services.distribution_agreement_answer(actor=None, line_id=line.pk, confirm=True)
    quota_services.distribution_agreement_finalise(
        actor=users["other_secretariat"],
        distribution_agreement_id=final.pk,
        documents=[("Signed agreement", _upload("signed"))],
    )
    final.refresh_from_db()
    assert final.status == DistributionAgreement.Status.FINALISED
    o.update(
        quota_year=year,
        figure=figure,
        draft_distribution_agreement=draft_distribution_agreement,
        final_distribution_agreement=final,
        distribution_agreement_document=final.documents.get(),
        regional_quota=figure.regional_quotas.get(region=region_a),
        municipal_quota=figure.municipal_quotas.get(municipality=municipalities_a[0]),
    )

    # --- Requests for input of A: one sent to a municipality of A's region (whose contact
    # person has submitted its answer), one still a draft ----------------------------------
    from consultations import services as consultation_services

    rfi_sent = consultation_services.request_create(
        actor=secretary,
        body=body_a,
        title="Matrix request",
        deadline=_at(20),
        municipalities=[municipalities_a[0]],
    )
    rfi_question = consultation_services.question_add(
        actor=secretary, request=rfi_sent, kind="short_text", text="Matrix question"
    )
    consultation_services.request_send(actor=secretary, request_id=rfi_sent.pk)
    consultation_services.response_submit(
        actor=users["contact"],
        request_id=rfi_sent.pk,
        municipality_id=municipalities_a[0].pk,
        expected_version=0,
        values={rfi_question.pk: "Matrix answer"},
    )
    rfi_draft = consultation_services.request_create(
        actor=secretary,
        body=body_a,
        title="MXDRAFT request",
        deadline=_at(30),
        municipalities=[municipalities_a[0]],
    )
    o.update(
        rfi_sent=rfi_sent,
        rfi_draft=rfi_draft,
        rfi_draft_question=consultation_services.question_add(
            actor=secretary, request=rfi_draft, kind="yes_no", text="MXDRAFT question"
        ),
    )

    # --- Agreements of A: one in force (public, with a public and an internal document, a
    # party, economy, a goal with a measured indicator), a draft within it and an internal
    # one (both MXDRAFT: the secretariat's only) ------------------------------------------
    from agreements import services as agreement_services

    kind = agreement_services.builtin_kind("performance_contract")
    agreement = agreement_services.agreement_create(
        actor=secretary,
        body=body_a,
        kind=kind,
        title="Matrix agreement",
        start=dt.date(2030, 1, 1),
        end=dt.date(2030, 12, 31),
    )
    agreement_goal = agreement_services.goal_add(
        actor=secretary, agreement=agreement, title="Matrix goal"
    )
    agreement_indicator = agreement_services.indicator_add(
        actor=secretary, goal=agreement_goal, name="Matrix indicator", unit="stk", target_value=10
    )
    agreement_services.measurement_record(
        actor=secretary, indicator_id=agreement_indicator.pk, year=2030, value=5
    )
    o.update(
        agreement=agreement,
        agreement_goal=agreement_goal,
        agreement_indicator=agreement_indicator,
        agreement_party=agreement_services.party_add(
            actor=secretary, agreement=agreement, body=body_b, role="Matrix party"
        ),
        agreement_economy=agreement_services.economy_line_add(
            actor=secretary, agreement=agreement, amount=1000, year=2030
        ),
        agreement_public_document=agreement_services.document_add(
            actor=secretary, agreement=agreement, title="Matrix document", upload=_upload("agr")
        ),
        agreement_internal_document=agreement_services.document_add(
            actor=secretary,
            agreement=agreement,
            title="MXDRAFT internal document",
            upload=_upload("agrint"),
            is_internal=True,
        ),
    )
    agreement_services.agreement_put_in_force(actor=secretary, agreement_id=agreement.pk)
    o["agreement_draft"] = agreement_services.agreement_create(
        actor=secretary,
        body=body_a,
        kind=kind,
        title="MXDRAFT agreement",
        start=dt.date(2030, 1, 1),
        parent=agreement,
    )
    agreement_internal = agreement_services.agreement_create(
        actor=secretary,
        body=body_a,
        kind=kind,
        title="MXDRAFT internal agreement",
        start=dt.date(2030, 1, 1),
        is_internal=True,
    )
    agreement_services.agreement_put_in_force(actor=secretary, agreement_id=agreement_internal.pk)
    o["agreement_internal"] = agreement_internal

    # A follow-up round of it (2030): a request to a municipality party, and an organisation
    # party whose figures the secretariat enters (only the secretariat sees the round).
    from agreements import services_follow_up as agreement_follow_up
    from councils.models import Organisation

    agreement_organisation = Organisation.objects.create(
        name="Matrix Erhvervshus", slug="matrix-erhvervshus"
    )
    agreement_services.party_add(
        actor=secretary,
        agreement=agreement,
        municipality=o["municipality_a"],
        change_note="Matrix municipality",
    )
    agreement_services.party_add(
        actor=secretary,
        agreement=agreement,
        organisation=agreement_organisation,
        change_note="Matrix organisation",
    )
    o["agreement_organisation"] = agreement_organisation
    o["agreement_round"] = agreement_follow_up.follow_up_round_open(
        actor=secretary,
        agreement_id=agreement.pk,
        period_label="2030",
        year=2030,
        deadline=timezone.now() + dt.timedelta(days=30),
        send=False,
    )

    # Its action plan: a track with an activity and a milestone, an evaluation with a
    # document, a plan matrix; linked to it the closed item, the sub-item of the closed item
    # and the planned item (MXCLOSED, MXSUBCLOSED, MXUNPUB must not leak on the agreement
    # page) and the open item.
    from agreements import services_plans as agreement_plans
    from agreements.models import MatrixCell

    agreement_track = agreement_plans.track_add(
        actor=secretary, agreement=agreement, title="Matrix track", followed_by=[body_b]
    )
    agreement_activity = agreement_plans.activity_add(
        actor=secretary, track=agreement_track, title="Matrix activity"
    )
    for linked in ("open_item", "closed_item", "sub_item", "planned_item"):
        agreement_plans.item_link_add(actor=secretary, agreement=agreement, item=o[linked])
    agreement_matrix = agreement_plans.matrix_create(
        actor=secretary, agreement=agreement, title="Matrix matrix", levels=["R"], sections=["M"]
    )
    agreement_plans.matrix_theme_add(actor=secretary, matrix=agreement_matrix, name="Theme")
    o.update(
        agreement_track=agreement_track,
        agreement_activity=agreement_activity,
        agreement_milestone=agreement_plans.milestone_add(
            actor=secretary,
            activity=agreement_activity,
            title="Matrix milestone",
            due_on=dt.date(2030, 6, 1),
        ),
        agreement_evaluation=agreement_plans.evaluation_add(
            actor=secretary,
            agreement=agreement,
            title="Matrix evaluation",
            due_on=dt.date(2030, 12, 31),
            document=_upload("evaluation"),
        ),
        agreement_item_link=agreement.item_links.get(item=o["open_item"]),
        agreement_matrix=agreement_matrix,
        agreement_cell=MatrixCell.objects.get(theme__matrix=agreement_matrix),
        agreement_draft_matrix=agreement_plans.matrix_create(
            actor=secretary,
            agreement=o["agreement_draft"],
            title="MXDRAFT matrix",
            levels=["R"],
            sections=["M"],
        ),
    )

    # --- Notifications: a failed e-mail of A, and confirm / unsubscribe links -----------
    o["failed_email"] = OutgoingEmail.objects.create(
        key="matrix:failed",
        body=body_a,
        to="someone@example.org",
        subject="Failed",
        text="Failed",
        status=OutgoingEmail.Status.FAILED,
        last_error="Connection refused",
    )
    from django.core import signing

    subscription = Subscription.objects.create(body=body_a, email="reader@example.org")
    o["confirm_token"] = signing.dumps(
        {"s": subscription.pk, "f": "immediate"}, salt=notification_services.CONFIRM_SALT
    )
    o["unsubscribe_token"] = signing.dumps(
        {"b": body_a.pk, "e": "reader@example.org"}, salt=notification_services.UNSUBSCRIBE_SALT
    )
    world.sign_in_all()
    return world
