"""Attribute history rows to the actor a service was given, not to whoever holds the request."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


def save_as(
    instance: models.Model,
    *,
    actor: AbstractBaseUser | None,
    update_fields: list[str] | None = None,
) -> None:
    """Save ``instance`` so that its history row names ``actor`` (None: the system)."""
    history_user_set(instance, actor=actor)
    instance.save(update_fields=update_fields)


def history_user_set(instance: models.Model, *, actor: AbstractBaseUser | None) -> None:
    """Name ``actor`` in the history row of the next save or delete of ``instance``."""
    if actor is not None and getattr(actor, "is_authenticated", False):
        # Read by django-simple-history; no model declares the attribute.
        instance._history_user = actor  # type: ignore[attr-defined]  # see the line above


@dataclass(frozen=True)
class HistoryEntry:
    when: Any
    who: str
    record: str
    action: str
    changes: list[tuple[str, str, str]]


_ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


def _display(value: Any) -> str:
    """A history value as a reader wants it: local time for times, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    return str(value)


def history_entries(
    records: Iterable[Any], label: Callable[[Any], str], *, excluded: Iterable[str] = ("version",)
) -> list[HistoryEntry]:
    """Turn django-simple-history rows into entries, newest last, diffing each against the
    previous row of the same record within ``records`` (no extra query per row, unlike
    ``prev_record``). Moving to the bin shows as a change of "deleted at"."""
    previous_by_record: dict[Any, Any] = {}
    entries = []
    excluded = list(excluded)
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        changes: list[tuple[str, str, str]] = []
        previous = previous_by_record.get(record.id)
        if previous is not None and record.history_type == "~":
            for change in record.diff_against(previous, excluded_fields=excluded).changes:
                field = record.instance_type._meta.get_field(change.field)
                labels = dict(field.flatchoices) if field.choices else {}
                changes.append(
                    (
                        str(field.verbose_name),
                        _display(labels.get(change.old, change.old)),
                        _display(labels.get(change.new, change.new)),
                    )
                )
        previous_by_record[record.id] = record
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=str(record.history_user) if record.history_user else "",
                record=label(record),
                action=str(_ACTIONS[record.history_type]),
                changes=changes,
            )
        )
    return entries
