"""``{% select_options choices chosen %}``: the ``<option>`` elements of a filter's select.

A filter list can hold a hundred entries (the country's municipalities); written as a
template loop it cost about as much as the rest of the page together (four variable
lookups an option). Here each option is one ``format_html`` (its value and label escaped).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def select_options(choices: Iterable[tuple[Any, Any]], chosen: Any) -> SafeString:
    """One ``<option>`` per ``(value, label)`` in ``choices``, ``selected`` where the value
    equals ``chosen`` (compared as text, as a query string gives it)."""
    chosen_text = "" if chosen is None else str(chosen)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, " selected" if str(value) == chosen_text else "", label)
            for value, label in choices
        ),
    )
