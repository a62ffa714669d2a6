from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import Frequency


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        widget=forms.EmailInput(attrs={"class": "form-input", "autocomplete": "email"}),
        error_messages={"invalid": _("Enter a valid e-mail address.")},
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Frequency.choices,
        initial=Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
    )


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Frequency.choices, widget=forms.RadioSelect
    )
