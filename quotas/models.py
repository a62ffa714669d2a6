"""Quota years: the national figure and its versions, the model's input data, regional and
municipal quotas (each saying how it was set), distribution agreements and placements."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TIMESTAMPS, Timestamped


class QuotaYear(Timestamped):
    ALL_PUBLIC = True  # the quotas are public

    year = models.PositiveIntegerField(_("year"), unique=True)
    country = models.CharField(_("country"), max_length=2, default="DK")
    is_example = models.BooleanField(
        _("example"), default=False, help_text=_("Invented figures, for demonstration only.")
    )
    notes = models.TextField(_("notes"), blank=True)

    API_KEY = "year"
    history = HistoricalRecords(excluded_fields=TIMESTAMPS)
    # Set by quotas.selectors.quota_year_list: the newest national figure.
    latest_figure: NationalFigure | None

    class Meta:
        ordering = ["-year"]
        verbose_name = _("quota year")
        verbose_name_plural = _("quota years")

    def __str__(self) -> str:
        return str(self.year)

    def get_absolute_url(self) -> str:
        return reverse("quotas:year_detail", kwargs={"year": self.year})


class NationalFigure(Timestamped):
    """One version of the year's national figure (landstal); versions are never overwritten."""

    ALL_PUBLIC = True  # the quotas are public

    class Method(models.TextChoices):
        MODEL = "model", _("Computed by the model")
        PROPORTIONAL = "proportional", _("Changed in proportion")
        RECOMPUTED = "recomputed", _("Computed anew")
        MANUAL = "manual", _("Entered by hand")

    quota_year = models.ForeignKey(
        QuotaYear, on_delete=models.CASCADE, related_name="figures", verbose_name=_("quota year")
    )
    version = models.PositiveIntegerField(_("version"))
    figure = models.PositiveIntegerField(_("national figure"))
    announced_on = models.DateField(_("announced on"))
    reason = models.TextField(_("reason"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    method = models.CharField(_("how the quotas were set"), max_length=20, choices=Method.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    TOUCHES = ("quota_year",)

    class Meta:
        ordering = ["quota_year", "version"]
        verbose_name = _("national figure")
        verbose_name_plural = _("national figures")
        constraints = [
            models.UniqueConstraint(
                fields=["quota_year", "version"], name="national_figure_one_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.quota_year.year} v{self.version}: {self.figure}"


class ModelInput(models.Model):
    """The Immigration Service's input figures for one municipality in one year."""

    quota_year = models.ForeignKey(QuotaYear, on_delete=models.CASCADE, related_name="inputs")
    municipality = models.ForeignKey("councils.Municipality", on_delete=models.PROTECT)
    population = models.PositiveIntegerField(_("population"))
    immigrants_and_refugees = models.PositiveIntegerField(_("immigrants and refugees"))
    family_reunified = models.PositiveIntegerField(_("family-reunified persons"))

    class Meta:
        verbose_name = _("model input")
        verbose_name_plural = _("model input")
        constraints = [
            models.UniqueConstraint(
                fields=["quota_year", "municipality"], name="model_input_one_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.quota_year_id}: {self.municipality_id}"


class SetBy(models.TextChoices):
    MODEL = "model", _("By the model")
    DISTRIBUTION_AGREEMENT = "agreement", _("By agreement")
    MANUAL = "manual", _("Entered by hand")
    PROPORTIONAL = "proportional", _("Changed in proportion")


class RegionalQuota(Timestamped):
    ALL_PUBLIC = True  # the quotas are public

    national_figure = models.ForeignKey(
        NationalFigure, on_delete=models.CASCADE, related_name="regional_quotas"
    )
    region = models.ForeignKey("councils.Region", on_delete=models.PROTECT)
    quota = models.PositiveIntegerField(_("quota"))
    exact = models.CharField(_("exact value"), max_length=60, blank=True)
    set_by = models.CharField(_("set by"), max_length=20, choices=SetBy.choices)

    class Meta:
        ordering = ["region__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["national_figure", "region"], name="regional_quota_one_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_id}: {self.quota}"


class MunicipalQuota(Timestamped):
    ALL_PUBLIC = True  # the quotas are public

    national_figure = models.ForeignKey(
        NationalFigure, on_delete=models.CASCADE, related_name="municipal_quotas"
    )
    municipality = models.ForeignKey("councils.Municipality", on_delete=models.PROTECT)
    quota = models.PositiveIntegerField(_("quota"))
    exact = models.CharField(_("exact value"), max_length=60, blank=True)
    set_by = models.CharField(_("set by"), max_length=20, choices=SetBy.choices)

    history = HistoricalRecords(excluded_fields=TIMESTAMPS)

    class Meta:
        ordering = ["municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["national_figure", "municipality"],
                name="municipal_quota_one_per_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.quota}"


class DistributionAgreement(models.Model):
    """A distribution agreement (fordelingsaftale) among a region's municipalities."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONSULTATION = "consultation", _("Sent to the municipalities")
        FINALISED = "finalised", _("Finalised")
        LAPSED = "lapsed", _("Lapsed (the national figure changed)")

    quota_year = models.ForeignKey(
        QuotaYear, on_delete=models.CASCADE, related_name="distribution_agreements"
    )
    region = models.ForeignKey("councils.Region", on_delete=models.PROTECT)
    national_figure = models.ForeignKey(
        NationalFigure,
        on_delete=models.PROTECT,
        related_name="distribution_agreements",
        help_text=_("The version of the national figure the agreement distributes."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    deadline = models.DateField(_("deadline for the municipalities"))
    has_change_clause = models.BooleanField(
        _("has a change clause"),
        default=False,
        help_text=_(
            "Since September 2020 an agreement without one lapses when the figure changes."
        ),
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("distribution agreement")
        verbose_name_plural = _("distribution agreements")
        constraints = [
            models.UniqueConstraint(
                fields=["quota_year", "region"],
                name="distribution_agreement_one_per_region_and_year",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "consultation", "finalised", "lapsed"]),
                name="distribution_agreement_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.quota_year.year}"


class DistributionAgreementLine(models.Model):
    """One municipality's number in an agreement, and its answer."""

    class Answer(models.TextChoices):
        PENDING = "pending", _("Not answered")
        CONFIRMED = "confirmed", _("Confirmed")
        COMMENTED = "commented", _("Commented")

    distribution_agreement = models.ForeignKey(
        DistributionAgreement, on_delete=models.CASCADE, related_name="lines"
    )
    municipality = models.ForeignKey("councils.Municipality", on_delete=models.PROTECT)
    model_quota = models.PositiveIntegerField(_("by the model"))
    reminded_at = models.DateTimeField(null=True, blank=True)
    quota = models.PositiveIntegerField(_("agreed quota"))
    answer = models.CharField(
        _("answer"), max_length=20, choices=Answer.choices, default=Answer.PENDING
    )
    comment = models.TextField(_("comment"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["distribution_agreement", "municipality"],
                name="distribution_agreement_line_one_per_municipality",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.quota}"


class DistributionAgreementDocument(models.Model):
    distribution_agreement = models.ForeignKey(
        DistributionAgreement, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="quotas/agreements/%Y/")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.title


class Placement(models.Model):
    """Refugees placed in a municipality (boligplacering), recorded by the secretariat."""

    quota_year = models.ForeignKey(QuotaYear, on_delete=models.CASCADE, related_name="placements")
    municipality = models.ForeignKey("councils.Municipality", on_delete=models.PROTECT)
    placed_on = models.DateField(_("date"))
    count = models.PositiveIntegerField(_("number of persons"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-placed_on"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.CheckConstraint(condition=Q(count__gt=0), name="placement_count_positive")
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.placed_on}: {self.count}"
