"""Who may call the API: the browser session only (after its second factor, see
``accounts.middleware``).

A password alone never opens the API. HTTP Basic would skip the second factor and the
log-in lock-out, and cost a password hash on every request, so it is not accepted; a request
that sends Basic credentials is refused outright rather than quietly served as the public,
so a system that tries it learns at once that it must not.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request


class RefuseBasicAuthentication(BaseAuthentication):
    """Refuse ``Authorization: Basic ...``; leave every other request to the next class."""

    def authenticate(self, request: Request) -> None:
        scheme = get_authorization_header(request).split(b" ", 1)[0].lower()
        if scheme == b"basic":
            raise exceptions.AuthenticationFailed(
                _("The API does not accept a user name and password. Sign in to the portal.")
            )
        return None
