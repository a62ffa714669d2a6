"""What the quota services share: the integer limit and the history user."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User

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


def _history_user(actor: User | None) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None
