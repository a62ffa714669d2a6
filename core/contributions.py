"""Pages that show what apps above them know, without importing those apps (decision 0020).

Imports run downwards: councils cannot import meetings or quotas, and accounts imports no app.
Yet the front page (councils) shows coming meetings, a municipality's page (councils) its quotas
and "Mine opgaver" (accounts) work from every app. Such a page declares a :class:`Slot`; each app
that has something to show there provides a named entry in its ``AppConfig.ready``; the page's
view collects the entries into its template context. Every provider is an app's own selector,
so what a user sees is still decided by that app's access rules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured


class Slot:
    """A named place on a page that other apps fill: ``key`` -> ``provider(**context)``."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._providers: dict[str, Callable[..., Any]] = {}

    def provide(self, key: str, provider: Callable[..., Any]) -> None:
        """Called in an ``AppConfig.ready``; a key has one provider (a second one for the same
        key is a mistake, not an override)."""
        current = self._providers.get(key)
        if current is not None and current is not provider:
            raise ImproperlyConfigured(f"{self.name}: {key!r} is provided twice")
        self._providers[key] = provider

    def collect(self, **context: Any) -> dict[str, Any]:
        """Each provider's answer under its key, in the order the apps were set up."""
        return {key: provider(**context) for key, provider in self._providers.items()}

    def keys(self) -> list[str]:
        return list(self._providers)

    def get(self, key: str) -> Callable[..., Any] | None:
        """The one provider of ``key``, or None when no app provides it."""
        return self._providers.get(key)


# The REST API's ``?q=`` on a list (meetings, agreements): the search app, above them,
# provides per list ``(user, q) -> the ids the user may find matching q`` as a subquery, or
# None when q has nothing to search (the list is then not narrowed).
API_SEARCH = Slot("API ?q=")


# Who fetches a file the API links to (an attachment, a meeting PDF): a system sends its API
# token with the request, and the integrations app, above the apps that serve files, provides
# ``(request) -> the token's caller`` (a member of its body, or the public), or None when the
# request carries no token (the session's user then fetches it, as always).
FILE_CALLER = Slot("file caller")


def file_caller(request: Any) -> Any:
    """The caller a file download is served to: the API token's, else the session's user."""
    provider = FILE_CALLER.get("token")
    caller = provider(request) if provider is not None else None
    return request.user if caller is None else caller
