"""Placements (boligplaceringer) of refugees in a municipality."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.history import save_as
from councils.models import Municipality
from quotas.models import (
    Placement,
    QuotaYear,
)
from quotas.services.common import _check_integers


@transaction.atomic
def placement_record(
    *,
    actor: User | None,
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
