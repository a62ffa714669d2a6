"""Helpers that data migrations call. Kept small and stable: a landed migration depends on them."""

from __future__ import annotations

from typing import Any

from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce


def created_from_history(app_label: str, *model_names: str) -> Any:
    """A ``RunPython`` forward function: ``created`` of each existing row becomes its first
    history row's time where it has one (else it keeps the migration's time), so that a
    record made years ago does not look new to a system that syncs by it."""

    def forward(apps: Any, schema_editor: Any) -> None:
        for name in model_names:
            model = apps.get_model(app_label, name)
            try:
                history = apps.get_model(app_label, f"Historical{name}")
            except LookupError:
                continue
            first = (
                history.objects.filter(id=OuterRef("pk"))
                .order_by("history_date")
                .values("history_date")[:1]
            )
            model.objects.update(created=Coalesce(Subquery(first), F("created")))

    return forward
