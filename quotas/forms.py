from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.form_fields import model_choice_field
from councils.models import Municipality
from quotas.models import DistributionAgreementLine

# The largest number a quota, figure or count can hold (PostgreSQL ``integer``): larger
# numbers are a form error, not a database error.
from quotas.services import MAX_INTEGER

# Browsers read a date input only in ISO format, whatever the page's language.
DATE = forms.DateInput(attrs={"type": "date", "class": "form-input"}, format="%Y-%m-%d")
TEXT = forms.TextInput(attrs={"class": "form-input"})
NUMBER = forms.NumberInput(attrs={"class": "form-input", "min": "0"})


class QuotaYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, widget=NUMBER)
    is_example = forms.BooleanField(label=_("Invented figures (example)"), required=False)


class InputFileForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file with the input data"),
        help_text=_(
            "Columns: municipality_code, region_code, population, immigrants_and_refugees, "
            "family_reunified. Comma or semicolon; UTF-8 or Excel's Windows-1252."
        ),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-file-input", "accept": ".csv,text/csv"}
        ),
    )

    MAX_BYTES = 2 * 1024 * 1024

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB; is it the right file?"))
        return upload


class NationalFigureForm(forms.Form):
    figure = forms.IntegerField(
        label=_("National figure"), min_value=0, max_value=MAX_INTEGER, widget=NUMBER
    )
    announced_on = forms.DateField(label=_("Announced on"), widget=DATE, initial=dt.date.today)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}),
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        required=False,
        widget=TEXT,
        help_text=_("For example: bekendtgørelse nr. 550 af 2022, § 4."),
    )


class DistributionAgreementDraftForm(forms.Form):
    deadline = forms.DateField(label=_("Deadline for the municipalities"), widget=DATE)
    has_change_clause = forms.BooleanField(
        label=_("The agreement has a change clause"), required=False
    )


class VersionForm(forms.Form):
    """``?version=`` on the year page: a version number, or nothing for the newest."""

    version = forms.IntegerField(min_value=1, max_value=MAX_INTEGER, required=False)


class DistributionAgreementNumbersForm(forms.Form):
    """The secretariat's numbers for each municipality of an agreement, and the version of
    the agreement they were typed against (optimistic locking)."""

    version = forms.IntegerField(min_value=0, max_value=MAX_INTEGER, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, lines: Iterable[DistributionAgreementLine] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            self.fields[f"quota_{line.municipality_id}"] = forms.IntegerField(
                label=line.municipality.name, min_value=0, max_value=MAX_INTEGER
            )

    def quotas(self) -> dict[int, int]:
        """Municipality id -> quota, from a valid form."""
        return {
            line.municipality_id: self.cleaned_data[f"quota_{line.municipality_id}"]
            for line in self.lines
        }


class DistributionAgreementAnswerForm(forms.Form):
    confirm = forms.TypedChoiceField(
        label=_("Your answer"),
        choices=[("yes", _("We confirm the number")), ("no", _("We have a comment"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs={"class": "form-radio-input"}),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}),
    )


class DistributionAgreementFinaliseForm(forms.Form):
    document_title = forms.CharField(
        label=_("Title of the signed agreement"), required=False, widget=TEXT
    )
    document = forms.FileField(label=_("Signed agreement (PDF)"), required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        upload = data.get("document")
        if upload is not None:
            head = upload.read(5)
            upload.seek(0)
            if head != b"%PDF-":
                self.add_error("document", _("The document must be a PDF file."))
            if not data.get("document_title"):
                data["document_title"] = upload.name
        return data


class PlacementForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    placed_on = forms.DateField(label=_("Date"), widget=DATE)
    count = forms.IntegerField(
        label=_("Number of persons"), min_value=1, max_value=MAX_INTEGER, widget=NUMBER
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200, widget=TEXT)

    def __init__(
        self, *args: Any, municipalities: QuerySet[Municipality] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "municipality").queryset = (
            municipalities or Municipality.objects.none()
        )


class ManualQuotasForm(NationalFigureForm):
    file = forms.FileField(
        label=_("CSV file with the quotas"),
        help_text=_(
            "Columns: municipality_code, region_code, quota. The regional quotas are the "
            "sums per region; together they must equal the national figure."
        ),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-file-input", "accept": ".csv,text/csv"}
        ),
    )
