"""The search index: one row per thing found and per audience that may see it.

A row is written by ``search.services`` from what the owning app shows an audience (for a
meeting: ``meetings.agenda.agenda_views`` of the version that audience reads), so a closed
item's text is only ever in the rows of the audiences that may read it. Who may read which
rows is asked of the owning app's access module (``search.selectors.visible_q``); this app
never decides visibility itself (decision 0026).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.indexes import NullsLastIndex


class EntryKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    ITEM = "item", _("Agenda item")
    ATTACHMENT = "attachment", _("Attachment")
    NEWSLETTER = "newsletter", _("Newsletter")
    AGREEMENT = "agreement", _("Agreement")
    GOAL = "goal", _("Goal")
    INDICATOR = "indicator", _("Indicator")
    TRACK = "track", _("Activity track")
    MATRIX = "matrix", _("Plan matrix")
    AGREEMENT_DOCUMENT = "agreement_document", _("Agreement document")
    EVALUATION = "evaluation", _("Evaluation")
    REQUEST = "request", _("Request for input")
    RESPONSE = "response", _("Answer to a request for input")
    BODY = "body", _("Body")
    PERSON = "person", _("Person")
    MUNICIPALITY = "municipality", _("Municipality")


class Scope(models.TextChoices):
    """Which access module decides who sees a row (``search.selectors.visible_q``)."""

    MEETINGS = "meetings"  # meetings.access, by audience and body
    NEWSLETTERS = "newsletters"  # Newsletter.objects.visible_to, by owner (the newsletter)
    AGREEMENTS = "agreements"  # Agreement.objects.visible_to, by owner (the agreement)
    # agreements.access.search_internal_ids: an agreement's internal documents, by owner
    AGREEMENT_INTERNAL = "agreement_internal"
    REQUESTS = "requests"  # consultations.access.requests_visible_to, by owner (the request)
    RESPONSES = "responses"  # consultations.access.search_visible_response_ids, by owner
    PUBLIC = "public"  # bodies, persons' public fields, municipalities: councils' public pages


class SearchEntry(models.Model):
    """What one audience may find of one thing. ``owner_id`` is the record whose visibility
    decides (the meeting of an item, the agreement of a goal); ``audience`` is the rendering
    of a meeting the row was made from (``meetings.access.Audience``), "" elsewhere."""

    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    object_id = models.PositiveBigIntegerField()
    scope = models.CharField(max_length=20, choices=Scope.choices)
    audience = models.CharField(max_length=10, blank=True)
    owner_id = models.PositiveBigIntegerField(null=True, blank=True)
    body = models.ForeignKey(
        "councils.Body", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    date = models.DateField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    # The text search configuration the row was indexed with (danish, swedish, simple).
    config = models.CharField(max_length=20, default="simple")
    title = models.CharField(max_length=500)
    url = models.CharField(max_length=500)
    # Plain text by weight: B decision and recommendation, C case text, D attachment text.
    text_b = models.TextField(blank=True)
    text_c = models.TextField(blank=True)
    text_d = models.TextField(blank=True)
    vector = SearchVectorField(null=True, blank=True)
    # When this audience could first find the thing: kept when the row is rewritten
    # (``search.services.reindex``), so a saved search mails a thing once, when it appears.
    first_indexed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "audience"], name="search_entry_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=EntryKind.values), name="search_entry_kind_valid"
            ),
        ]
        # The GIN index on ``vector`` is made by migration 0001 on PostgreSQL only (SQLite
        # has no GIN and searches the stored text instead: ``search.backend``).
        indexes = [
            models.Index(fields=["scope", "owner_id"], name="search_entry_owner_idx"),
            models.Index(fields=["scope", "audience", "body"], name="search_entry_aud_idx"),
            # The newest rows first, in the order results are cut at (``search.selectors``):
            # a search of common words reads the newest rows and stops.
            NullsLastIndex(
                models.F("date").desc(nulls_last=True),
                models.F("id").desc(),
                name="search_entry_newest_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} ({self.audience or '-'})"


class SavedSearch(models.Model):
    """A subscription to a query: new matches go into a daily e-mail
    (``search.services.saved_search_digests_send``). Either a signed-in user's (the matches
    they may see) or a confirmed e-mail address's without an account (the matches the
    public may see; made only from the confirmation link, ``saved_search_confirm``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_searches",
        null=True,
        blank=True,
    )
    email = models.EmailField(_("e-mail"), blank=True)
    query = models.CharField(max_length=200)
    # The search page's facets: {"body": slug, "year": int, "kind": kind}, each optional.
    filters = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    last_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(email=""))
                | (Q(user__isnull=True) & ~Q(email="")),
                name="saved_search_user_or_email",
            )
        ]
        indexes = [models.Index(fields=["email"], name="saved_search_email_idx")]

    def __str__(self) -> str:
        return f"{self.user_id or self.email}: {self.query}"

    def get_absolute_url(self) -> str:
        """The search page with this query and its filters."""
        from django.urls import reverse

        from search.forms import SearchParams

        params = SearchParams(
            q=self.query,
            body=self.filters.get("body", ""),
            year=self.filters.get("year"),
            kind=self.filters.get("kind", ""),
        )
        return reverse("search:results") + params.url()
