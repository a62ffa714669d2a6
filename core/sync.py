"""The signal receivers that keep ``modified`` and the tombstones right (decision 0033).

Connected per model in ``CoreConfig.ready``, never to every model: a receiver on every model
would make Django fetch each row before a bulk delete (no fast deletes anywhere)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save, pre_delete

from core.models import Timestamped, Tombstone, touch


def _tombstone(sender: type[Timestamped], instance: Timestamped, **kwargs: Any) -> None:
    # Before the row goes: the access module can still tell whether the public saw it.
    if instance.pk in sender.public_pks([instance.pk]):
        Tombstone.objects.create(
            resource=sender._meta.label_lower,
            object_id=instance.pk,
            key=str(getattr(instance, sender.API_KEY)),
        )


def _touch_parents(sender: type[Any], instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loaddata: the fixture says what the rows are
        return
    # A part the public does not see (an internal document, attendance a body keeps to its
    # members) must not tell the public feed when it changes.
    if not getattr(instance, "touches_parent", lambda: True)():
        return
    for path in sender.TOUCHES:
        *hops, last = path.split(".")
        obj = instance
        try:
            for hop in hops:
                obj = getattr(obj, hop)
        except ObjectDoesNotExist:  # deleted with its parent in one cascade
            continue
        if obj is None:
            continue
        field = obj._meta.get_field(last)
        touch(field.related_model, [getattr(obj, field.attname)])


def connect() -> None:
    for model in apps.get_models():
        label = model._meta.label_lower
        if issubclass(model, Timestamped):
            pre_delete.connect(_tombstone, sender=model, dispatch_uid=f"tombstone:{label}")
        if getattr(model, "TOUCHES", None):
            post_save.connect(_touch_parents, sender=model, dispatch_uid=f"touch:{label}")
            post_delete.connect(_touch_parents, sender=model, dispatch_uid=f"untouch:{label}")
