"""Attribute history rows to the actor a service was given, not to whoever holds the request."""

from __future__ import annotations

from typing import Any

from django.db import models


def save_as(instance: models.Model, *, actor: Any, update_fields: list[str] | None = None) -> None:
    """Save ``instance`` so that its history row names ``actor`` (None: the system)."""
    if actor is not None and getattr(actor, "is_authenticated", False):
        instance._history_user = actor  # read by django-simple-history
    instance.save(update_fields=update_fields)
