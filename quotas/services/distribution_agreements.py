"""Distribution agreements (fordelingsaftaler): draft, lines, send, answer, finalise, remind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from core.history import save_as
from core.uploads import PDF, UploadRefused, upload_check
from councils.models import Municipality, Region
from quotas.models import (
    DistributionAgreement,
    DistributionAgreementDocument,
    DistributionAgreementLine,
    MunicipalQuota,
    QuotaYear,
    SetBy,
)
from quotas.services.common import _check_integers, _history_user


@transaction.atomic
def distribution_agreement_draft(
    *,
    actor: User | None,
    quota_year: QuotaYear,
    region: Region,
    deadline: dt.date,
    has_change_clause: bool = False,
) -> DistributionAgreement:
    """Start an agreement for a region from the current version's municipal quotas."""
    current = quota_year.figures.order_by("-version").first()
    if current is None:
        raise ValidationError(_("There is no national figure to distribute yet."))
    if DistributionAgreement.objects.filter(quota_year=quota_year, region=region).exists():
        raise ValidationError(_("An agreement for this region and year already exists."))
    distribution_agreement = DistributionAgreement(
        quota_year=quota_year,
        region=region,
        national_figure=current,
        deadline=deadline,
        has_change_clause=has_change_clause,
    )
    save_as(distribution_agreement, actor=actor)
    quotas = {
        q.municipality_id: q.quota
        for q in current.municipal_quotas.filter(municipality__region=region)
    }
    bulk_create_with_history(
        [
            DistributionAgreementLine(
                distribution_agreement=distribution_agreement,
                municipality=m,
                model_quota=quotas.get(m.pk, 0),
                quota=quotas.get(m.pk, 0),
            )
            for m in Municipality.objects.filter(region=region)
        ],
        DistributionAgreementLine,
        default_user=_history_user(actor),
    )
    return distribution_agreement


def _regional_quota(distribution_agreement: DistributionAgreement) -> int:
    return distribution_agreement.national_figure.regional_quotas.get(
        region=distribution_agreement.region
    ).quota


@transaction.atomic
def distribution_agreement_lines_set(
    *,
    actor: User | None,
    distribution_agreement_id: int,
    expected_version: int,
    quotas: Mapping[int, int],
) -> DistributionAgreement:
    """Change the numbers of a draft or circulating agreement (municipality id -> quota).

    Changing a number resets that municipality's answer: it must confirm the new number.
    """
    distribution_agreement = DistributionAgreement.objects.select_for_update().get(
        pk=distribution_agreement_id
    )
    if distribution_agreement.status not in (
        DistributionAgreement.Status.DRAFT,
        DistributionAgreement.Status.CONSULTATION,
    ):
        raise ValidationError(_("A finalised agreement cannot be changed."))
    if distribution_agreement.version != expected_version:
        raise ValidationError(
            _(
                "Someone else changed the agreement while you were editing it. Reload the page "
                "to see their numbers."
            )
        )
    if any(q < 0 for q in quotas.values()):
        raise ValidationError(_("A quota cannot be negative."))
    for quota in quotas.values():
        _check_integers(quota=quota)
    for line in distribution_agreement.lines.select_for_update():
        new = quotas.get(line.municipality_id, line.quota)
        if new != line.quota:
            line.quota = new
            line.answer = DistributionAgreementLine.Answer.PENDING
            line.answered_at = None
            save_as(line, actor=actor, update_fields=["quota", "answer", "answered_at"])
    distribution_agreement.version += 1
    save_as(distribution_agreement, actor=actor, update_fields=["version"])
    return distribution_agreement


@transaction.atomic
def distribution_agreement_send(
    *, actor: User | None, distribution_agreement: DistributionAgreement
) -> DistributionAgreement:
    """Open the agreement to the municipalities' contact persons until the deadline."""
    if distribution_agreement.status != DistributionAgreement.Status.DRAFT:
        raise ValidationError(_("Only a draft can be sent to the municipalities."))
    distribution_agreement.status = DistributionAgreement.Status.CONSULTATION
    save_as(distribution_agreement, actor=actor, update_fields=["status"])
    return distribution_agreement


@transaction.atomic
def distribution_agreement_answer(
    *,
    actor: User | None,
    line_id: int,
    confirm: bool,
    comment: str = "",
    today: dt.date | None = None,
) -> DistributionAgreementLine:
    """A municipality's contact person confirms its number or comments on it."""
    line = (
        DistributionAgreementLine.objects.select_for_update()
        .select_related("distribution_agreement")
        .get(pk=line_id)
    )
    distribution_agreement = line.distribution_agreement
    if distribution_agreement.status != DistributionAgreement.Status.CONSULTATION:
        raise ValidationError(_("The agreement is not open for answers."))
    if (today or timezone.localdate()) > distribution_agreement.deadline:
        raise ValidationError(
            _("The deadline (%(date)s) has passed; contact the secretariat.")
            % {"date": distribution_agreement.deadline.strftime("%d-%m-%Y")}
        )
    if not confirm and not comment.strip():
        raise ValidationError({"comment": _("Write a comment, or confirm the number.")})
    line.answer = (
        DistributionAgreementLine.Answer.CONFIRMED
        if confirm
        else DistributionAgreementLine.Answer.COMMENTED
    )
    line.comment = comment.strip()
    line.answered_at = timezone.now()
    line.answered_by = actor
    save_as(line, actor=actor, update_fields=["answer", "comment", "answered_at", "answered_by"])
    return line


@transaction.atomic
def distribution_agreement_finalise(
    *,
    actor: User | None,
    distribution_agreement_id: int,
    documents: list[tuple[str, UploadedFile]] | None = None,
) -> DistributionAgreement:
    """Make the agreed numbers the region's municipal quotas.

    Rules: every municipality of the region is listed; the numbers add up exactly to the
    regional quota (the message says by how much they differ); every municipality has
    confirmed. The agreement keeps its documents.
    """
    distribution_agreement = DistributionAgreement.objects.select_for_update().get(
        pk=distribution_agreement_id
    )
    if distribution_agreement.status != DistributionAgreement.Status.CONSULTATION:
        raise ValidationError(_("Only an agreement sent to the municipalities can be finalised."))
    lines = list(distribution_agreement.lines.select_related("municipality"))
    errors = []
    listed = {line.municipality_id for line in lines}
    missing = Municipality.objects.filter(region=distribution_agreement.region).exclude(
        pk__in=listed
    )
    for municipality in missing:
        errors.append(_("%(name)s is not in the agreement.") % {"name": municipality.name})
    total, regional = sum(line.quota for line in lines), _regional_quota(distribution_agreement)
    if total != regional:
        difference = total - regional
        more = _(
            "The agreement adds up to %(total)d, %(diff)d more than the regional quota %(quota)d."
        )
        fewer = _(
            "The agreement adds up to %(total)d, %(diff)d fewer than the regional quota %(quota)d."
        )
        errors.append(
            (more if difference > 0 else fewer)
            % {"total": total, "diff": abs(difference), "quota": regional}
        )
    unconfirmed = [
        line.municipality.name
        for line in lines
        if line.answer != DistributionAgreementLine.Answer.CONFIRMED
    ]
    if unconfirmed:
        errors.append(
            _("Not yet confirmed by: %(names)s.") % {"names": ", ".join(sorted(unconfirmed))}
        )
    for _title, upload in documents or []:  # a PDF by content, a safe name, not too large
        try:
            upload_check(upload=upload, allowed_types={PDF})
        except UploadRefused as refused:
            errors.extend(refused.messages)
    if errors:
        raise ValidationError(errors)
    for line in lines:
        MunicipalQuota.objects.update_or_create(
            national_figure=distribution_agreement.national_figure,
            municipality=line.municipality,
            defaults={"quota": line.quota, "exact": "", "set_by": SetBy.DISTRIBUTION_AGREEMENT},
        )
    for title, upload in documents or []:
        DistributionAgreementDocument.objects.create(
            distribution_agreement=distribution_agreement, title=title, file=upload
        )
    distribution_agreement.status = DistributionAgreement.Status.FINALISED
    distribution_agreement.finalised_at = timezone.now()
    save_as(distribution_agreement, actor=actor, update_fields=["status", "finalised_at"])
    return distribution_agreement


REMIND_DAYS_BEFORE = 3


def distribution_agreement_reminders_send(*, today: dt.date | None = None) -> int:
    """E-mail the contact persons of municipalities that have not answered an open agreement
    whose deadline is at most three days away. Each municipality is reminded once per
    agreement: the line is claimed with a conditional update and its e-mails recorded in the
    outbox in the same transaction (unique key per address), so a retried or doubled task
    sends nothing twice, and a failed send is retried and then shown to the secretariat of
    the region's KKR. Returns the number of municipalities reminded."""
    from accounts import rules
    from accounts.models import User
    from core.outbox import email_enqueue
    from councils.models import Body

    today = today or timezone.localdate()
    lines = DistributionAgreementLine.objects.filter(
        distribution_agreement__status=DistributionAgreement.Status.CONSULTATION,
        distribution_agreement__deadline__gte=today,
        distribution_agreement__deadline__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE),
        answer=DistributionAgreementLine.Answer.PENDING,
        reminded_at__isnull=True,
    ).select_related(
        "distribution_agreement__region", "distribution_agreement__quota_year", "municipality"
    )
    kkr_of_region: dict[int, int | None] = {}
    sent = 0
    for line in lines:
        distribution_agreement = line.distribution_agreement
        if distribution_agreement.region_id not in kkr_of_region:
            kkr_of_region[distribution_agreement.region_id] = (
                Body.objects.filter(kind=Body.Kind.KKR, region_id=distribution_agreement.region_id)
                .order_by("pk")
                .values_list("pk", flat=True)
                .first()
            )
        with transaction.atomic():
            claimed = DistributionAgreementLine.objects.filter(
                pk=line.pk, reminded_at__isnull=True
            ).update(reminded_at=timezone.now())
            if not claimed:
                continue
            # Whom to remind is the inverse of the contact-person role (accounts.rules).
            recipients = sorted(
                set(
                    User.objects.filter(rules.municipal_contact_users_q([line.municipality_id]))
                    .exclude(email="")
                    .values_list("email", flat=True)
                )
            )
            values = {
                "region": distribution_agreement.region.name,
                "year": distribution_agreement.quota_year.year,
                "quota": line.quota,
                "name": line.municipality.name,
                "date": distribution_agreement.deadline.strftime("%d-%m-%Y"),
            }
            for address in recipients:
                email_enqueue(
                    key=f"agreement-reminder:{line.pk}:{address}",
                    to=address,
                    subject=_("Reminder: confirm the refugee quota for %(name)s by %(date)s")
                    % values,
                    text=_(
                        "The distribution agreement for %(region)s %(year)s proposes %(quota)d "
                        "refugees for %(name)s. Please confirm or comment before %(date)s on "
                        "the KKR portal."
                    )
                    % values,
                    body_id=kkr_of_region[distribution_agreement.region_id],
                )
            if recipients:
                sent += 1
    return sent
