"""Base records: regions, municipalities, organisations, bodies, persons and memberships."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.collation import COLLATION_NAME
from core.models import TIMESTAMPS, Timestamped, TimestampedQuerySet, set_null_touching
from core.slugs import readable_slug


class Region(Timestamped):
    """A region, e.g. Region Midtjylland (DK) or Skåne (SE). KKR are organised per region."""

    ALL_PUBLIC = True  # the composition is public

    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=100, db_collation=COLLATION_NAME)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    country = models.CharField(_("country"), max_length=2, default="DK")

    API_KEY = "code"
    history = HistoricalRecords(excluded_fields=TIMESTAMPS)

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Municipality(Timestamped):
    """A municipality with its official code (Danish kommunekode, Swedish kommunkod)."""

    ALL_PUBLIC = True  # the composition is public

    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=100, db_collation=COLLATION_NAME)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )

    API_KEY = "code"
    history = HistoricalRecords(excluded_fields=TIMESTAMPS)

    class Meta:
        # By name in Danish order (the column's collation: Ærø, then Aabenraa and Aarhus,
        # come after Vordingborg); the code only breaks ties between countries.
        ordering = ["name", "code"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def slug_for(cls, *, name: str, code: str, country: str) -> str:
        """The slug for a municipality's pages: its name with Danish letters readable
        (``koebenhavn``, ``aeroe``), like person slugs. Only when another municipality
        already has that slug is the code added (``...-101``)."""
        slug = readable_slug(name, country=country) or readable_slug(code)
        if cls.objects.filter(slug=slug).exclude(code=code).exists():
            slug = f"{slug}-{readable_slug(code)}"
        return slug


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "association", _("Association of municipalities or regions")
    AUTHORITY = "authority", _("Public authority")
    LABOUR_MARKET = "labour_market", _("Labour-market organisation")
    EDUCATION = "education", _("Educational institution")
    BUSINESS = "business", _("Business organisation")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    """A nominating organisation, an authority, an association or another counterparty."""

    Kind = OrganisationKind

    name = models.CharField(_("name"), max_length=200, unique=True, db_collation=COLLATION_NAME)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    website = models.URLField(_("website"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values), name="organisation_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return self.name


class BodyKind(models.TextChoices):
    KKR = "kkr", _("Municipal contact council (KKR)")
    RAR = "rar", _("Regional labour-market council (RAR)")
    BUSINESS_HUB_BOARD = "business_hub_board", _("Business hub board")
    BUSINESS_PROMOTION_BOARD = "business_promotion_board", _("Business promotion board")
    GROWTH_FORUM = "growth_forum", _("Growth forum")
    EXECUTIVE_NETWORK = "executive_network", _("Chief executives' network")
    COMMITTEE = "committee", _("Committee")
    STEERING_GROUP = "steering_group", _("Steering group")
    WORKING_GROUP = "working_group", _("Working group")
    FORUM = "forum", _("Forum")
    COLLABORATION = "collaboration", _("Collaboration council")
    OTHER = "other", _("Other body")


class Body(Timestamped):
    """A council, board, network or group that meets: a KKR, a RAR, a working group, ..."""

    ALL_PUBLIC = True  # the composition is public

    Kind = BodyKind

    name = models.CharField(_("name"), max_length=200, db_collation=COLLATION_NAME)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies",
        verbose_name=_("region"),
        help_text=_("Empty for national bodies."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent body"),
    )
    secretariat = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="secretariat_for",
        verbose_name=_("secretariat"),
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    publishes_attendance = models.BooleanField(
        _("attendance is public"),
        default=False,
        help_text=_("Otherwise only signed-in users see who attended a meeting."),
    )
    # Optimistic locking: a form carries the version it was loaded at (see body_update).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    API_KEY = "slug"
    history = HistoricalRecords(excluded_fields=TIMESTAMPS)

    class Meta:
        ordering = ["name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=BodyKind.values), name="body_kind_valid"),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="body_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("councils:body_detail", kwargs={"slug": self.slug})


class Person(Timestamped):
    """A person who holds or has held seats in bodies; may be linked to a user account."""

    ALL_PUBLIC = True  # the composition is public

    name = models.CharField(_("name"), max_length=200, db_collation=COLLATION_NAME)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=set_null_touching,
        null=True,
        blank=True,
        related_name="persons",
        verbose_name=_("organisation"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=set_null_touching,
        null=True,
        blank=True,
        related_name="persons",
        verbose_name=_("municipality"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_elected_politician = models.BooleanField(
        _("elected politician"),
        default=False,
        help_text=_("Holds an elected office (e.g. member of a municipal or regional council)."),
    )
    user = models.OneToOneField(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )

    API_KEY = "slug"
    history = HistoricalRecords(excluded_fields=TIMESTAMPS)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("councils:person_detail", kwargs={"slug": self.slug})


class MembershipRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    MEMBER = "member", _("Member")
    SUBSTITUTE = "substitute", _("Substitute")
    OBSERVER = "observer", _("Observer")
    SECRETARY = "secretary", _("Secretary")


def membership_current_q(on: dt.date | None = None, *, prefix: str = "") -> Q:
    """The one definition of a *current* membership: begun on or before ``on`` (today by
    default) and not ended before it. ``prefix`` filters from another model, e.g.
    ``"memberships__"`` from a seat or a body."""
    on = on or timezone.localdate()
    return Q(**{f"{prefix}start__lte": on}) & (
        Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": on})
    )


class MembershipQuerySet(TimestampedQuerySet):
    def current(self, on: dt.date | None = None) -> MembershipQuerySet:
        """Memberships held on ``on`` (today by default): see ``membership_current_q``."""
        return self.filter(membership_current_q(on))


class Membership(Timestamped):
    """A person's seat in a body, in a role, for a period; open-ended while ``end`` is empty."""

    ALL_PUBLIC = True  # the composition is public

    Role = MembershipRole

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person")
    )
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("body")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    on_behalf_of = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("on behalf of"),
        help_text=_("The nominating organisation, if any."),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("representing municipality"),
    )
    seat = models.ForeignKey(
        "Seat",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("seat"),
    )
    end_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MembershipQuerySet.as_manager()  # type: ignore[misc]  # a TimestampedQuerySet, as the base declares
    TOUCHES = ("seat",)
    history = HistoricalRecords(excluded_fields=[*TIMESTAMPS, "end_reminded_at"])

    class Meta:
        ordering = ["body", "role", "person__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="membership_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(role__in=MembershipRole.values), name="membership_role_valid"
            ),
        ]
        indexes = [models.Index(fields=["body", "end"], name="membership_body_end_idx")]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}, {self.body}"


class Term(models.Model):
    """A body's term of office (funktionsperiode), e.g. 2022-2025."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="terms")
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "-start"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="term_end_not_before_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.body}: {self.start:%Y}-{self.end:%Y}"


class Seat(Timestamped):
    """One seat in a body (a Popolo Post): it exists whether or not anyone holds it.

    A body's composition is its seats: e.g. RAR Fyn has six seats nominated by DA, five by
    the labour unions, five municipal seats appointed by KKR Syddanmark, and observers.
    """

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="seats")
    label = models.CharField(_("label"), max_length=200)
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    nominating_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominated_seats",
        verbose_name=_("nominating organisation"),
    )
    appointing_body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointed_seats",
        verbose_name=_("appointing body"),
    )
    requires_elected_politician = models.BooleanField(
        _("must be held by an elected politician"), default=False
    )
    has_personal_substitute = models.BooleanField(_("has a personal substitute"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    vacancy_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The person (id) the change feed last showed holding the seat: a holder changes when
    # an appointment's first or last day passes, with no write, so
    # ``services.seat_holders_announce`` compares and moves ``modified`` (decision 0033).
    announced_holder_id = models.BigIntegerField(null=True, blank=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=[*TIMESTAMPS, "vacancy_notified_at", "announced_holder_id"]
    )

    @classmethod
    def public_pks(cls, pks: Iterable[int]) -> set[int]:
        """The seats of ``pks`` the public's seat list shows
        (``selectors_composition.public_seats``)."""
        from councils.selectors_composition import public_seats

        return set(public_seats().filter(pk__in=pks).values_list("pk", flat=True))

    class Meta:
        ordering = ["body", "position", "pk"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=MembershipRole.values), name="seat_role_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.body}: {self.label}"


class Appointment(models.Model):
    """Body A appointed person P to a seat in body B for a period, decided at a meeting."""

    appointing_body = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="appointments_made"
    )
    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="appointment"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_reference = models.CharField(
        _("decision"),
        max_length=200,
        blank=True,
        help_text=_("For example: KD-Net 22 August 2014, item 15.2."),
    )
    decision_url = models.URLField(_("link to the decision"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["notified_at"])

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")

    def __str__(self) -> str:
        return str(self.membership)


class NominationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Nomination(models.Model):
    """A candidate proposed for a seat by a municipality or an organisation."""

    Status = NominationStatus

    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="nominations")
    candidate_name = models.CharField(_("candidate's name"), max_length=200)
    candidate_title = models.CharField(_("title"), max_length=200, blank=True)
    candidate_email = models.EmailField(_("e-mail"), blank=True)
    candidate_is_elected_politician = models.BooleanField(_("elected politician"), default=False)
    on_behalf_of_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("proposed by municipality"),
    )
    motivation = models.TextField(_("motivation"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=NominationStatus.choices,
        default=NominationStatus.PROPOSED,
    )
    proposed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    membership = models.OneToOneField(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="nomination"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.UniqueConstraint(
                Lower("candidate_name"),
                "seat",
                condition=Q(status__in=["proposed", "accepted"]),
                name="nomination_candidate_once_per_seat",
            ),
            models.CheckConstraint(
                condition=Q(status__in=NominationStatus.values), name="nomination_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_name} → {self.seat}"


class Statute(models.Model):
    """A body's statutes as data (vedtægt, kommissorium, the law that sets it up): how many
    seats from whom, and the rules for the chair and vice chair. The composition page
    compares the body's seats and holders with it (``councils.selectors_statutes``).

    The seat rules are ``StatuteSeatRule`` rows. ``seats_total`` states the number of
    members when the rules name only some of them (an Erhvervshus board: 11 members of whom
    KKR appoints 4); when it is empty the rules list every seat, and a seat no rule
    provides for is a departure.
    """

    body = models.OneToOneField(
        Body, on_delete=models.CASCADE, related_name="statute", verbose_name=_("body")
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("For example: the statutes of 2019, § 4, or the act that sets up the body."),
    )
    seats_total = models.PositiveSmallIntegerField(
        _("members in all"),
        null=True,
        blank=True,
        help_text=_(
            "Observers not counted. Leave empty when the seat rules list every seat; "
            "otherwise seats that no rule names are not reported."
        ),
    )
    chair_must_be_politician = models.BooleanField(
        _("the chair must be an elected politician"), default=False
    )
    chair_appointed_by = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the chair is appointed by"),
    )
    vice_chair_must_be_politician = models.BooleanField(
        _("the vice chair must be an elected politician"), default=False
    )
    vice_chair_appointed_by = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the vice chair is appointed by"),
    )
    notes = models.TextField(_("other rules"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statutes")
        verbose_name_plural = _("statutes")

    def __str__(self) -> str:
        return str(self.body)


class StatuteSeatRule(models.Model):
    """One line of a body's statutes: ``count`` seats nominated by an organisation and/or
    appointed by a body (or by any body of a kind, e.g. "a KKR"; with
    ``per_appointing_body`` the count applies to each such body, as in "one member per
    KKR"), whether they must be held by elected politicians, have personal substitutes, or
    are observers' seats."""

    statute = models.ForeignKey(
        Statute, on_delete=models.CASCADE, related_name="rules", verbose_name=_("statutes")
    )
    label = models.CharField(_("name"), max_length=200)
    count = models.PositiveSmallIntegerField(_("number of seats"), default=1)
    nominating_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nominated by organisation"),
    )
    appointing_body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appointed by"),
    )
    appointing_body_kind = models.CharField(
        _("appointed by a body of the kind"),
        max_length=30,
        choices=BodyKind.choices,
        blank=True,
    )
    per_appointing_body = models.BooleanField(
        _("the number applies to each body of that kind"),
        default=False,
        help_text=_(
            "For example one member per KKR. For a regional body: each body of the kind in "
            "its region."
        ),
    )
    must_be_politician = models.BooleanField(
        _("must be held by elected politicians"), default=False
    )
    personal_substitutes = models.BooleanField(_("with personal substitutes"), default=False)
    is_observer = models.BooleanField(_("observers"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["statute", "position", "pk"]
        verbose_name = _("seat rule")
        verbose_name_plural = _("seat rules")
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="statute_rule_count_positive"),
            models.CheckConstraint(
                condition=Q(appointing_body__isnull=True) | Q(appointing_body_kind=""),
                name="statute_rule_one_appointer",
            ),
            models.CheckConstraint(
                condition=Q(per_appointing_body=False) | ~Q(appointing_body_kind=""),
                name="statute_rule_per_body_needs_kind",
            ),
            models.CheckConstraint(
                condition=Q(appointing_body_kind="") | Q(appointing_body_kind__in=BodyKind.values),
                name="statute_rule_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statute}: {self.count} × {self.label}"

    @property
    def specificity(self) -> int:
        """Rules that name more are matched first: a named appointing body, then a kind of
        body, then an organisation alone."""
        return (4 if self.appointing_body_id else 2 if self.appointing_body_kind else 0) + (
            1 if self.nominating_organisation_id else 0
        )

    def matches(self, seat: Seat) -> bool:
        """Whether ``seat`` is one of the seats this rule provides for (the seat's
        ``appointing_body`` should be loaded)."""
        if self.is_observer != (seat.role == MembershipRole.OBSERVER):
            return False
        if self.nominating_organisation_id != seat.nominating_organisation_id:
            return False
        if self.appointing_body_id:
            return seat.appointing_body_id == self.appointing_body_id
        if self.appointing_body_kind:
            return (
                seat.appointing_body is not None
                and seat.appointing_body.kind == self.appointing_body_kind
            )
        return True
