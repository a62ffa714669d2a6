"""Meetings, their agendas (numbered items and sub-items), attachments (bilag), attendance
and published versions. Which parts a visitor may see is decided in meetings/selectors.py."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TIMESTAMPS, Timestamped, set_null_touching
from meetings.access import (
    AttachmentLiveManager,
    LiveManager,
    MeetingQuerySet,
    NewsletterQuerySet,
    public_sees_attendance,
)


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    AGENDA_PUBLISHED = "agenda_published", _("Agenda published")
    HELD = "held", _("Held")
    MINUTES_PUBLISHED = "minutes_published", _("Minutes published")
    MINUTES_APPROVED = "minutes_approved", _("Minutes approved")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(Timestamped):
    Status = MeetingStatus

    body = models.ForeignKey(
        "councils.Body", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    agenda_deadline = models.DateField(
        _("agenda deadline"),
        null=True,
        blank=True,
        help_text=_(
            "The day by which items for the agenda must be in; items that come later are "
            "marked late. Empty: the body's meeting plan rule decides."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    agenda_publish_at = models.DateTimeField(
        _("publish the agenda at"),
        null=True,
        blank=True,
        help_text=_("Leave empty to publish by hand."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    # Facts recorded when publishing (never guessed from the status, never cleared): a
    # meeting cancelled before its agenda went out stays unpublished.
    agenda_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    minutes_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Approval of the minutes (see meetings/services/minutes_approval.py), recorded facts:
    # when the secretariat asked the members to approve online, when the last adjuster
    # (justerare) approved, and when the minutes were approved (by every member online, or
    # at the next meeting through its standing item).
    minutes_approval_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    minutes_adjusted_at = models.DateTimeField(null=True, blank=True, editable=False)
    minutes_approved_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MeetingQuerySet.as_manager()  # type: ignore[misc]  # a TimestampedQuerySet, as the base declares
    history = HistoricalRecords(excluded_fields=TIMESTAMPS)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MeetingStatus.values), name="meeting_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["body", "starts_at"], name="meeting_body_start_idx"),
            # The API's and the feeds' order: a page of 100 read from the index, not a sort
            # of every meeting of the country.
            models.Index(fields=["starts_at", "id"], name="meeting_start_id_idx"),
            # The front page's latest minutes: three rows read from the index, not a sort
            # of the country's 19,000 meetings with minutes (20 ms at national size).
            models.Index(
                fields=["-minutes_published_at"],
                condition=Q(minutes_published_at__isnull=False),
                name="meeting_minutes_published_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.starts_at:%d-%m-%Y}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", kwargs={"pk": self.pk})

    @property
    def agenda_is_published(self) -> bool:
        return self.agenda_published_at is not None

    @property
    def minutes_are_published(self) -> bool:
        return self.minutes_published_at is not None


class ItemKind(models.TextChoices):
    INFORMATION = "information", _("For information")
    DISCUSSION = "discussion", _("For discussion")
    DECISION = "decision", _("For decision")


class StandingItem(models.TextChoices):
    NONE = "", _("Ordinary item")
    APPROVE_AGENDA = "approve_agenda", _("Approval of the agenda")
    APPROVE_MINUTES = "approve_minutes", _("Approval of the minutes of the previous meeting")
    OTHER_BUSINESS = "other_business", _("Any other business")
    NEXT_MEETING = "next_meeting", _("Next meeting")


class AgendaItem(models.Model):
    """An item (or sub-item: ``parent`` set) of a meeting's agenda.

    Numbers are not stored: they follow from ``position`` among siblings, so moving an item
    renumbers everything after it (see ``meetings.numbering``).
    """

    Kind = ItemKind
    Standing = StandingItem

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    presenter = models.ForeignKey(
        "councils.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("presenter"),
    )
    presenter_text = models.CharField(
        _("presenter (free text)"),
        max_length=200,
        blank=True,
        help_text=_("For example: Lene Hartig Danielsen og Tonni Olsen."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=ItemKind.choices, default=ItemKind.INFORMATION
    )
    case_text = models.TextField(_("case text"), blank=True)
    recommendation = models.TextField(_("recommendation"), blank=True)
    decision = models.TextField(_("decision"), blank=True)
    # A code from the body's decision types (``meetings.minutes.decision_type_choices``):
    # a default type ("approved") or one of the body's own ``DecisionType`` rows.
    decision_type = models.CharField(_("decision type"), max_length=50, blank=True)
    is_closed = models.BooleanField(
        _("closed item"),
        default=False,
        help_text=_("Only the body's members and secretariat see a closed item's content."),
    )
    standing = models.CharField(
        _("standing item"), max_length=20, choices=StandingItem.choices, blank=True, default=""
    )
    minutes_of = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approved_in",
        help_text=_("For the approval of minutes: the meeting whose minutes are approved."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    # In the meeting's bin: not on the agenda, kept for published versions and undo.
    deleted_at = models.DateTimeField(_("moved to the bin"), null=True, blank=True)
    # When the item was put on the agenda: an item that came after the meeting's item
    # deadline is late (``meetings.selectors_planning.item_lateness``, decision 0025).
    added_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)

    all_objects = models.Manager()
    objects = LiveManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "parent_id", "position", "pk"]
        default_manager_name = "objects"
        base_manager_name = "all_objects"
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ItemKind.values), name="agenda_item_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="agenda_item_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.title


class Attachment(models.Model):
    """A file attached to an item (bilag). Numbered 1..N across the meeting in agenda order."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="meetings/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    position = models.PositiveIntegerField(default=0)
    is_closed = models.BooleanField(
        _("closed"), default=False, help_text=_("Hidden from the public even on an open item.")
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # In the meeting's bin: the file is kept, so a published version's link still works.
    deleted_at = models.DateTimeField(_("moved to the bin"), null=True, blank=True)
    # Withdrawn by the secretariat: no longer downloadable by anyone but the secretariat,
    # from any version; the reason is shown in its place.
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=300, blank=True)

    all_objects = models.Manager()
    objects = AttachmentLiveManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "position", "pk"]
        default_manager_name = "objects"
        base_manager_name = "all_objects"
        indexes = [
            # Every public read asks which of a page's attachments are withdrawn (a few in
            # the country): without it PostgreSQL read all of them, 50 ms at 500,000.
            models.Index(
                fields=["item"],
                name="attachment_withdrawn_item",
                condition=models.Q(withdrawn_at__isnull=False),
            ),
        ]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    APOLOGIES = "apologies", _("Apologies")
    SUBSTITUTE = "substitute", _("Substitute")
    GUEST = "guest", _("Guest")
    SECRETARY = "secretary", _("Minutes taker")


class Attendance(models.Model):
    Status = AttendanceStatus

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("councils.Person", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=AttendanceStatus.choices)
    substitute_for = models.ForeignKey(
        "councils.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("substitute for"),
    )
    left_after = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("left after item"),
    )
    joined_at = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("joined at item"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    TOUCHES = ("meeting",)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "status", "person__name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="attendance_once_per_person"
            ),
            models.CheckConstraint(
                condition=Q(status="substitute", substitute_for__isnull=False)
                | (~Q(status="substitute") & Q(substitute_for__isnull=True)),
                name="attendance_substitute_names_whom",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()}"

    def touches_parent(self) -> bool:
        """Attendance moves its meeting's ``modified`` only where the public sees it."""
        return public_sees_attendance(self.meeting.body)


class PublishedVersion(models.Model):
    """A published agenda or minutes, kept as it was: later changes make a new version."""

    class Document(models.TextChoices):
        AGENDA = "agenda", _("Agenda")
        MINUTES = "minutes", _("Minutes")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="published")
    document = models.CharField(max_length=10, choices=Document.choices)
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    change_note = models.TextField(_("what changed"), blank=True)
    # The read model of this version: every item with its content and attachments, as
    # built by meetings.snapshots. The public and the members read it, not the live rows.
    snapshot = models.JSONField(default=dict)
    # Meeting.version when published: a higher one now means unpublished edits.
    meeting_version = models.PositiveIntegerField(default=0)

    TOUCHES = ("meeting",)

    class Meta:
        ordering = ["meeting", "document", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "document", "number"], name="published_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.document} v{self.number}"


class PdfAudience(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members")


class PdfStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be produced")
    RENDERING = "rendering", _("Being produced")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class MeetingPdf(models.Model):
    """The PDF files of one published version for one audience: the document itself and the
    combined file with the PDF attachments after it.

    The HTML is stored when the version is published, so the PDF shows that version even if
    it is produced later. A row is "ready" only after both files are completely written, so
    a half-written file is never served.
    """

    Audience = PdfAudience
    Status = PdfStatus

    version = models.ForeignKey(PublishedVersion, on_delete=models.CASCADE, related_name="pdfs")
    audience = models.CharField(max_length=10, choices=PdfAudience.choices)
    status = models.CharField(max_length=10, choices=PdfStatus.choices, default=PdfStatus.PENDING)
    title = models.CharField(max_length=300)
    html = models.TextField()
    # [{"attachment_id": 3, "number": 1, "title": "..."}] in Bilag order, for the combined file.
    appendices = models.JSONField(default=list)
    file = models.FileField(upload_to="meetings/pdf/%Y/", blank=True)
    combined_file = models.FileField(upload_to="meetings/pdf/%Y/", blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    combined_pages = models.PositiveIntegerField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    # A public PDF that showed something a later version closed: kept for the secretariat,
    # no longer served to the public.
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["version", "audience"]
        constraints = [
            # One PDF per version and audience: a retried or repeated task finds it made.
            models.UniqueConstraint(fields=["version", "audience"], name="meeting_pdf_unique"),
            models.CheckConstraint(
                condition=Q(status__in=PdfStatus.values), name="meeting_pdf_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=PdfStatus.READY) | ~Q(file=""),
                name="meeting_pdf_ready_has_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} ({self.audience})"


class NewsletterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Newsletter(Timestamped):
    """A newsletter about a meeting, drafted from the decisions of its open items when the
    minutes are published, edited and published by the secretariat."""

    Status = NewsletterStatus

    body = models.ForeignKey(
        "councils.Body",
        on_delete=models.PROTECT,
        related_name="newsletters",
        verbose_name=_("body"),
    )
    meeting = models.OneToOneField(
        Meeting, on_delete=set_null_touching, null=True, blank=True, related_name="newsletter"
    )
    title = models.CharField(_("title"), max_length=300)
    content = models.TextField(_("content"))
    status = models.CharField(
        max_length=10, choices=NewsletterStatus.choices, default=NewsletterStatus.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = NewsletterQuerySet.as_manager()  # type: ignore[misc]  # a TimestampedQuerySet, as the base declares
    history = HistoricalRecords(excluded_fields=TIMESTAMPS)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=NewsletterStatus.values), name="newsletter_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=NewsletterStatus.DRAFT) | Q(published_at__isnull=False),
                name="newsletter_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:newsletter_detail", kwargs={"pk": self.pk})


class MinutesApprovalRule(models.TextChoices):
    NEXT_MEETING = "next_meeting", _("At the next meeting (standing item)")
    MEMBERS_ONLINE = "members_online", _("By the members online")
    ADJUSTERS = "adjusters", _("By adjusters (justering)")


class BodyMinutesSettings(models.Model):
    """How a body's minutes are approved. A body without a row approves them at the next
    meeting, through the standing item."""

    Approval = MinutesApprovalRule

    body = models.OneToOneField(
        "councils.Body",
        on_delete=models.CASCADE,
        related_name="minutes_settings",
        verbose_name=_("body"),
    )
    approval = models.CharField(
        _("minutes approved"),
        max_length=20,
        choices=MinutesApprovalRule.choices,
        default=MinutesApprovalRule.NEXT_MEETING,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes settings")
        verbose_name_plural = _("minutes settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(approval__in=MinutesApprovalRule.values),
                name="body_minutes_settings_approval_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.body}: {self.get_approval_display()}"


class DefaultDecisionType(models.TextChoices):
    """The decision types of a body that has not defined its own."""

    APPROVED = "approved", _("Approved")
    NOTED = "noted", _("Noted")
    RECOMMENDED = "recommended", _("Recommended")
    REJECTED = "rejected", _("Rejected")
    POSTPONED = "postponed", _("Postponed")
    REFERRED = "referred", _("Referred")


class DecisionType(models.Model):
    """A body's own decision type. A body with active types of its own offers those instead
    of the defaults (``DefaultDecisionType``)."""

    body = models.ForeignKey(
        "councils.Body",
        on_delete=models.CASCADE,
        related_name="decision_types",
        verbose_name=_("body"),
    )
    code = models.SlugField(_("code"), max_length=50)
    label = models.CharField(_("label"), max_length=100)
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "position", "pk"]
        verbose_name = _("decision type")
        verbose_name_plural = _("decision types")
        constraints = [
            models.UniqueConstraint(fields=["body", "code"], name="decision_type_code_per_body")
        ]

    def __str__(self) -> str:
        return self.label


class MinutesApproval(models.Model):
    """One member's online approval ("Godkend referat") of one published version of the
    minutes. Publishing the minutes again asks for the new version to be approved."""

    version = models.ForeignKey(
        PublishedVersion, on_delete=models.CASCADE, related_name="member_approvals"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="member_approvals")
    person = models.ForeignKey("councils.Person", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "approved_at"]
        verbose_name = _("approval of the minutes")
        verbose_name_plural = _("approvals of the minutes")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "person"], name="minutes_approval_once_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.approved_at:%d-%m-%Y}"


class MinutesAdjuster(models.Model):
    """An adjuster (justerare) of one meeting's minutes; the chair is one too."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="adjusters")
    person = models.ForeignKey("councils.Person", on_delete=models.PROTECT, related_name="+")
    is_chair = models.BooleanField(default=False)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "-is_chair", "person__name"]
        verbose_name = _("adjuster")
        verbose_name_plural = _("adjusters")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="minutes_adjuster_once")
        ]

    def __str__(self) -> str:
        return str(self.person)


class MinutesComment(models.Model):
    """An adjuster's comment on an item of the draft minutes, for the secretary, who
    resolves it with an answer (and may change the item's decision)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes_comments")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="minutes_comments")
    author = models.ForeignKey("councils.Person", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer = models.TextField(_("answer"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "created_at", "pk"]
        verbose_name = _("comment on the minutes")
        verbose_name_plural = _("comments on the minutes")

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class ItemDisqualification(models.Model):
    """A person disqualified (inhabil) on one item: they take no part in it."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="disqualified")
    person = models.ForeignKey("councils.Person", on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("reason"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "person__name"]
        verbose_name = _("disqualification")
        verbose_name_plural = _("disqualifications")
        constraints = [
            models.UniqueConstraint(fields=["item", "person"], name="item_disqualification_once")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.item}"


class MeetingPlanRule(models.Model):
    """A body's meeting plan rule: items for the agenda are due N working days before each
    meeting, and the agenda is published M working days before it (decision 0025). Each
    meeting's item deadline and planned publication date follow from it
    (``meetings.selectors_planning``); a meeting's own ``agenda_deadline`` overrides the item
    deadline. A body without a row has neither rule."""

    body = models.OneToOneField(
        "councils.Body",
        on_delete=models.CASCADE,
        related_name="meeting_plan_rule",
        verbose_name=_("body"),
    )
    item_deadline_working_days = models.PositiveSmallIntegerField(
        _("items due: working days before the meeting"),
        null=True,
        blank=True,
        help_text=_("Empty: no deadline for items."),
    )
    publication_working_days = models.PositiveSmallIntegerField(
        _("agenda published: working days before the meeting"),
        null=True,
        blank=True,
        help_text=_("Empty: no rule for publishing the agenda."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting plan rule")
        verbose_name_plural = _("meeting plan rules")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(item_deadline_working_days__isnull=True)
                    | Q(item_deadline_working_days__lte=60)
                )
                & (Q(publication_working_days__isnull=True) | Q(publication_working_days__lte=60)),
                name="meeting_plan_rule_at_most_60_days",
            ),
            # Items are due before (or when) the agenda goes out, never after.
            models.CheckConstraint(
                condition=Q(item_deadline_working_days__isnull=True)
                | Q(publication_working_days__isnull=True)
                | Q(item_deadline_working_days__gte=F("publication_working_days")),
                name="meeting_plan_rule_items_due_before_publication",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body}: {self.item_deadline_working_days}/{self.publication_working_days}"
