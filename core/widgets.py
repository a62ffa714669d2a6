"""Form widgets that render faster than Django's for long lists.

Django renders each ``<option>`` of a ``Select`` through two templates (the option and its
attributes): a select of a body's 170 persons was 340 template inclusions, most of the
agenda editor's time (decision 0038). :class:`Select` writes the same HTML in Python.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


def options_html(optgroups: Iterable[tuple[Any, list[dict[str, Any]], int]]) -> SafeString:
    """The ``<option>`` elements (in ``<optgroup>`` where named) of a widget's
    ``optgroups``, as Django's ``select.html`` and ``select_option.html`` write them:
    values as text, ``selected`` and other attributes through ``flatatt``, all escaped."""
    parts = []
    for group_name, options, _index in optgroups:
        inner = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((str(o["value"]), flatatt(o["attrs"]), o["label"]) for o in options),
        )
        parts.append(
            format_html('<optgroup label="{}">{}</optgroup>', group_name, inner)
            if group_name
            else inner
        )
    return mark_safe("".join(parts))  # noqa: S308 - every part made by format_html


class Select(forms.Select):
    """``forms.Select`` written in Python: the same element, attributes and options
    (``optgroups``), without a template per option. A form renderer set on the form is not
    used for it."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            options_html(widget["optgroups"]),
        )
