"""Filters for writing values into CSS, e.g. a running header in a PDF's ``@page`` rule."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def css_string(value: object) -> SafeString:
    """Return ``value`` as a double-quoted CSS string, printed exactly as written.

    Follows the CSS Object Model's rule for serialising a string: a backslash and a double
    quote get a backslash, control characters become hexadecimal escapes, NUL becomes
    U+FFFD. ``<`` is escaped as well (``\\3C ``), so a value can never close the ``<style>``
    element it stands in. The result is only for CSS: JavaScript escaping (``escapejs``)
    turns ``KD-Net`` into ``KDu002DNet`` there, and HTML escaping shows ``&quot;``.
    """
    out = ['"']
    for char in str(value):
        code = ord(char)
        if code == 0:
            out.append("\ufffd")
        elif code < 0x20 or code == 0x7F or char == "<":
            out.append(f"\\{code:X} ")
        elif char in ('"', "\\"):
            out.append("\\" + char)
        else:
            out.append(char)
    out.append('"')
    return mark_safe("".join(out))  # noqa: S308 - every "<" is escaped above


register.filter("css_string", css_string)
