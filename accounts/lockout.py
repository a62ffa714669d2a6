"""The lock-out after failed log-ins: per user name *and* address, plus a higher limit per address.

django-axes compares every lock-out parameter against one failure limit. Counting a user
name on its own (as the portal first did) let anyone lock the administrators out for the
cool-off time from a single address, by typing wrong passwords for their user names. Here:

- ``("username", "ip_address")``: ``AXES_FAILURE_LIMIT`` failures for one user name from one
  address lock that user name *from that address only*; the same user elsewhere is unaffected.
- ``"ip_address"``: ``KKR_ADDRESS_FAILURE_LIMIT`` (higher) failures from one address, whatever
  the user names, lock the address, so one address cannot try many accounts.

A successful log-in forgives only that user's own failures from that address, never the
address's failures for other user names (an attacker with an account of their own could
otherwise reset the address count now and then).

The trade-off: guessing one account from many addresses is not stopped by a lock-out (doing
so would hand the lock-out of any account to whoever controls a few addresses); strong
passwords, the second factor (required for administrators) and the cost of the password hash
answer that. Unlock with ``manage.py axes_reset_username``, ``axes_reset_ip``,
``axes_reset_ip_username`` or in the admin (docs/configuration.md).
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit, get_lockout_parameters
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import HttpRequest


def _is_address_only(parameter: str | list[str]) -> bool:
    return parameter == "ip_address" or parameter == ["ip_address"]


class UserAndAddressHandler(AxesDatabaseHandler):
    """``AxesDatabaseHandler`` with its own limit for the address-only lock-out parameter."""

    def _counted(self, request: HttpRequest, credentials: dict | None) -> list[tuple[bool, int]]:
        """(is the address-only parameter, failures within the cool-off) per lock-out parameter."""
        parameters = get_lockout_parameters(request, credentials)
        attempts = self.get_user_attempts(request, credentials)
        return [
            (
                _is_address_only(parameter),
                queryset.aggregate(total=Sum("failures_since_start"))["total"] or 0,
            )
            for parameter, queryset in zip(parameters, attempts, strict=True)
        ]

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """The failures axes compares with ``AXES_FAILURE_LIMIT``.

        The address-only count has its own, higher limit: when it is reached, the answer is at
        least ``AXES_FAILURE_LIMIT`` (locked); below it, it does not count.
        """
        limit = get_failure_limit(request, credentials)
        counted = self._counted(request, credentials)
        per_user = max((count for address_only, count in counted if not address_only), default=0)
        address_locked = any(
            address_only and count >= settings.KKR_ADDRESS_FAILURE_LIMIT
            for address_only, count in counted
        )
        return max(per_user, limit) if address_locked else per_user

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """After a successful log-in: forget this user's failures from this address only."""
        parameters = get_lockout_parameters(request, credentials)
        querysets: list[QuerySet] = self.filter_user_attempts(request, credentials)
        count = 0
        for parameter, queryset in zip(parameters, querysets, strict=True):
            if not _is_address_only(parameter):
                deleted, _ = queryset.delete()
                count += deleted
        return count
