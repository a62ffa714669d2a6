"""Canonical absolute URLs of OParl objects and lists (the site URL the e-mails use)."""

from __future__ import annotations

from collections.abc import Callable
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
_patterns: dict[tuple[Any, ...], tuple[str, str]] = {}


def url(name: str, **kwargs: Any) -> str:
    """The canonical URL of an OParl object or list. An object's URL with only an ``int``
    ``pk`` is filled into its pattern, reversed once per URL configuration."""
    if list(kwargs) != ["pk"] or type(kwargs["pk"]) is not int:
        return absolute(reverse(f"oparl:{name}", kwargs=kwargs))
    return url_of(name)(kwargs["pk"])


def url_of(name: str) -> Callable[[int], str]:
    """``url(name, pk=…)`` for many objects: the URL configuration is looked up once (each
    look-up reads two context-local values; a list of 100 meetings names 10,000 URLs)."""
    key = (name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), settings.SITE_URL)
    parts = _patterns.get(key)
    if parts is None:
        pattern = absolute(reverse(f"oparl:{name}", kwargs={"pk": _PLACEHOLDER}))
        head, tail = pattern.split(str(_PLACEHOLDER), 1)
        parts = _patterns[key] = (head, tail)
    head, tail = parts
    return lambda pk: f"{head}{pk}{tail}"


def body_list(body_id: int, kind: str) -> str:
    return url("body_list", pk=body_id, kind=kind)
