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
    Agreement,
    AgreementDocument,
    AgreementLine,
    MunicipalQuota,
    QuotaYear,
    SetBy,
)
from quotas.services.common import _check_integers, _history_user


@transaction.atomic
def agreement_draft(
    *,
    actor: User | None,
    quota_year: QuotaYear,
    region: Region,
    deadline: dt.date,
    has_change_clause: bool = False,
) -> Agreement:
    """Start an agreement for a region from the current version's municipal quotas."""
    current = quota_year.figures.order_by("-version").first()
    if current is None:
        raise ValidationError(_("There is no national figure to distribute yet."))
    if Agreement.objects.filter(quota_year=quota_year, region=region).exists():
        raise ValidationError(_("An agreement for this region and year already exists."))
    agreement = Agreement(
        quota_year=quota_year,
        region=region,
        national_figure=current,
        deadline=deadline,
        has_change_clause=has_change_clause,
    )
    save_as(agreement, actor=actor)
    quotas = {
        q.municipality_id: q.quota
        for q in current.municipal_quotas.filter(municipality__region=region)
    }
    bulk_create_with_history(
        [
            AgreementLine(
                agreement=agreement,
                municipality=m,
                model_quota=quotas.get(m.pk, 0),
                quota=quotas.get(m.pk, 0),
            )
            for m in Municipality.objects.filter(region=region)
        ],
        AgreementLine,
        default_user=_history_user(actor),
    )
    return agreement


def _regional_quota(agreement: Agreement) -> int:
    return agreement.national_figure.regional_quotas.get(region=agreement.region).quota


@transaction.atomic
def agreement_lines_set(
    *, actor: User | None, agreement_id: int, expected_version: int, quotas: Mapping[int, int]
) -> Agreement:
    """Change the numbers of a draft or circulating agreement (municipality id -> quota).

    Changing a number resets that municipality's answer: it must confirm the new number.
    """
    agreement = Agreement.objects.select_for_update().get(pk=agreement_id)
    if agreement.status not in (Agreement.Status.DRAFT, Agreement.Status.CONSULTATION):
        raise ValidationError(_("A finalised agreement cannot be changed."))
    if agreement.version != expected_version:
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
    for line in agreement.lines.select_for_update():
        new = quotas.get(line.municipality_id, line.quota)
        if new != line.quota:
            line.quota = new
            line.answer = AgreementLine.Answer.PENDING
            line.answered_at = None
            save_as(line, actor=actor, update_fields=["quota", "answer", "answered_at"])
    agreement.version += 1
    save_as(agreement, actor=actor, update_fields=["version"])
    return agreement


@transaction.atomic
def agreement_send(*, actor: User | None, agreement: Agreement) -> Agreement:
    """Open the agreement to the municipalities' contact persons until the deadline."""
    if agreement.status != Agreement.Status.DRAFT:
        raise ValidationError(_("Only a draft can be sent to the municipalities."))
    agreement.status = Agreement.Status.CONSULTATION
    save_as(agreement, actor=actor, update_fields=["status"])
    return agreement


@transaction.atomic
def agreement_answer(
    *,
    actor: User | None,
    line_id: int,
    confirm: bool,
    comment: str = "",
    today: dt.date | None = None,
) -> AgreementLine:
    """A municipality's contact person confirms its number or comments on it."""
    line = AgreementLine.objects.select_for_update().select_related("agreement").get(pk=line_id)
    agreement = line.agreement
    if agreement.status != Agreement.Status.CONSULTATION:
        raise ValidationError(_("The agreement is not open for answers."))
    if (today or timezone.localdate()) > agreement.deadline:
        raise ValidationError(
            _("The deadline (%(date)s) has passed; contact the secretariat.")
            % {"date": agreement.deadline.strftime("%d-%m-%Y")}
        )
    if not confirm and not comment.strip():
        raise ValidationError({"comment": _("Write a comment, or confirm the number.")})
    line.answer = AgreementLine.Answer.CONFIRMED if confirm else AgreementLine.Answer.COMMENTED
    line.comment = comment.strip()
    line.answered_at = timezone.now()
    line.answered_by = actor
    save_as(line, actor=actor, update_fields=["answer", "comment", "answered_at", "answered_by"])
    return line


@transaction.atomic
def agreement_finalise(
    *,
    actor: User | None,
    agreement_id: int,
    documents: list[tuple[str, UploadedFile]] | None = None,
) -> Agreement:
    """Make the agreed numbers the region's municipal quotas.

    Rules: every municipality of the region is listed; the numbers add up exactly to the
    regional quota (the message says by how much they differ); every municipality has
    confirmed. The agreement keeps its documents.
    """
    agreement = Agreement.objects.select_for_update().get(pk=agreement_id)
    if agreement.status != Agreement.Status.CONSULTATION:
        raise ValidationError(_("Only an agreement sent to the municipalities can be finalised."))
    lines = list(agreement.lines.select_related("municipality"))
    errors = []
    listed = {line.municipality_id for line in lines}
    missing = Municipality.objects.filter(region=agreement.region).exclude(pk__in=listed)
    for municipality in missing:
        errors.append(_("%(name)s is not in the agreement.") % {"name": municipality.name})
    total, regional = sum(line.quota for line in lines), _regional_quota(agreement)
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
        line.municipality.name for line in lines if line.answer != AgreementLine.Answer.CONFIRMED
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
            national_figure=agreement.national_figure,
            municipality=line.municipality,
            defaults={"quota": line.quota, "exact": "", "set_by": SetBy.AGREEMENT},
        )
    for title, upload in documents or []:
        AgreementDocument.objects.create(agreement=agreement, title=title, file=upload)
    agreement.status = Agreement.Status.FINALISED
    agreement.finalised_at = timezone.now()
    save_as(agreement, actor=actor, update_fields=["status", "finalised_at"])
    return agreement


REMIND_DAYS_BEFORE = 3


def agreement_reminders_send(*, today: dt.date | None = None) -> int:
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
    lines = AgreementLine.objects.filter(
        agreement__status=Agreement.Status.CONSULTATION,
        agreement__deadline__gte=today,
        agreement__deadline__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE),
        answer=AgreementLine.Answer.PENDING,
        reminded_at__isnull=True,
    ).select_related("agreement__region", "agreement__quota_year", "municipality")
    kkr_of_region: dict[int, int | None] = {}
    sent = 0
    for line in lines:
        agreement = line.agreement
        if agreement.region_id not in kkr_of_region:
            kkr_of_region[agreement.region_id] = (
                Body.objects.filter(kind=Body.Kind.KKR, region_id=agreement.region_id)
                .order_by("pk")
                .values_list("pk", flat=True)
                .first()
            )
        with transaction.atomic():
            claimed = AgreementLine.objects.filter(pk=line.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            )
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
                "region": agreement.region.name,
                "year": agreement.quota_year.year,
                "quota": line.quota,
                "name": line.municipality.name,
                "date": agreement.deadline.strftime("%d-%m-%Y"),
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
                    body_id=kkr_of_region[agreement.region_id],
                )
            if recipients:
                sent += 1
    return sent
