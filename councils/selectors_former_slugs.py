"""Former addresses of municipality pages: the municipality a slug it no longer has leads to.

Saved links and search engines still know ``/kommuner/kbenhavn-101/`` after migration 0005
made it ``/kommuner/koebenhavn/``; the page answers them with a permanent redirect. Two kinds
of former slugs are recognised (docs/decisions/0021-former-municipality-slugs-redirect.md):

- every slug a municipality had while it was saved through a service: its history rows
  (django-simple-history) keep each one, so a later rename needs no extra bookkeeping;
- the name-code form every municipality had before migration 0005 (Django's ``slugify`` of
  ``"<name>-<code>"``), which that migration replaced without history rows. It is computed
  from the municipality's current and former names, as 0005's reverse step computes it.
"""

from __future__ import annotations

from django.utils.text import slugify

from councils.models import Municipality


def _name_code_slug(*, name: str, code: str) -> str:
    """The slug of the first scheme (before migration 0005): ``København``, 101 →
    ``kbenhavn-101``."""
    return slugify(f"{name}-{code}")


def _from_history(*, key: str) -> Municipality | None:
    """The municipality that last had ``key`` as its slug in its history, if it still exists."""
    municipality_id = (
        Municipality.history.filter(slug=key)
        .order_by("-history_date", "-history_id")
        .values_list("id", flat=True)
        .first()
    )
    if municipality_id is None:
        return None
    return Municipality.objects.select_related("region").filter(pk=municipality_id).first()


def _from_name_code(*, key: str) -> Municipality | None:
    """The municipality whose name-code slug (of its current or a former name) is ``key``."""
    _name, separator, code = key.rpartition("-")
    if not separator or not code:
        return None
    municipality = Municipality.objects.select_related("region").filter(code__iexact=code).first()
    if municipality is None:
        return None
    names = {municipality.name} | set(
        Municipality.history.filter(id=municipality.pk).values_list("name", flat=True)
    )
    if any(_name_code_slug(name=name, code=municipality.code) == key for name in names):
        return municipality
    return None


def municipality_for_former_slug(*, key: str) -> Municipality | None:
    """The municipality whose page was once at ``/kommuner/<key>/``, or ``None``.

    Ask only after ``municipality_get`` found no municipality that has ``key`` as its slug
    or code today: a current slug always wins over a former one.
    """
    return _from_history(key=key) or _from_name_code(key=key)
