"""Helpers and operations that migrations use. Kept small and stable: a landed migration
depends on them."""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.operations import AddConstraintNotValid, ValidateConstraint
from django.db.migrations import AddConstraint
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


class AddCheckNotValid(AddConstraintNotValid):
    """``AddConstraint`` of a check that does not read the table's rows while it holds the
    table's lock: ``NOT VALID`` on PostgreSQL (the rows are checked later by
    :class:`ValidateCheck`, which lets reads and writes go on); a plain ``AddConstraint``
    elsewhere (SQLite, the development default, rebuilds the table anyway). For a check on
    a large table, such as a new kind in the search index's 2.3 million rows."""

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            AddConstraint.database_forwards(self, app_label, schema_editor, from_state, to_state)


class ValidateCheck(ValidateConstraint):
    """PostgreSQL's ``VALIDATE CONSTRAINT`` of a check :class:`AddCheckNotValid` added (in a
    migration of its own, so that the adding migration's lock is released first); nothing
    elsewhere."""

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
