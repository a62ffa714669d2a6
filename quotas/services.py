"""Writes for refugee quotas. Each service runs in a transaction and takes ``actor``.

Rules enforced here (docs/quota-model.md): input files are all-or-nothing; every version of
the national figure is kept; revisions follow the regime in force on the revision's date;
an agreement lists every municipality of its region and adds up to the regional quota.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.history import save_as
from core.uploads import PDF, UploadRefused, upload_check
from councils.models import Municipality, Region
from quotas import model
from quotas.inputs import InputFileError, parse_input_csv
from quotas.models import (
    Agreement,
    AgreementDocument,
    AgreementLine,
    ModelInput,
    MunicipalQuota,
    NationalFigure,
    Placement,
    QuotaYear,
    RegionalQuota,
    SetBy,
)

# The largest number a quota, figure or count can hold (PostgreSQL ``integer``); the forms
# refuse larger ones first, the services again for callers without a form.
MAX_INTEGER = 2_147_483_647


def _check_integers(**values: int) -> None:
    """Refuse negative numbers and numbers the database cannot store, naming the field."""
    for name, value in values.items():
        if not 0 <= value <= MAX_INTEGER:
            raise ValidationError(
                {
                    name: _("%(value)s is not a number from 0 to %(max)s.")
                    % {"value": value, "max": MAX_INTEGER}
                }
            )


# The dates on which new rules for revisions took effect (docs/quota-model.md).
REGIME_2018 = dt.date(2018, 4, 1)
REGIME_2020 = dt.date(2020, 9, 3)


@transaction.atomic
def quota_year_create(
    *, actor: Any, year: int, country: str = "DK", is_example: bool = False, notes: str = ""
) -> QuotaYear:
    if QuotaYear.objects.filter(year=year).exists():
        raise ValidationError(
            {"year": _("The quota year %(year)s already exists.") % {"year": year}}
        )
    quota_year = QuotaYear(year=year, country=country, is_example=is_example, notes=notes)
    save_as(quota_year, actor=actor)
    return quota_year


@transaction.atomic
def model_input_import(*, actor: Any, quota_year: QuotaYear, raw: bytes) -> int:
    """Replace the year's input data with the file's, or refuse the whole file.

    Beyond the file's own checks: every code must be a municipality of the year's country,
    in the region the file says, and every such municipality must be in the file.
    """
    rows = parse_input_csv(raw)  # raises InputFileError
    known = {
        m.code: m
        for m in Municipality.objects.filter(region__country=quota_year.country).select_related(
            "region"
        )
    }
    errors = []
    for line, row in enumerate(rows, start=2):
        municipality = known.get(row.code)
        if municipality is None:
            errors.append(
                _("Line %(line)d: no municipality has the code %(code)s.")
                % {"line": line, "code": row.code}
            )
        elif municipality.region.code != row.region:
            errors.append(
                _("Line %(line)d: %(name)s is in region %(right)s, not %(wrong)s.")
                % {
                    "line": line,
                    "name": municipality.name,
                    "right": municipality.region.code,
                    "wrong": row.region,
                }
            )
    present = {row.code for row in rows}
    for code, municipality in sorted(known.items(), key=lambda item: model.code_key(item[0])):
        if code not in present:
            errors.append(
                _("%(name)s (%(code)s) is missing from the file.")
                % {"name": municipality.name, "code": code}
            )
    if errors:
        raise InputFileError(errors)
    ModelInput.objects.filter(quota_year=quota_year).delete()
    ModelInput.objects.bulk_create(
        ModelInput(
            quota_year=quota_year,
            municipality=known[row.code],
            population=row.population,
            immigrants_and_refugees=row.immigrants_and_refugees,
            family_reunified=row.family_reunified,
        )
        for row in rows
    )
    return len(rows)


def _model_inputs(quota_year: QuotaYear) -> list[model.MunicipalityInput]:
    inputs = [
        model.MunicipalityInput(
            code=i.municipality.code,
            region=i.municipality.region.code,
            population=i.population,
            immigrants_and_refugees=i.immigrants_and_refugees,
            family_reunified=i.family_reunified,
        )
        for i in ModelInput.objects.filter(quota_year=quota_year).select_related(
            "municipality__region"
        )
    ]
    if not inputs:
        raise ValidationError(
            _(
                "Import the input data (population, immigrants and refugees, family-reunified "
                "persons) before computing."
            )
        )
    return inputs


def quota_year_compute(*, quota_year: QuotaYear, national_figure: int) -> model.ModelResult:
    """The model's result for the year's input data; nothing is saved (used by pages)."""
    try:
        return model.compute(_model_inputs(quota_year), national_figure=national_figure)
    except model.ModelError as error:
        raise ValidationError(str(error)) from error


def _next_version(quota_year: QuotaYear) -> int:
    latest = quota_year.figures.order_by("-version").first()
    return 1 if latest is None else latest.version + 1


def _history_user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _save_result(
    figure: NationalFigure,
    result: model.ModelResult,
    *,
    set_by: str = SetBy.MODEL,
    actor: Any = None,
) -> None:
    regions = {r.code: r for r in Region.objects.filter(code__in=result.regions)}
    municipalities = {
        m.code: m for m in Municipality.objects.filter(code__in=result.municipalities)
    }
    RegionalQuota.objects.bulk_create(
        RegionalQuota(
            national_figure=figure,
            region=regions[code],
            quota=r.quota,
            exact=str(r.exact),
            set_by=set_by,
        )
        for code, r in result.regions.items()
    )
    # With history rows (who set each municipal quota, and when): the quota history shows
    # them.
    bulk_create_with_history(
        [
            MunicipalQuota(
                national_figure=figure,
                municipality=municipalities[code],
                quota=m.quota,
                exact=str(m.exact),
                set_by=set_by,
            )
            for code, m in result.municipalities.items()
        ],
        MunicipalQuota,
        default_user=_history_user(actor),
    )


@transaction.atomic
def national_figure_announce(
    *,
    actor: Any,
    quota_year: QuotaYear,
    figure: int,
    announced_on: dt.date,
    reason: str = "",
    legal_basis: str = "",
) -> NationalFigure:
    """Record the first national figure and compute regional and municipal quotas by the model."""
    _check_integers(figure=figure)
    if quota_year.figures.exists():
        raise ValidationError(
            _("The year already has a national figure; record a revision instead.")
        )
    result = quota_year_compute(quota_year=quota_year, national_figure=figure)
    version = NationalFigure.objects.create(
        quota_year=quota_year,
        version=1,
        figure=figure,
        announced_on=announced_on,
        reason=reason,
        legal_basis=legal_basis,
        method=NationalFigure.Method.MODEL,
    )
    _save_result(version, result, actor=actor)
    return version


@transaction.atomic
def quotas_enter(
    *,
    actor: Any,
    quota_year: QuotaYear,
    figure: int,
    announced_on: dt.date,
    regional: Mapping[str, int],
    municipal: Mapping[str, int],
    reason: str = "",
    legal_basis: str = "",
) -> NationalFigure:
    """Record quotas decided elsewhere (a published table, or by an authority as in Sweden
    and Norway). Rule: regions add up to the figure and each region's municipalities to it."""
    _check_integers(figure=figure)
    for quota in (*regional.values(), *municipal.values()):
        _check_integers(quota=quota)
    regions = {r.code: r for r in Region.objects.filter(code__in=regional)}
    municipalities = {
        m.code: m for m in Municipality.objects.filter(code__in=municipal).select_related("region")
    }
    unknown = sorted((set(regional) - set(regions)) | (set(municipal) - set(municipalities)))
    if unknown:
        raise ValidationError(_("Unknown codes: %(codes)s.") % {"codes": ", ".join(unknown)})
    if sum(regional.values()) != figure:
        raise ValidationError(
            _("The regional quotas add up to %(sum)d, not to the national figure %(figure)d.")
            % {"sum": sum(regional.values()), "figure": figure}
        )
    for code, quota in regional.items():
        total = sum(q for c, q in municipal.items() if municipalities[c].region.code == code)
        if total != quota:
            raise ValidationError(
                _("The municipalities of %(region)s add up to %(sum)d, not %(quota)d.")
                % {"region": regions[code].name, "sum": total, "quota": quota}
            )
    version = NationalFigure.objects.create(
        quota_year=quota_year,
        version=_next_version(quota_year),
        figure=figure,
        announced_on=announced_on,
        reason=reason,
        legal_basis=legal_basis,
        method=NationalFigure.Method.MANUAL,
    )
    RegionalQuota.objects.bulk_create(
        RegionalQuota(national_figure=version, region=regions[c], quota=q, set_by=SetBy.MANUAL)
        for c, q in regional.items()
    )
    bulk_create_with_history(
        [
            MunicipalQuota(
                national_figure=version,
                municipality=municipalities[c],
                quota=q,
                set_by=SetBy.MANUAL,
            )
            for c, q in municipal.items()
        ],
        MunicipalQuota,
        default_user=_history_user(actor),
    )
    return version


def revision_method(*, old_figure: int, new_figure: int, on: dt.date) -> str:
    """Which rule applies to a change of the national figure on a date.

    Until March 2018: in proportion within ±50 %, computed anew beyond. April 2018 to
    2 September 2020: always in proportion. From 3 September 2020: a reduction in
    proportion, an increase computed anew with the first announcement's input data.
    """
    if on < REGIME_2018:
        change = abs(Fraction(new_figure - old_figure, old_figure))
        if change > Fraction(1, 2):
            return NationalFigure.Method.RECOMPUTED
        return NationalFigure.Method.PROPORTIONAL
    if on < REGIME_2020:
        return NationalFigure.Method.PROPORTIONAL
    if new_figure > old_figure:
        return NationalFigure.Method.RECOMPUTED
    return NationalFigure.Method.PROPORTIONAL


@transaction.atomic
def national_figure_revise(
    *,
    actor: Any,
    quota_year: QuotaYear,
    figure: int,
    announced_on: dt.date,
    reason: str,
    legal_basis: str = "",
) -> NationalFigure:
    """Record a new version of the national figure and its quotas; earlier versions stay."""
    _check_integers(figure=figure)
    current = quota_year.figures.order_by("-version").first()
    if current is None:
        raise ValidationError(_("Announce the first national figure before revising it."))
    if figure == current.figure:
        raise ValidationError(_("The new figure is the same as the current one."))
    if announced_on < current.announced_on:
        raise ValidationError(
            _("A revision cannot be dated before the version it changes (%(date)s).")
            % {"date": current.announced_on.isoformat()}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the figure changes.")})
    method = revision_method(old_figure=current.figure, new_figure=figure, on=announced_on)
    version = NationalFigure.objects.create(
        quota_year=quota_year,
        version=current.version + 1,
        figure=figure,
        announced_on=announced_on,
        reason=reason,
        legal_basis=legal_basis,
        method=method,
    )
    if method == NationalFigure.Method.RECOMPUTED:
        _save_result(
            version,
            quota_year_compute(quota_year=quota_year, national_figure=figure),
            actor=actor,
        )
        if announced_on >= REGIME_2020:
            quota_year.agreements.filter(
                status=Agreement.Status.FINALISED, has_change_clause=False
            ).update(status=Agreement.Status.LAPSED)
        return version

    old_municipal = {
        q.municipality.code: (q.municipality.region.code, q.quota)
        for q in current.municipal_quotas.select_related("municipality__region")
    }
    populations = dict(
        ModelInput.objects.filter(quota_year=quota_year).values_list(
            "municipality__code", "population"
        )
    )
    try:
        revision = model.revise_proportionally(
            regional_quotas={
                q.region.code: q.quota for q in current.regional_quotas.select_related("region")
            },
            municipal_quotas=old_municipal,
            old_figure=current.figure,
            new_figure=figure,
            populations=populations,
        )
    except model.ModelError as error:
        raise ValidationError(str(error)) from error
    regions = {r.code: r for r in Region.objects.filter(code__in=revision.regions)}
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=old_municipal)}
    RegionalQuota.objects.bulk_create(
        RegionalQuota(
            national_figure=version,
            region=regions[c],
            quota=q,
            exact=str(e),
            set_by=SetBy.PROPORTIONAL,
        )
        for c, (e, q) in revision.regions.items()
    )
    bulk_create_with_history(
        [
            MunicipalQuota(
                national_figure=version,
                municipality=municipalities[c],
                quota=q,
                exact=str(e),
                set_by=SetBy.PROPORTIONAL,
            )
            for c, (e, q) in revision.municipalities.items()
        ],
        MunicipalQuota,
        default_user=_history_user(actor),
    )
    return version


# --- Distribution agreements -----------------------------------------------------------


@transaction.atomic
def agreement_draft(
    *,
    actor: Any,
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
    *, actor: Any, agreement_id: int, expected_version: int, quotas: Mapping[int, int]
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
def agreement_send(*, actor: Any, agreement: Agreement) -> Agreement:
    """Open the agreement to the municipalities' contact persons until the deadline."""
    if agreement.status != Agreement.Status.DRAFT:
        raise ValidationError(_("Only a draft can be sent to the municipalities."))
    agreement.status = Agreement.Status.CONSULTATION
    save_as(agreement, actor=actor, update_fields=["status"])
    return agreement


@transaction.atomic
def agreement_answer(
    *, actor: Any, line_id: int, confirm: bool, comment: str = "", today: dt.date | None = None
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
    *, actor: Any, agreement_id: int, documents: list[tuple[str, UploadedFile]] | None = None
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


@transaction.atomic
def placement_record(
    *,
    actor: Any,
    quota_year: QuotaYear,
    municipality: Municipality,
    placed_on: dt.date,
    count: int,
    note: str = "",
) -> Placement:
    """Record refugees placed in a municipality. Placements may exceed the quota."""
    if count <= 0:
        raise ValidationError({"count": _("The number of persons must be at least 1.")})
    _check_integers(count=count)
    if placed_on.year != quota_year.year:
        raise ValidationError(
            {
                "placed_on": _("The date must be in the quota year %(year)s.")
                % {"year": quota_year.year}
            }
        )
    placement = Placement(
        quota_year=quota_year,
        municipality=municipality,
        placed_on=placed_on,
        count=count,
        note=note,
    )
    save_as(placement, actor=actor)
    return placement


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
