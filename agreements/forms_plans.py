"""Forms of action plans, evaluations, linked meeting items and plan matrices. They check the
shape of the input; the rules are in ``agreements.services_plans``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.forms import AREA, DATE, RICH, SELECT, TEXT
from agreements.models import Activity
from core.form_fields import PortalDateField, VersionedFormMixin, VersionField, model_choice_field


class TrackForm(VersionedFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, widget=TEXT)
    description = forms.CharField(label=_("Description"), required=False, widget=RICH)
    owner_body: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Owner (body)"), queryset=None, required=False, widget=SELECT
    )
    owner_organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Or owner (organisation)"), queryset=None, required=False, widget=SELECT
    )
    followed_by: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Followed by"),
        queryset=None,
        required=False,
        help_text=_("The forums that follow the track (hold Ctrl to choose more)."),
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
    )
    version = VersionField(required=False)

    def __init__(self, *args: Any, bodies: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "owner_body").queryset = bodies
        model_choice_field(self, "owner_organisation").queryset = organisations
        model_choice_field(self, "followed_by").queryset = bodies


class ActivityForm(VersionedFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, widget=TEXT)
    description = forms.CharField(label=_("Description"), required=False, widget=AREA)
    responsible_organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Responsible organisation"), queryset=None, required=False, widget=SELECT
    )
    responsible_text = forms.CharField(
        label=_("Responsible"),
        max_length=300,
        required=False,
        help_text=_("E.g. a working group; or choose an organisation."),
        widget=TEXT,
    )
    start = PortalDateField(label=_("Start"), required=False, widget=DATE)
    end = PortalDateField(label=_("End"), required=False, widget=DATE)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Activity.Status.choices,
        initial=Activity.Status.PLANNED,
        widget=SELECT,
    )
    version = VersionField(required=False)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "responsible_organisation").queryset = organisations


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, widget=TEXT)
    due_on = PortalDateField(
        label=_("Due"),
        help_text=_("A date outside the activity's dates is allowed; the page marks it."),
        widget=DATE,
    )
    done_on = PortalDateField(label=_("Done"), required=False, widget=DATE)


class EvaluationForm(VersionedFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, widget=TEXT)
    due_on = PortalDateField(
        label=_("Due by"),
        help_text=_("E.g. 31 December 2017 for “before the end of 2017”."),
        widget=DATE,
    )
    conclusion = forms.CharField(label=_("Conclusion"), required=False, widget=RICH)
    done_on = PortalDateField(label=_("Done"), required=False, widget=DATE)
    document = forms.FileField(
        label=_("Document"),
        required=False,
        help_text=_("PDF, image, Word, Excel or PowerPoint; at most 25 MB."),
        widget=forms.ClearableFileInput(attrs={"class": "form-file-input"}),
    )
    version = VersionField(required=False)


class MeetingItemChoiceField(forms.ModelChoiceField):
    """A meeting item named by its body, date and title."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.meeting.body} {obj.meeting.starts_at:%d.%m.%Y}: {obj.title}"


class ItemLinkForm(forms.Form):
    item = MeetingItemChoiceField(label=_("Meeting item"), queryset=None, widget=SELECT)
    track: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Track"),
        queryset=None,
        required=False,
        help_text=_("Leave empty to link the item to the agreement as a whole."),
        widget=SELECT,
    )

    def __init__(self, *args: Any, items: Any, tracks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "item").queryset = items
        model_choice_field(self, "track").queryset = tracks


def _lines(label: Any, help_text: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}),
    )


class MatrixForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, widget=TEXT)
    levels = _lines(_("Levels (columns)"), _("One a line, e.g. Regional level, Municipal level."))
    sections = _lines(
        _("Sections (rows under each theme)"),
        _("One a line, e.g. Current state, Goal, Activities."),
    )
    introduction = forms.CharField(label=_("Introduction"), required=False, widget=RICH)


class MatrixThemeForm(forms.Form):
    name = forms.CharField(label=_("Theme"), max_length=300, widget=TEXT)


class MatrixCellForm(VersionedFormMixin, forms.Form):
    text = forms.CharField(label=_("Text"), required=False, widget=RICH)
    version = VersionField(required=False)


class FootnoteForm(forms.Form):
    number = forms.IntegerField(
        label=_("Number"),
        min_value=1,
        max_value=999,
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
    )
    text = forms.CharField(
        label=_("Text"),
        max_length=1000,
        required=False,
        help_text=_("Leave empty to remove the footnote."),
        widget=AREA,
    )
