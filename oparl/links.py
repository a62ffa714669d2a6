"""Canonical absolute URLs of OParl objects and lists (the site URL the e-mails use)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

SCHEMA = "https://schema.oparl.org/1.1/"
OPARL_VERSION = SCHEMA
ERROR_TYPE = SCHEMA + "Error"


def type_url(name: str) -> str:
    return SCHEMA + name


def absolute(path: str) -> str:
    return settings.SITE_URL + path


# Stands for an id in a reversed URL; no object has it. A list of 100 items names about
# 2,000 URLs, and ``reverse`` for each was a third of making the list.
_PLACEHOLDER = 999_999_937
_patterns: dict[tuple[Any, ...], str] = {}


def url(name: str, **kwargs: Any) -> str:
    """The canonical URL of an OParl object or list. An object's URL with only an ``int``
    ``pk`` is filled into its pattern, reversed once per URL configuration."""
    if list(kwargs) != ["pk"] or type(kwargs["pk"]) is not int:
        return absolute(reverse(f"oparl:{name}", kwargs=kwargs))
    key = (name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    pattern = _patterns.get(key)
    if pattern is None:
        pattern = reverse(f"oparl:{name}", kwargs={"pk": _PLACEHOLDER})
        _patterns[key] = pattern
    return absolute(pattern.replace(str(_PLACEHOLDER), str(kwargs["pk"]), 1))


def body_list(body_id: int, kind: str) -> str:
    return url("body_list", pk=body_id, kind=kind)
