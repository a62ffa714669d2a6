from fractions import Fraction

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def decimal(value: Fraction, places: int = 3) -> str:
    """An exact fraction shown as a localised decimal (the page also offers the fraction)."""
    return number_format(round(float(value), int(places)), decimal_pos=int(places))
