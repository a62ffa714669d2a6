from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts import services
from core.form_fields import model_choice_field
from core.ratelimit import client_address


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the sending handed to the worker (accounts.tasks)."""

    # Fewer arguments than Django's: the e-mail is built in the worker (decision 0006).
    def save(self, *, request: Any = None, use_https: bool = False, **kwargs: Any) -> None:  # type: ignore[override]  # see above
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


class AccountField(forms.CharField):
    """A user account named by its user name or its e-mail address (which must then belong
    to one active account only); cleans to the ``User``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("User name or e-mail address of the account"))
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "form-input"}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        from accounts.models import User

        text = super().clean(value).strip()
        if not text:
            return None
        user = User.objects.filter(username=text, is_active=True).first()
        if user is None:
            matches = list(User.objects.filter(email__iexact=text, is_active=True)[:2])
            if len(matches) > 1:
                raise forms.ValidationError(
                    _("Several accounts have this e-mail address; give the user name."),
                    code="ambiguous",
                )
            user = matches[0] if matches else None
        if user is None:
            raise forms.ValidationError(
                _("No active account has this user name or e-mail address."), code="unknown"
            )
        return user


class ContactGrantForm(forms.Form):
    """Make a user account the contact person of one of the municipalities offered."""

    municipality: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    account = AccountField()

    def __init__(self, *args: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "municipality").queryset = municipalities
