"""Canonical absolute URLs of OParl objects and lists (the site URL the e-mails use)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

SCHEMA = "https://schema.oparl.org/1.1/"
OPARL_VERSION = SCHEMA
ERROR_TYPE = SCHEMA + "Error"


def type_url(name: str) -> str:
    return SCHEMA + name


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def url(name: str, **kwargs: Any) -> str:
    return absolute(reverse(f"oparl:{name}", kwargs=kwargs))


def body_list(body_id: int, kind: str) -> str:
    return url("body_list", pk=body_id, kind=kind)
