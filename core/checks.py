"""System checks for rules a new model could forget (run by ``manage.py check`` and before
every test run)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core import checks


@checks.register()
def timestamped_models_say_who_sees_them(**kwargs: Any) -> list[checks.CheckMessage]:
    """Every ``Timestamped`` model says which of its records the public may see: deleting
    one leaves a tombstone in the public change feed only if the public saw it
    (decision 0033), so a model that says nothing must not be taken as public."""
    from core.models import Timestamped

    errors: list[checks.CheckMessage] = []
    for model in apps.get_models():
        if not issubclass(model, Timestamped):
            continue
        says = (
            model.ALL_PUBLIC
            or hasattr(model._default_manager, "visible_to")
            or model.public_pks.__func__ is not Timestamped.public_pks.__func__  # type: ignore[attr-defined]
        )
        if not says:
            errors.append(
                checks.Error(
                    f"{model._meta.label} does not say which records the public may see.",
                    hint="Set ALL_PUBLIC = True, give its queryset visible_to(user) from its "
                    "access module, or override public_pks.",
                    obj=model,
                    id="core.E001",
                )
            )
    return errors
