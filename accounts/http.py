"""The request of a view that only a signed-in user reaches (for the type checker).

Django types ``request.user`` as ``User | AnonymousUser``; services take a ``User`` as their
``actor`` (docs/decisions/0022-type-checking.md). A view behind ``login_required`` annotates
its request with ``AuthenticatedHttpRequest`` and passes ``request.user`` on as it is.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User


def signed_in_user(request: HttpRequest) -> User:
    """``request.user`` as the actor of a write in a view that anonymous visitors may read:
    the access check has refused them already; this refuses them (403) for certain."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
