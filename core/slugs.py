"""Slugs that keep Danish letters readable: ``København`` is ``koebenhavn``, not ``kbenhavn``.

Django's ``slugify`` drops letters it cannot turn into ASCII, and æ and ø have no ASCII
form, so ``Ærø`` became ``r``. Danish writes them out as ``ae``, ``oe`` and ``aa`` when the
letters are missing; Swedish names (``Malmö``, ``Håbo``) lose only the accent, as Swedes
write them in addresses (``malmo``, ``habo``).
"""

from __future__ import annotations

from django.utils.text import slugify

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def readable_slug(value: str, *, country: str = "DK") -> str:
    """``value`` as a slug, Danish letters written out (for ``country="DK"``)."""
    if country == "DK":
        value = value.translate(_DANISH)
    return slugify(value.replace("ß", "ss"))
