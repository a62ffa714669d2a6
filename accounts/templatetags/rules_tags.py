"""Templates ask the access rules through one tag, never by reading roles themselves.

``{% load rules_tags %}{% can_do "manage_composition" body as may_manage %}`` sets
``may_manage`` to ``accounts.rules.can(request.user, Action("manage_composition"), body)``.
An unknown action name is an error (a typo must not quietly hide or show a link).
"""

from __future__ import annotations

from typing import Any

from django import template

from accounts.rules import Action, can

register = template.Library()


@register.simple_tag(takes_context=True)
def can_do(context: template.Context, action: str, target: Any = None) -> bool:
    user = context.get("user")
    if user is None and context.get("request") is not None:
        user = context["request"].user
    return can(user, Action(action), target)
