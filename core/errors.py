"""The project's own error types, which views and the API turn into messages for the user."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class ConflictError(ValidationError):
    """Someone else saved the record after this user loaded it.

    ``changes`` lists (field label, their value) pairs so the page can say what changed
    instead of silently overwriting it.
    """

    def __init__(self, message: str, *, changes: list[tuple[str, str]]) -> None:
        super().__init__(message, code="conflict")
        self.changes = changes
