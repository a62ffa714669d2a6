"""Numbers of agreements as a reader wants them: no trailing zeros, the language's separators."""

from __future__ import annotations

from decimal import Decimal

from django import template

from agreements.chart import number

register = template.Library()


@register.filter(name="figure")
def figure(value: Decimal | None) -> str:
    return number(value)
