"""Read settings from the environment, failing at start-up with the variable's name.

django-environ and friends silently turn a mistyped boolean into ``False``; a secretariat's
operator then debugs a portal that runs with the wrong settings. Every reader here either
returns a value of the right type or raises ``ImproperlyConfigured`` naming the variable and
what it expected.
"""

from __future__ import annotations

import builtins
import os
from collections.abc import Mapping
from typing import cast

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_MISSING = object()


class Env:
    def __init__(self, environ: Mapping[str, str] | None = None, prefix: str = "KKR_") -> None:
        self.environ = os.environ if environ is None else environ
        self.prefix = prefix

    def _raw(self, name: str, default: object) -> str | object:
        value = self.environ.get(self.prefix + name)
        if value is None or value.strip() == "":
            if default is _MISSING:
                raise ImproperlyConfigured(
                    f"The environment variable {self.prefix}{name} is required but not set."
                )
            return default
        return value.strip()

    def str(self, name: str, default: object = _MISSING) -> str:
        # The value read is a text; a default is returned as the caller gave it.
        return cast(builtins.str, self._raw(name, default))

    def bool(self, name: builtins.str, default: object = _MISSING) -> builtins.bool:
        value = self._raw(name, default)
        if isinstance(value, bool):
            return value
        lowered = str(value).lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ImproperlyConfigured(
            f"The environment variable {self.prefix}{name} must be true or false "
            f"(1/0, yes/no, on/off), not {value!r}."
        )

    def int(
        self, name: builtins.str, default: object = _MISSING, *, minimum: builtins.int | None = None
    ) -> builtins.int:
        value = self._raw(name, default)
        try:
            number = int(cast(builtins.str, value))  # a text, or the caller's int default
        except (TypeError, ValueError):
            raise ImproperlyConfigured(
                f"The environment variable {self.prefix}{name} must be a whole number, "
                f"not {value!r}."
            ) from None
        if minimum is not None and number < minimum:
            raise ImproperlyConfigured(
                f"The environment variable {self.prefix}{name} must be at least {minimum}, "
                f"not {number}."
            )
        return number

    def list(self, name: builtins.str, default: object = _MISSING) -> builtins.list[builtins.str]:
        value = self._raw(name, default)
        if isinstance(value, list):
            return value
        return [part.strip() for part in str(value).split(",") if part.strip()]

    def choice(
        self, name: builtins.str, choices: tuple[builtins.str, ...], default: object = _MISSING
    ) -> builtins.str:
        value = self._raw(name, default)
        if value not in choices:
            raise ImproperlyConfigured(
                f"The environment variable {self.prefix}{name} must be one of "
                f"{', '.join(choices)}, not {value!r}."
            )
        return value

    def url(
        self, name: builtins.str, schemes: tuple[builtins.str, ...], default: object = _MISSING
    ) -> builtins.str | None:
        value = self._raw(name, default)
        if value is None:
            return None
        if not isinstance(value, str) or "://" not in value or value.split("://")[0] not in schemes:
            raise ImproperlyConfigured(
                f"The environment variable {self.prefix}{name} must be a URL starting with "
                f"{' or '.join(s + '://' for s in schemes)}, not {value!r}."
            )
        return value
