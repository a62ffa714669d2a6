from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.form_fields import PortalDateField, model_choice_field
from councils.models import Body
from integrations.models import TokenScope, WebhookEvent
from integrations.services import MAX_LIFETIME


def _name_field(help_text: Any) -> forms.CharField:
    return forms.CharField(
        label=_("Name"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-input"}),
        help_text=help_text,
    )


class _BodyOwnedForm(forms.Form):
    """A form for something a body owns: the body is one of those the user manages."""

    body: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Body"), queryset=None, widget=forms.Select(attrs={"class": "form-select"})
    )
    body_help: Any = ""

    def __init__(self, *args: Any, bodies: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = model_choice_field(self, "body")
        field.queryset = bodies
        field.help_text = self.body_help


class TokenForm(_BodyOwnedForm):
    name = _name_field(_("Which system will use the token, e.g. “Region Midtjylland's intranet”."))
    body_help = _("The token is the body's: its secretariat sees it here and may revoke it.")
    scope = forms.ChoiceField(
        label=_("What the token may see"),
        choices=TokenScope.choices,
        initial=TokenScope.PUBLIC,
        widget=forms.RadioSelect,
    )
    expires_on = PortalDateField(
        label=_("Valid until"),
        help_text=_("At most two years ahead. The token works until the end of that day."),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-input"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, bodies: QuerySet[Body], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"expires_on": timezone.localdate() + dt.timedelta(days=365)})
        super().__init__(*args, bodies=bodies, **kwargs)

    def clean_expires_on(self) -> dt.date:
        """The service's rule, checked here too so that every problem shows at once."""
        day: dt.date = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if day < today:
            raise forms.ValidationError(_("The expiry must be in the future."))
        if day > today + MAX_LIFETIME - dt.timedelta(days=1):
            raise forms.ValidationError(_("A token may live at most two years."))
        return day

    def expires_at(self) -> dt.datetime:
        """The end of the chosen day in the portal's time zone."""
        day: dt.date = self.cleaned_data["expires_on"] + dt.timedelta(days=1)
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class WebhookForm(_BodyOwnedForm):
    name = _name_field(_("Which system receives the messages."))
    body_help = _("Messages are sent for this body's meetings and newsletters.")
    url = forms.URLField(
        label=_("Address"),
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "form-input"}),
        help_text=_("The receiving system's address, beginning with https://."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[WebhookEvent.AGENDA_PUBLISHED, WebhookEvent.MINUTES_PUBLISHED],
    )
