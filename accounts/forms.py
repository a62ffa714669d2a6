from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts import services
from kkr_portal.ratelimit import client_address


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the sending handed to the worker (accounts.tasks)."""

    def save(self, *, request: Any = None, use_https: bool = False, **kwargs: Any) -> None:  # type: ignore[override]
        services.password_reset_request(
            email=self.cleaned_data["email"],
            domain=request.get_host(),
            use_https=use_https,
            language=translation.get_language() or "da",
            client=client_address(request),
        )


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "form-input"}
        ),
    )
