"""Keeping a copy in sync through the REST lists (decision 0033).

``?modified_since=<date-time with offset>`` turns any REST list into a change feed: the records
changed since then, oldest change first, then in ``id`` order, with the deletions (tombstones)
of records the public could see merged in where they happened. It pages by an opaque
``cursor`` (a position, not an offset), so a client can page through 300,000 records while
others write, without skipping or repeating one. A ``cursor`` alone continues such a feed.

The page is ``{"next": <url or null>, "results": [...]}``; a tombstone in ``results`` is
``{"<id field>": …, "deleted": true, "modified": …}``. The client keeps the newest
``modified`` it has seen and asks from it next time (a record changed again while the client
paged comes again later: the feed moves it to its new place).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.fields import DateTimeField
from rest_framework.request import Request
from rest_framework.utils.urls import remove_query_param, replace_query_param

from core.models import Tombstone

SINCE = "modified_since"
CURSOR = "cursor"
# A record sorts before a tombstone of the same instant: kinds in the cursor.
RECORD, TOMBSTONE = 0, 1
BAD_CURSOR = _("This cursor is not valid: continue from a “next” link.")


def parse_datetime_with_offset(raw: str) -> dt.datetime | None:
    """``raw`` as a full date-time with an offset (``2024-01-31T09:00:00+01:00``), else None.
    An unencoded "+" arrives as a space: it is read as the "+" it was meant to be."""
    text = raw.strip().replace(" ", "+")
    if "T" not in text:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


def wants_sync(request: Request) -> bool:
    return SINCE in request.query_params or CURSOR in request.query_params


@dataclass(frozen=True)
class Position:
    at: dt.datetime
    kind: int
    pk: int

    def encode(self) -> str:
        raw = json.dumps([self.at.isoformat(), self.kind, self.pk], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> Position:
        try:
            padded = token + "=" * (-len(token) % 4)
            at, kind, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
            position = cls(dt.datetime.fromisoformat(at), int(kind), int(pk))
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
            position = None
        if position is None or position.at.tzinfo is None or position.kind not in (0, 1):
            raise ValidationError({CURSOR: [BAD_CURSOR]})
        return position


def _since(request: Request) -> dt.datetime | None:
    values = request.query_params.getlist(SINCE)
    if not values:
        return None
    value = parse_datetime_with_offset(values[0]) if len(values) == 1 else None
    if value is None:
        raise ValidationError(
            {SINCE: [_("Give one date and time with an offset, e.g. 2024-01-31T09:00:00+01:00.")]}
        )
    return value


def _cursor(request: Request) -> Position | None:
    values = request.query_params.getlist(CURSOR)
    if not values:
        return None
    if len(values) > 1 or not values[0]:
        raise ValidationError(
            {CURSOR: [_("This cursor is not valid: continue from a “next” link.")]}
        )
    return Position.decode(values[0])


def _after(position: Position | None, time_field: str, kind: int) -> Q:
    """The rows of one kind that come after ``position`` in (time, kind, id) order."""
    if position is None:
        return Q()
    later = Q(**{f"{time_field}__gt": position.at})
    if kind > position.kind:
        return later | Q(**{time_field: position.at})
    if kind == position.kind:
        return later | Q(**{time_field: position.at, "pk__gt": position.pk})
    return later


class SyncPage:
    """One page of a change feed over ``queryset`` (already filtered and access-checked)."""

    def __init__(
        self, queryset: QuerySet[Any], request: Request, key_field: str, size: int
    ) -> None:
        if request.query_params.get("page") is not None:
            raise ValidationError(
                {"page": [_("Pages by number and a change feed do not mix: leave out “page”.")]}
            )
        since = _since(request)
        position = _cursor(request)
        records = queryset.order_by("modified", "pk").filter(_after(position, "modified", RECORD))
        tombstones = Tombstone.objects.filter(resource=queryset.model._meta.label_lower).filter(
            _after(position, "deleted_at", TOMBSTONE)
        )
        if since is not None:
            records = records.filter(modified__gte=since)
            tombstones = tombstones.filter(deleted_at__gte=since)
        merged = sorted(
            [(r.modified, RECORD, r.pk, r) for r in records[: size + 1]]
            + [
                (t.deleted_at, TOMBSTONE, t.pk, t)
                for t in tombstones.order_by("deleted_at", "pk")[: size + 1]
            ],
            key=lambda entry: entry[:3],
        )
        self.entries = merged[:size]
        self.has_more = len(merged) > size
        self.request = request
        self.key_field = "id" if key_field == "pk" else key_field
        model = queryset.model
        self.key_is_number = model._meta.get_field(
            model._meta.pk.name if key_field == "pk" else key_field
        ).get_internal_type() in ("AutoField", "BigAutoField", "PositiveIntegerField")

    @property
    def records(self) -> list[Any]:
        return [entry[3] for entry in self.entries if entry[1] == RECORD]

    def next_link(self) -> str | None:
        if not self.has_more:
            return None
        at, kind, pk, _ = self.entries[-1]
        url = remove_query_param(self.request.build_absolute_uri(), "page")
        return replace_query_param(url, CURSOR, Position(at, kind, pk).encode())

    def results(self, serialized: list[Any]) -> list[Any]:
        """The serialized records with the tombstones put in their places."""
        rows = iter(serialized)
        out: list[Any] = []
        stamp = DateTimeField()
        for at, kind, _pk, row in self.entries:
            if kind == RECORD:
                out.append(next(rows))
                continue
            key = int(row.key) if self.key_is_number else row.key
            out.append(
                {self.key_field: key, "deleted": True, "modified": stamp.to_representation(at)}
            )
        return out
