"""When a record was made and last changed, and what was deleted: what a system needs to keep a
copy in sync (``?modified_since=`` on the REST lists, decision 0033).

* ``Timestamped`` gives a model ``created`` and ``modified`` (indexed). ``modified`` moves on
  every ``save()``, on ``QuerySet.update()`` and ``bulk_update()`` (renumbering, bulk status
  changes), and when a part the record's API answer embeds is saved or deleted (``touches``).
* ``Tombstone`` is written when such a record is deleted, if the public could see it just
  before: a sync client learns of the deletion, and nobody learns of a record the public never
  saw (a draft's existence is not public).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any, ClassVar

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Left out of a model's history rows: the history row has its own time, and a diff that
# always shows "modified" changing would bury the change that matters.
TIMESTAMPS = ["created", "modified"]


class TimestampedQuerySet(models.QuerySet):
    """Writes that bypass ``save()`` still move ``modified``."""

    def update(self, **kwargs: Any) -> int:
        kwargs.setdefault("modified", timezone.now())
        return super().update(**kwargs)

    update.alters_data = True  # type: ignore[attr-defined]  # as Django marks its own

    def bulk_update(
        self, objs: Iterable[Any], fields: Iterable[str], batch_size: int | None = None
    ) -> int:
        objs = list(objs)
        now = timezone.now()
        for obj in objs:
            obj.modified = now
        fields = list(fields)
        if "modified" not in fields:
            fields.append("modified")
        return super().bulk_update(objs, fields, batch_size=batch_size)

    bulk_update.alters_data = True  # type: ignore[attr-defined]


class Timestamped(models.Model):
    """``created`` and ``modified`` on a record systems sync (decision 0033).

    ``API_KEY`` names the field the REST API identifies the record by (its ``lookup_field``),
    so a tombstone names it the same way. A model whose visibility is decided by an access
    module overrides ``public_pks`` so that only records the public could see leave a
    tombstone."""

    API_KEY: ClassVar[str] = "pk"
    # Whether every record of the model is public (the composition, the quotas). A model
    # that is not says who may see a record: ``visible_to`` on its queryset or its own
    # ``public_pks``; ``core.checks`` refuses a model that says neither.
    ALL_PUBLIC: ClassVar[bool] = False

    created = models.DateTimeField(
        _("created"), default=timezone.now, editable=False, db_index=True
    )
    modified = models.DateTimeField(
        _("modified"), default=timezone.now, editable=False, db_index=True
    )

    objects = TimestampedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.modified = timezone.now()
        update_fields = kwargs.get("update_fields")
        # An empty update_fields saves nothing (Django's rule): it stays nothing.
        if update_fields and "modified" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "modified"]
        super().save(*args, **kwargs)

    @classmethod
    def public_pks(cls, pks: Iterable[int]) -> set[int]:
        """Which of ``pks`` the public may see now: as the model's access module says where its
        queryset has ``visible_to`` (meetings, agreements), all where ``ALL_PUBLIC`` (the
        composition and the quotas), else none: a model nobody classified tells the public
        nothing, not even that a record was deleted."""
        objects = cls._default_manager
        if hasattr(objects, "visible_to"):
            public = objects.visible_to(AnonymousUser()).filter(pk__in=pks)
            return set(public.values_list("pk", flat=True))
        return set(pks) if cls.ALL_PUBLIC else set()


class Tombstone(models.Model):
    """A deleted record the public could see: ``resource`` is its model's label, ``key`` the
    value of its ``API_KEY`` at deletion."""

    resource = models.CharField(max_length=100)
    object_id = models.BigIntegerField()
    key = models.CharField(max_length=200)
    deleted_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["resource", "deleted_at", "id"], name="tombstone_sync_idx")]

    def __str__(self) -> str:
        return f"{self.resource} {self.key} (deleted {self.deleted_at:%Y-%m-%d %H:%M})"


def tombstone_if_withdrawn(instance: Timestamped, *, was_public: bool) -> bool:
    """After a write that may hide ``instance`` from the public (an agreement made
    internal): a tombstone when the public saw it before and sees it no longer, so a system
    syncing the public's view drops its copy. Should it become public again, its newer
    ``modified`` brings it back after the tombstone."""
    return bool(tombstones_if_withdrawn(type(instance), [instance.pk] if was_public else []))


def tombstones_if_withdrawn(model: type[Timestamped], was_public: Iterable[Any]) -> int:
    """``tombstone_if_withdrawn`` for many records of ``model`` at once: those of
    ``was_public`` (the public saw them before the write) that the public sees no longer
    (a track of an agreement made internal, a request whose deadline moved away)."""
    before = set(was_public)
    gone = before - model.public_pks(before) if before else set()
    rows = list(model._default_manager.filter(pk__in=gone).values_list("pk", model.API_KEY))
    Tombstone.objects.bulk_create(
        Tombstone(resource=model._meta.label_lower, object_id=pk, key=str(key)) for pk, key in rows
    )
    return len(rows)


def tombstones_prune(*, days: int) -> int:
    """Forget tombstones older than ``days``: a deleted person's slug is not kept for ever
    (decision 0033). A client that has not synced for that long copies the lists again."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _by_model = Tombstone.objects.filter(deleted_at__lt=cutoff).delete()
    return deleted


def set_null_touching(collector: Any, field: Any, sub_objs: Any, using: str) -> None:
    """``on_delete`` for a public record's optional link (a person's organisation, an
    agreement's predecessor): ``SET_NULL``, and the record's ``modified`` moves with it.
    Django clears such links with an update that bypasses ``save()`` and the record's own
    queryset, so without this the change feed would never show the link gone."""
    # The rows themselves, not a query on the link: the second update must still find them
    # after the first has cleared the link (so never ``lazy_sub_objs``, as SET_NULL has).
    rows = list(sub_objs)
    collector.add_field_update(field, None, rows)
    collector.add_field_update(field.model._meta.get_field("modified"), timezone.now(), rows)


def touch(model: type[models.Model], pks: Iterable[Any]) -> None:
    """Move ``modified`` of the records ``pks`` of ``model`` (a part of them changed)."""
    pks = {pk for pk in pks if pk is not None}
    if pks:
        model._default_manager.filter(pk__in=pks).update(modified=timezone.now())
