"""Users and their affiliations: secretariat of a body, contact person of a municipality or
of an organisation.

Membership of a body is not an affiliation: it follows from the person's current
``councils.Membership``, so the composition of a body and the right to read its closed
material can never disagree.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """A person who signs in. Platform administrators are superusers and must use 2FA."""

    email = models.EmailField(_("e-mail address"), blank=True, db_index=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    @property
    def is_platform_admin(self) -> bool:
        return self.is_active and self.is_superuser


class Affiliation(models.Model):
    """A user's role towards a body (secretariat), a municipality or an organisation (contact
    person: answers requests for input on its behalf, decision 0023)."""

    class Kind(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat")
        MUNICIPAL_CONTACT = "municipal_contact", _("Municipal contact person")
        ORGANISATION_CONTACT = "organisation_contact", _("Organisation contact person")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="affiliations", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    body = models.ForeignKey(
        "councils.Body",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="affiliations",
        verbose_name=_("body"),
    )
    municipality = models.ForeignKey(
        "councils.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="affiliations",
        verbose_name=_("municipality"),
    )
    organisation = models.ForeignKey(
        "councils.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="affiliations",
        verbose_name=_("organisation"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="secretariat",
                        body__isnull=False,
                        municipality__isnull=True,
                        organisation__isnull=True,
                    )
                    | Q(
                        kind="municipal_contact",
                        body__isnull=True,
                        municipality__isnull=False,
                        organisation__isnull=True,
                    )
                    | Q(
                        kind="organisation_contact",
                        body__isnull=True,
                        municipality__isnull=True,
                        organisation__isnull=False,
                    )
                ),
                name="affiliation_target_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "body"],
                condition=Q(body__isnull=False),
                name="affiliation_unique_body",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "municipality"],
                condition=Q(municipality__isnull=False),
                name="affiliation_unique_municipality",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "organisation"],
                condition=Q(organisation__isnull=False),
                name="affiliation_unique_organisation",
            ),
        ]

    def __str__(self) -> str:
        target = self.body or self.municipality or self.organisation
        return f"{self.user}: {self.get_kind_display()} – {target}"
