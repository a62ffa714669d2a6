"""The outbox interface: how any app sends an e-mail without importing the notifications app.

Every e-mail of the portal goes through the notifications outbox (``OutgoingEmail``): one row
per e-mail and address, recorded in the caller's transaction, claimed before sending,
retried with backoff and, when it keeps failing, shown to the secretariat of the body it
belongs to. The notifications app imports councils and meetings, so those apps cannot import
it back; instead the notifications app registers its implementation here when Django starts
(``NotificationsConfig.ready``), and the other apps call :func:`email_enqueue`.
"""

from __future__ import annotations

from typing import Protocol

from django.core.exceptions import ImproperlyConfigured


class EmailEnqueue(Protocol):
    def __call__(
        self, *, key: str, to: str, subject: str, text: str, body_id: int | None = None
    ) -> bool: ...


_implementation: EmailEnqueue | None = None


def register(implementation: EmailEnqueue) -> None:
    """Called once by the app that owns the outbox (notifications) when Django starts."""
    global _implementation
    _implementation = implementation


def email_enqueue(
    *, key: str, to: str, subject: str, text: str, body_id: int | None = None
) -> bool:
    """Record one e-mail to one address; it is sent after the current transaction commits.

    ``key`` names the event and the address and is unique: recording the same key again
    does nothing and returns False, so a job that runs twice sends nothing twice.
    ``body_id`` is the body whose secretariat sees the e-mail if it cannot be sent.
    Call it inside the transaction that marks the event as handled, so that the mark and
    the e-mail stand or fall together.
    """
    if _implementation is None:
        raise ImproperlyConfigured("No outbox is registered: is 'notifications' installed?")
    return _implementation(key=key, to=to, subject=subject, text=text, body_id=body_id)
