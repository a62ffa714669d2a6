from django import forms
from django.utils.translation import gettext_lazy as _

from councils.models import Body
from kkr_portal.form_fields import PortalDateField, VersionedFormMixin, VersionField


class BodyEditForm(VersionedFormMixin, forms.ModelForm):
    version = VersionField()
    website = forms.URLField(
        label=Body._meta.get_field("website").verbose_name,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "form-input"}),
    )

    class Meta:
        model = Body
        fields = ["short_name", "description", "website", "is_active"]
        widgets = {
            "short_name": forms.TextInput(attrs={"class": "form-input"}),
            "description": forms.Textarea(attrs={"class": "form-input", "rows": 5}),
        }


DATE = forms.DateInput(attrs={"type": "date", "class": "form-input"}, format="%Y-%m-%d")
TEXT = forms.TextInput(attrs={"class": "form-input"})


class NominationForm(forms.Form):
    candidate_name = forms.CharField(label=_("Candidate's name"), max_length=200, widget=TEXT)
    candidate_title = forms.CharField(
        label=_("Title or position"), max_length=200, required=False, widget=TEXT
    )
    candidate_email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        widget=forms.EmailInput(attrs={"class": "form-input"}),
    )
    candidate_is_elected_politician = forms.BooleanField(
        label=_("The candidate is an elected politician"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )
    municipality = forms.ModelChoiceField(
        label=_("Proposed on behalf of"),
        queryset=None,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    motivation = forms.CharField(
        label=_("Why this candidate?"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 4}),
    )

    def __init__(self, *args, municipalities=None, require_municipality=False, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        from councils.models import Municipality

        self.fields["municipality"].queryset = municipalities or Municipality.objects.none()
        self.fields["municipality"].required = require_municipality


class NominationAcceptForm(forms.Form):
    start = PortalDateField(label=_("Member from"), widget=DATE)
    end = PortalDateField(label=_("Member until"), required=False, widget=DATE)
    decided_on = PortalDateField(label=_("Decided on"), required=False, widget=DATE)
    decision_reference = forms.CharField(
        label=_("Decided at"),
        required=False,
        max_length=200,
        widget=TEXT,
        help_text=_("For example: KD-Net 22 August 2014, item 15.2."),
    )


class NominationDeclineForm(forms.Form):
    decline_reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"class": "form-input", "rows": 3})
    )
