"""Who sees which distribution agreements: the one place that decides it for quotas.

A region's agreement is drafted by its KKR secretariat (``Action.MANAGE_QUOTAS`` for the
region) and, once sent, answered by the contact persons of the region's municipalities
(``Action.WORK_ON_DISTRIBUTION_AGREEMENT``); the platform administrator may do everything. So:

* a draft is seen by the region's KKR secretariat and the administrator only;
* an agreement sent to the municipalities also by the contact persons of the region's
  municipalities;
* a finalised (or later lapsed) agreement is public: its numbers and signed documents;
* the municipalities' answers and comments are only ever seen by those who work on it.

Pages, exports and downloads read agreements through ``distribution_agreements_visible_to``
and decide what to show with ``distribution_agreement_access``; nothing else looks at an
agreement's status to decide visibility.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from accounts import rules
from accounts.rules import Action, can
from quotas.models import DistributionAgreement, DistributionAgreementDocument

# Statuses in which an agreement is public (its numbers and documents, not the comments).
PUBLIC_STATUSES = (DistributionAgreement.Status.FINALISED, DistributionAgreement.Status.LAPSED)


def distribution_agreements_visible_to(
    user: Any, queryset: QuerySet[DistributionAgreement] | None = None
) -> QuerySet:
    """The agreements the user may see: finalised ones for everyone, every agreement of the
    regions whose quotas the user manages, and the sent ones of the regions the user works
    on."""
    distribution_agreements = DistributionAgreement.objects.all() if queryset is None else queryset
    managed, worked_on = rules.quota_region_ids(user), rules.distribution_agreement_region_ids(user)
    if managed is None or worked_on is None:
        return distribution_agreements
    return distribution_agreements.filter(
        Q(status__in=PUBLIC_STATUSES)
        | Q(region_id__in=managed)
        | (Q(region_id__in=worked_on) & ~Q(status=DistributionAgreement.Status.DRAFT))
    )


def distribution_agreement_documents_visible_to(
    user: Any,
) -> QuerySet[DistributionAgreementDocument]:
    return DistributionAgreementDocument.objects.filter(
        distribution_agreement__in=distribution_agreements_visible_to(user).values("pk")
    )


@dataclass(frozen=True)
class DistributionAgreementAccess:
    """What one user may do with one region's agreement; computed once per request."""

    works_on: bool  # answers (once sent), sees answers and comments
    may_manage: bool  # drafts, changes numbers, sends, finalises (the KKR secretariat)

    def sees(self, distribution_agreement: DistributionAgreement | None) -> bool:
        """The same rule as ``distribution_agreements_visible_to``, for one agreement."""
        if distribution_agreement is None:
            return False
        if self.may_manage or distribution_agreement.status in PUBLIC_STATUSES:
            return True
        return self.works_on and distribution_agreement.status != DistributionAgreement.Status.DRAFT

    @property
    def sees_comments(self) -> bool:
        return self.works_on


def distribution_agreement_access(user: Any, region: Any) -> DistributionAgreementAccess:
    return DistributionAgreementAccess(
        works_on=can(user, Action.WORK_ON_DISTRIBUTION_AGREEMENT, region),
        may_manage=can(user, Action.MANAGE_QUOTAS, region),
    )


def distribution_agreement_page_region_ids(user: Any, *, quota_year: Any) -> set[int] | None:
    """Regions whose agreement page for the year the user can open (a link on the year
    page): those with an agreement the user sees, and those where the user may start one.
    ``None`` means every region. One query."""
    manageable = rules.quota_region_ids(user)
    if manageable is None:
        return None
    visible = distribution_agreements_visible_to(user).filter(quota_year=quota_year)
    return set(visible.values_list("region_id", flat=True)) | set(manageable)
