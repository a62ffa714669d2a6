"""``{% select_options choices chosen %}``: the ``<option>`` elements of a filter's select.

A filter list can hold a hundred entries (the country's municipalities); written as a
template loop it cost about as much as the rest of the page together (four variable
lookups an option). The options are written as ``core.widgets.Select`` writes a form's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.safestring import SafeString

from core.widgets import Select

register = template.Library()


@register.simple_tag
def select_options(choices: Iterable[tuple[Any, Any]], chosen: Any) -> SafeString:
    """One ``<option>`` per ``(value, label)`` in ``choices``, ``selected`` where the value
    equals ``chosen`` (compared as text, as a query string gives it)."""
    return Select(choices=list(choices)).options_html(["" if chosen is None else str(chosen)])
