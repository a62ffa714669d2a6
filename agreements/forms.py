"""Forms of the secretariat's agreement pages. They check the shape of the input; the rules
are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import FIRST_YEAR, LAST_YEAR, AgreementKind, Indicator
from core.form_fields import (
    PortalDateField,
    VersionedFormMixin,
    VersionField,
    model_choice_field,
)

DATE = forms.DateInput(attrs={"type": "date", "class": "form-input"}, format="%Y-%m-%d")
TEXT = forms.TextInput(attrs={"class": "form-input"})
AREA = forms.Textarea(attrs={"class": "form-input", "rows": 4})
RICH = forms.Textarea(attrs={"class": "form-input rich-text", "rows": 8})
NUMBER = forms.NumberInput(attrs={"class": "form-input", "step": "any"})
YEAR = forms.NumberInput(attrs={"class": "form-input input-width-xs", "inputmode": "numeric"})
SELECT = forms.Select(attrs={"class": "form-select"})


def year_field(label: Any, *, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        widget=YEAR,
    )


def value_field(label: Any, *, required: bool = False, places: int = 4) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=16,
        decimal_places=places,
        widget=NUMBER,
    )


class AgreementForm(VersionedFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, widget=TEXT)
    kind = forms.ModelChoiceField(
        label=_("Kind"),
        queryset=AgreementKind.objects.all(),
        required=False,
        widget=SELECT,
    )
    new_kind = forms.CharField(
        label=_("Or a new kind"),
        max_length=100,
        required=False,
        help_text=_("Name a kind that is not in the list; it is added for everyone."),
        widget=TEXT,
    )
    body: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Responsible body"), queryset=None, widget=SELECT
    )
    start = PortalDateField(label=_("Start of period"), widget=DATE)
    end = PortalDateField(
        label=_("End of period"),
        required=False,
        help_text=_("Leave empty for an agreement that runs until it is replaced."),
        widget=DATE,
    )
    parent: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Parent agreement"),
        queryset=None,
        required=False,
        help_text=_("The agreement this one is made within (national → regional → local)."),
        widget=SELECT,
    )
    is_internal = forms.BooleanField(
        label=_("Internal: only the secretariat sees the agreement"), required=False
    )
    summary = forms.CharField(label=_("Summary"), required=False, widget=RICH)
    version = VersionField(required=False)

    def __init__(self, *args: Any, bodies: Any, parents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "body").queryset = bodies
        model_choice_field(self, "parent").queryset = parents

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("kind") and not (cleaned.get("new_kind") or "").strip():
            self.add_error("kind", _("Choose the kind of agreement, or name a new one."))
        return cleaned


class PartyForm(forms.Form):
    organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, required=False, widget=SELECT
    )
    body: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Body"), queryset=None, required=False, widget=SELECT
    )
    municipality: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Municipality"), queryset=None, required=False, widget=SELECT
    )
    role = forms.CharField(
        label=_("Role"),
        max_length=200,
        required=False,
        help_text=_("E.g. operator, grant giver."),
        widget=TEXT,
    )

    def __init__(
        self, *args: Any, organisations: Any, bodies: Any, municipalities: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "organisation").queryset = organisations
        model_choice_field(self, "body").queryset = bodies
        model_choice_field(self, "municipality").queryset = municipalities

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        chosen = [n for n in ("organisation", "body", "municipality") if cleaned.get(n)]
        if len(chosen) != 1 and not self.errors:
            self.add_error(
                None, _("Choose exactly one party: an organisation, a body or a municipality.")
            )
        return cleaned


class EconomyLineForm(forms.Form):
    amount = value_field(_("Amount"), required=True, places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="DKK", widget=TEXT)
    year = year_field(_("Year"))
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        required=False,
        help_text=_("Where the money comes from."),
        widget=TEXT,
    )


class GoalForm(VersionedFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, widget=TEXT)
    description = forms.CharField(label=_("Description"), required=False, widget=AREA)
    version = VersionField(required=False)


class IndicatorForm(VersionedFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300, widget=TEXT)
    unit = forms.CharField(
        label=_("Unit"),
        max_length=60,
        required=False,
        help_text=_("E.g. companies, per cent, DKK million. Needed when there is a target."),
        widget=TEXT,
    )
    baseline_value = value_field(_("Baseline value"))
    baseline_year = year_field(_("Baseline year"))
    target_value = value_field(_("Target value"))
    target_year = year_field(_("Target year"))
    direction = forms.ChoiceField(
        label=_("The target is met by"),
        choices=Indicator.Direction.choices,
        initial=Indicator.Direction.AT_LEAST,
        widget=SELECT,
    )
    frequency = forms.ChoiceField(
        label=_("Frequency of measurement"),
        choices=Indicator.Frequency.choices,
        initial=Indicator.Frequency.YEARLY,
        widget=SELECT,
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        required=False,
        help_text=_("Where the figures come from."),
        widget=TEXT,
    )
    version = VersionField(required=False)


class MeasurementForm(forms.Form):
    year = year_field(_("Year"), required=True)
    measured_on = PortalDateField(
        label=_("Date"),
        required=False,
        help_text=_("Optional: the day the value is for, within the year."),
        widget=DATE,
    )
    value = value_field(_("Value"), required=True)
    note = forms.CharField(label=_("Note"), required=False, widget=AREA)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, required=False, widget=TEXT)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, image, Word, Excel or PowerPoint; at most 25 MB."),
        widget=forms.ClearableFileInput(attrs={"class": "form-file-input"}),
    )
    is_internal = forms.BooleanField(
        label=_("Internal: only the secretariat sees the document"), required=False
    )


class RenewForm(forms.Form):
    title = forms.CharField(label=_("Title of the new agreement"), max_length=300, widget=TEXT)
    start = PortalDateField(label=_("Start of period"), widget=DATE)
    end = PortalDateField(
        label=_("End of period"),
        required=False,
        help_text=_("Leave empty for an agreement that runs until it is replaced."),
        widget=DATE,
    )


class EndForm(forms.Form):
    ended_on = PortalDateField(label=_("Terminated on"), widget=DATE)


CHANGE_NOTE_HELP = _(
    "The agreement is in force: the change is kept as a new version with this note, shown "
    "on the agreement's page."
)


def change_note_field() -> forms.CharField:
    return forms.CharField(
        label=_("What changed and why"),
        max_length=2000,
        required=True,
        help_text=CHANGE_NOTE_HELP,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}),
        error_messages={
            "required": _(
                "The agreement is in force, so each change is kept as a new version. "
                "Write briefly what changed and why."
            )
        },
    )


def with_change_note(form: forms.Form, *, required: bool) -> forms.Form:
    """Add the required "What changed and why" field to a form of an agreement in force
    (``services.needs_change_note``); a draft's forms have none."""
    if required:
        form.fields["change_note"] = change_note_field()
    return form


class RemoveForm(forms.Form):
    """Confirm a removal from an agreement in force, with the change note."""

    change_note = change_note_field()
