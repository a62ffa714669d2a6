"""Agreements (aftaler): performance contracts, partnerships, framework and development
agreements and action plans that a body makes with organisations, other bodies and
municipalities, with goals, indicators and their measurements. Who may see and edit what is
decided in ``agreements/access.py``; the rules of their life in ``agreements/services.py``.

(Not to be confused with ``quotas.Agreement``, a region's distribution agreement on refugee
quotas.)
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.access import AgreementQuerySet, public_part_pks
from agreements.models_pdf import AgreementPdf  # noqa: F401
from agreements.models_versions import AgreementVersion  # noqa: F401
from core.models import TIMESTAMPS, Timestamped, set_null_touching

# Years an agreement, a target or a measurement can be about (as core.form_fields).
FIRST_YEAR, LAST_YEAR = 1900, 2199


class BuiltinKind(models.TextChoices):
    """The kinds every installation has; a secretariat may add others (``AgreementKind``
    rows without a code)."""

    PERFORMANCE_CONTRACT = "performance_contract", _("Performance contract")
    CONTRACT = "contract", _("Contract")
    PARTNERSHIP = "partnership", _("Partnership agreement")
    FRAMEWORK = "framework", _("Framework agreement")
    DEVELOPMENT = "development", _("Development agreement")
    ACTION_PLAN = "action_plan", _("Action plan")


class AgreementKind(models.Model):
    """A kind of agreement: one of the built-in kinds (``code`` set, its label translated) or
    one a secretariat added (``code`` empty, ``name`` as typed)."""

    Builtin = BuiltinKind

    code = models.CharField(
        _("code"),
        max_length=30,
        choices=BuiltinKind.choices,
        blank=True,
        help_text=_("Set for the built-in kinds, whose names follow the reader's language."),
    )
    name = models.CharField(
        _("name"), max_length=100, unique=True, help_text=_("The name of an added kind.")
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["code", "name"]
        verbose_name = _("kind of agreement")
        verbose_name_plural = _("kinds of agreement")
        constraints = [
            models.CheckConstraint(
                condition=Q(code="") | Q(code__in=BuiltinKind.values),
                name="agr_kind_code_valid",
            ),
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="agr_kind_code_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        return str(BuiltinKind(self.code).label) if self.code else self.name


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")
    REPLACED = "replaced", _("Replaced")


class Agreement(Timestamped):
    """An agreement made by (or recorded for) a body: its kind, parties, period, status, its
    place in an agreement complex (``parent``: national → regional → local), its goals and
    economy. A renewed agreement points to the one it renews (``predecessor``)."""

    Status = AgreementStatus

    kind = models.ForeignKey(
        AgreementKind,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("kind"),
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.ForeignKey(
        "councils.Body",
        on_delete=models.PROTECT,
        related_name="responsible_agreements",
        verbose_name=_("responsible body"),
        help_text=_("The body whose secretariat keeps the agreement."),
    )
    start = models.DateField(_("start of period"))
    end = models.DateField(
        _("end of period"),
        null=True,
        blank=True,
        help_text=_("Empty: until it is replaced."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    ended_on = models.DateField(
        _("terminated on"), null=True, blank=True, help_text=_("Set when it is terminated.")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent agreement"),
        help_text=_("The agreement this one is made within (national → regional → local)."),
    )
    predecessor = models.ForeignKey(
        "self",
        on_delete=set_null_touching,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("renews"),
        help_text=_("The agreement this one renews."),
    )
    is_internal = models.BooleanField(
        _("internal"),
        default=False,
        help_text=_("Only the responsible body's secretariat sees an internal agreement."),
    )
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic locking: a form carries the version it was loaded at (agreement_update).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = AgreementQuerySet.as_manager()  # type: ignore[misc]  # a TimestampedQuerySet, as the base declares
    history = HistoricalRecords(excluded_fields=TIMESTAMPS)

    class Meta:
        ordering = ["-start", "title", "pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AgreementStatus.values), name="agr_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="agr_period_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status=AgreementStatus.TERMINATED) | Q(ended_on__isnull=False),
                name="agr_terminated_has_date",
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="agr_not_own_parent"),
        ]
        indexes = [models.Index(fields=["body", "status"], name="agr_body_status_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:agreement_detail", kwargs={"pk": self.pk})

    def covers_year(self, year: int) -> bool:
        """Whether ``year`` lies within the period (an open end covers every later year)."""
        return self.start.year <= year and (self.end is None or year <= self.end.year)


class Party(models.Model):
    """A party to an agreement: exactly one of an organisation, a body or a municipality,
    with its role (e.g. "operatør", "bevillingsgiver")."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        "councils.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_parties",
        verbose_name=_("organisation"),
    )
    body = models.ForeignKey(
        "councils.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_parties",
        verbose_name=_("body"),
    )
    municipality = models.ForeignKey(
        "councils.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_parties",
        verbose_name=_("municipality"),
    )
    role = models.CharField(
        _("role"), max_length=200, blank=True, help_text=_("E.g. operator, grant giver.")
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    TOUCHES = ("agreement",)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "position", "pk"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(organisation__isnull=False, body__isnull=True, municipality__isnull=True)
                    | Q(organisation__isnull=True, body__isnull=False, municipality__isnull=True)
                    | Q(organisation__isnull=True, body__isnull=True, municipality__isnull=False)
                ),
                name="agr_party_exactly_one",
            )
        ]

    def __str__(self) -> str:
        return str(self.party)

    @property
    def party(self) -> models.Model:
        # A check constraint requires exactly one of the three, so this is never None.
        return self.organisation or self.body or self.municipality  # type: ignore[return-value]  # see above


class EconomyLine(models.Model):
    """Money that belongs to an agreement: an amount in a currency for a year, and where it
    comes from (e.g. "basisbevilling, national aftale")."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="economy_lines")
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="DKK")
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where the money comes from.")
    )

    TOUCHES = ("agreement",)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "year", "pk"]
        verbose_name = _("economy line")
        verbose_name_plural = _("economy lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="agr_economy_year_range",
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="agr_economy_currency_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


class Goal(models.Model):
    """A goal of an agreement, followed by its indicators."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    TOUCHES = ("agreement",)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "position", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.title


class Direction(models.TextChoices):
    AT_LEAST = "at_least", _("At least")
    AT_MOST = "at_most", _("At most")
    EXACTLY = "exactly", _("Exactly")


class Frequency(models.TextChoices):
    YEARLY = "yearly", _("Yearly")
    HALF_YEARLY = "half_yearly", _("Half-yearly")
    QUARTERLY = "quarterly", _("Quarterly")
    MONTHLY = "monthly", _("Monthly")


class Indicator(models.Model):
    """How a goal is measured: a name and unit, a baseline and a target (value and year), the
    direction the target is read in, how often it is measured and from where."""

    Direction = Direction
    Frequency = Frequency

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(
        _("unit"), max_length=60, blank=True, help_text=_("E.g. companies, per cent, DKK million.")
    )
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    direction = models.CharField(
        _("direction"),
        max_length=10,
        choices=Direction.choices,
        default=Direction.AT_LEAST,
        help_text=_("How the target is read: at least, at most or exactly the target value."),
    )
    frequency = models.CharField(
        _("frequency of measurement"),
        max_length=12,
        choices=Frequency.choices,
        default=Frequency.YEARLY,
    )
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where the figures come from.")
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    TOUCHES = ("goal.agreement",)
    history = HistoricalRecords()

    class Meta:
        ordering = ["goal", "position", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="agr_indicator_direction_valid"
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="agr_indicator_frequency_valid"
            ),
            # A target means nothing without its unit (issue 14, bad input).
            models.CheckConstraint(
                condition=Q(target_value__isnull=True) | ~Q(unit=""),
                name="agr_indicator_target_has_unit",
            ),
            models.CheckConstraint(
                condition=(
                    Q(baseline_year__isnull=True)
                    | Q(baseline_year__gte=FIRST_YEAR, baseline_year__lte=LAST_YEAR)
                )
                & (
                    Q(target_year__isnull=True)
                    | Q(target_year__gte=FIRST_YEAR, target_year__lte=LAST_YEAR)
                ),
                name="agr_indicator_years_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Measurement(models.Model):
    """A value of an indicator for a year (optionally on a date within it), who reported it
    and when."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    year = models.PositiveSmallIntegerField(_("year"))
    measured_on = models.DateField(
        _("date"), null=True, blank=True, help_text=_("Optional: the day the value is for.")
    )
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    note = models.TextField(_("note"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reported_at = models.DateTimeField(_("reported"))

    TOUCHES = ("indicator.goal.agreement",)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year", "measured_on", "reported_at", "pk"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="agr_measurement_year_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.value}"


class AgreementDocument(models.Model):
    """A file of an agreement (the signed PDF, annexes), checked as meeting attachments are.
    An internal document is seen only by the responsible body's secretariat."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="agreements/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    is_internal = models.BooleanField(
        _("internal"),
        default=False,
        help_text=_("Only the responsible body's secretariat sees an internal document."),
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    TOUCHES = ("agreement",)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "pk"]
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")

    def __str__(self) -> str:
        return self.title

    def touches_parent(self) -> bool:
        """Only a document the public may see moves its agreement's ``modified``."""
        return not self.is_internal


# --- Action plans: tracks, activities, milestones ---------------------------------------------


class Track(Timestamped):
    """An activity track (aktivitetsspor) of an agreement, usually an action plan: owned by
    a body or an organisation, followed by forums (bodies), made up of activities."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="tracks")
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner_body = models.ForeignKey(
        "councils.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_agreement_tracks",
        verbose_name=_("owner (body)"),
    )
    owner_organisation = models.ForeignKey(
        "councils.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_agreement_tracks",
        verbose_name=_("owner (organisation)"),
    )
    followed_by = models.ManyToManyField(
        "councils.Body",
        blank=True,
        related_name="followed_agreement_tracks",
        verbose_name=_("followed by"),
        help_text=_("The forums that follow the track."),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=TIMESTAMPS, m2m_fields=[followed_by])

    @classmethod
    def public_pks(cls, pks: Iterable[int]) -> set[int]:
        return public_part_pks(cls, pks)

    class Meta:
        ordering = ["agreement", "position", "pk"]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_body__isnull=True) | Q(owner_organisation__isnull=True),
                name="agr_track_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner(self) -> models.Model | None:
        return self.owner_body or self.owner_organisation


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Activity(models.Model):
    """An activity of a track: who is responsible (an organisation or a text), when, its
    status and its milestones."""

    Status = ActivityStatus

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    responsible_organisation = models.ForeignKey(
        "councils.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_activities",
        verbose_name=_("responsible organisation"),
    )
    responsible_text = models.CharField(
        _("responsible"),
        max_length=300,
        blank=True,
        help_text=_("E.g. a working group; or choose an organisation."),
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    TOUCHES = ("track",)
    history = HistoricalRecords()

    class Meta:
        ordering = ["track", "position", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActivityStatus.values), name="agr_activity_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="agr_activity_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def responsible(self) -> str:
        parts = [str(self.responsible_organisation or ""), self.responsible_text]
        return ", ".join(p for p in parts if p)


class Milestone(models.Model):
    """A milestone of an activity: due on a date, done on a date."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=300)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)

    TOUCHES = ("activity.track",)
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "due_on", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title

    @property
    def outside_activity(self) -> bool:
        """Due outside its activity's dates: allowed (plans slip), but the page says so."""
        activity = self.activity
        return bool(
            (activity.start and self.due_on < activity.start)
            or (activity.end and self.due_on > activity.end)
        )


class Evaluation(models.Model):
    """An evaluation of an agreement: due by a date (e.g. before the end of 2017), its
    conclusion and document once done."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="evaluations")
    title = models.CharField(_("title"), max_length=300)
    due_on = models.DateField(_("due by"))
    conclusion = models.TextField(_("conclusion"), blank=True)
    done_on = models.DateField(_("done"), null=True, blank=True)
    document = models.FileField(_("document"), upload_to="agreements/%Y/%m/", blank=True)
    document_content_type = models.CharField(max_length=100, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "due_on", "pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return self.title


# --- Meeting items linked to an agreement or a track ------------------------------------------


class AgreementItemLink(models.Model):
    """A meeting item where an agreement (or one of its tracks) was discussed or decided.
    The agreement page shows the item as the viewer may see it (``meetings.access``)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="item_links")
    track = models.ForeignKey(
        Track,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="item_links",
        verbose_name=_("track"),
    )
    item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.CASCADE,
        related_name="agreement_links",
        verbose_name=_("agenda item"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "pk"]
        verbose_name = _("linked meeting item")
        verbose_name_plural = _("linked meeting items")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "item"],
                condition=Q(track__isnull=True),
                name="agr_item_link_once",
            ),
            models.UniqueConstraint(
                fields=["agreement", "track", "item"],
                condition=Q(track__isnull=False),
                name="agr_item_track_link_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} ↔ {self.item_id}"


# --- Plan matrices (themes x levels x sections) -----------------------------------------------


class PlanMatrix(Timestamped):
    """A plan laid out as themes x levels (e.g. regional / municipal) x sections (e.g.
    current state, goal, activities), rich text in each cell, with footnotes."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="matrices")
    title = models.CharField(_("title"), max_length=300)
    introduction = models.TextField(_("introduction"), blank=True)

    history = HistoricalRecords(excluded_fields=TIMESTAMPS)

    @classmethod
    def public_pks(cls, pks: Iterable[int]) -> set[int]:
        return public_part_pks(cls, pks)

    class Meta:
        ordering = ["agreement", "pk"]
        verbose_name = _("plan matrix")
        verbose_name_plural = _("plan matrices")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "agreements:matrix_detail", kwargs={"pk": self.agreement_id, "matrix_id": self.pk}
        )


class MatrixLevel(models.Model):
    """A column of a matrix, e.g. "Regional nivå SKNO", "Kommunnivå"."""

    matrix = models.ForeignKey(PlanMatrix, on_delete=models.CASCADE, related_name="levels")
    position = models.PositiveIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=200)

    TOUCHES = ("matrix",)
    history = HistoricalRecords()

    class Meta:
        ordering = ["matrix", "position", "pk"]
        verbose_name = _("matrix level")
        verbose_name_plural = _("matrix levels")

    def __str__(self) -> str:
        return self.name


class MatrixSection(models.Model):
    """A row kind repeated under every theme, e.g. "Nuläge", "Mål", "Aktiviteter"."""

    matrix = models.ForeignKey(PlanMatrix, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=200)

    TOUCHES = ("matrix",)
    history = HistoricalRecords()

    class Meta:
        ordering = ["matrix", "position", "pk"]
        verbose_name = _("matrix section")
        verbose_name_plural = _("matrix sections")

    def __str__(self) -> str:
        return self.name


class MatrixTheme(models.Model):
    """A theme of a matrix, e.g. "Visioner och strategier"."""

    matrix = models.ForeignKey(PlanMatrix, on_delete=models.CASCADE, related_name="themes")
    position = models.PositiveIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=300)

    TOUCHES = ("matrix",)
    history = HistoricalRecords()

    class Meta:
        ordering = ["matrix", "position", "pk"]
        verbose_name = _("matrix theme")
        verbose_name_plural = _("matrix themes")

    def __str__(self) -> str:
        return self.name


class MatrixCell(models.Model):
    """The text of one theme x level x section (sanitised rich text), edited one at a time
    with conflict detection."""

    theme = models.ForeignKey(MatrixTheme, on_delete=models.CASCADE, related_name="cells")
    level = models.ForeignKey(MatrixLevel, on_delete=models.CASCADE, related_name="cells")
    section = models.ForeignKey(MatrixSection, on_delete=models.CASCADE, related_name="cells")
    text = models.TextField(_("text"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    TOUCHES = ("theme.matrix",)
    history = HistoricalRecords()

    class Meta:
        ordering = ["theme", "section", "level", "pk"]
        verbose_name = _("matrix cell")
        verbose_name_plural = _("matrix cells")
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "level", "section"], name="agr_matrix_cell_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.theme} / {self.section} / {self.level}"


class MatrixFootnote(models.Model):
    """A numbered footnote of a matrix (cells refer to it with a superscript number)."""

    matrix = models.ForeignKey(PlanMatrix, on_delete=models.CASCADE, related_name="footnotes")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))

    TOUCHES = ("matrix",)
    history = HistoricalRecords()

    class Meta:
        ordering = ["matrix", "number", "pk"]
        verbose_name = _("footnote")
        verbose_name_plural = _("footnotes")
        constraints = [
            models.UniqueConstraint(fields=["matrix", "number"], name="agr_footnote_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


# --- Follow-up rounds through requests for input ----------------------------------------------


class FollowUpRoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class FollowUpRound(models.Model):
    """A round in which the agreement's counterparts report the indicators' values and a
    narrative per goal for a period (e.g. "2023", "1. halvår 2024"), through a request for
    input (``consultations``) to the municipality parties; the secretariat enters an
    organisation party's figures itself. Accepted figures become measurements."""

    Status = FollowUpRoundStatus

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="follow_up_rounds"
    )
    request = models.OneToOneField(
        "consultations.RequestForInput",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_up_round",
        verbose_name=_("request for input"),
        help_text=_("None when no municipality is a party: the secretariat enters the figures."),
    )
    period_label = models.CharField(
        _("period"), max_length=100, help_text=_("E.g. 2023 or 1. halvår 2024.")
    )
    year = models.PositiveSmallIntegerField(
        _("measurement year"), help_text=_("The year the reported values are for.")
    )
    measured_on = models.DateField(
        _("measurement date"),
        null=True,
        blank=True,
        help_text=_("Optional: the day the values are for (e.g. 30 June for a half-year)."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=FollowUpRoundStatus.choices,
        default=FollowUpRoundStatus.OPEN,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "-year", "-pk"]
        verbose_name = _("follow-up round")
        verbose_name_plural = _("follow-up rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=FollowUpRoundStatus.values),
                name="agr_round_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="agr_round_year_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.period_label

    def get_absolute_url(self) -> str:
        return reverse(
            "agreements:follow_up_round", kwargs={"pk": self.agreement_id, "round_id": self.pk}
        )


class FollowUpQuestion(models.Model):
    """Which question of a round's request asks for which indicator's value (a number
    question) or which goal's status and narrative (a long-text question)."""

    round = models.ForeignKey(FollowUpRound, on_delete=models.CASCADE, related_name="questions")
    question = models.OneToOneField(
        "consultations.Question", on_delete=models.CASCADE, related_name="follow_up"
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["round", "question__position", "pk"]
        verbose_name = _("follow-up question")
        verbose_name_plural = _("follow-up questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(indicator__isnull=False, goal__isnull=True)
                | Q(indicator__isnull=True, goal__isnull=False),
                name="agr_round_question_one_target",
            )
        ]

    def __str__(self) -> str:
        return str(self.question_id)


class FollowUpFigure(models.Model):
    """An accepted figure of a round: an indicator's value from one counterpart (a
    municipality's submitted answer, or entered by the secretariat for an organisation),
    and the measurement it became. Unique per round, indicator and counterpart, so accepting
    twice records nothing twice."""

    round = models.ForeignKey(FollowUpRound, on_delete=models.CASCADE, related_name="figures")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(
        "councils.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "councils.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    measurement = models.OneToOneField(
        Measurement, on_delete=models.CASCADE, related_name="follow_up_figure"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    accepted_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "indicator", "pk"]
        verbose_name = _("accepted figure")
        verbose_name_plural = _("accepted figures")
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=False, organisation__isnull=True)
                | Q(municipality__isnull=True, organisation__isnull=False),
                name="agr_figure_one_counterpart",
            ),
            models.UniqueConstraint(
                fields=["round", "indicator", "municipality"],
                condition=Q(municipality__isnull=False),
                name="agr_figure_once_per_municipality",
            ),
            models.UniqueConstraint(
                fields=["round", "indicator", "organisation"],
                condition=Q(organisation__isnull=False),
                name="agr_figure_once_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} / {self.indicator_id}"


class FollowUpNarrative(models.Model):
    """A counterpart's status and narrative for a goal in a round, stored when accepted and
    shown under the goal on the agreement page (the latest round's)."""

    round = models.ForeignKey(FollowUpRound, on_delete=models.CASCADE, related_name="narratives")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="follow_up_narratives")
    municipality = models.ForeignKey(
        "councils.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "councils.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("status and narrative"))
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    accepted_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["goal", "-round__year", "-round_id", "pk"]
        verbose_name = _("status and narrative")
        verbose_name_plural = _("statuses and narratives")
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=False, organisation__isnull=True)
                | Q(municipality__isnull=True, organisation__isnull=False),
                name="agr_narrative_one_counterpart",
            ),
            models.UniqueConstraint(
                fields=["round", "goal", "municipality"],
                condition=Q(municipality__isnull=False),
                name="agr_narrative_once_per_municipality",
            ),
            models.UniqueConstraint(
                fields=["round", "goal", "organisation"],
                condition=Q(organisation__isnull=False),
                name="agr_narrative_once_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} / {self.goal_id}"
