"""Forms of the secretariat's pages and the municipality's answer form. They check the shape
of the input; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.models import Question, RequestForInput
from core.form_fields import PortalDateField, PortalDateTimeField, VersionedFormMixin, VersionField

DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local", "class": "form-input"}, format="%Y-%m-%dT%H:%M"
)
DATE = forms.DateInput(attrs={"type": "date", "class": "form-input"}, format="%Y-%m-%d")
TEXT = forms.TextInput(attrs={"class": "form-input"})
AREA = forms.Textarea(attrs={"class": "form-input", "rows": 6})
RICH = forms.Textarea(attrs={"class": "form-input rich-text", "rows": 8})
NUMBER = forms.NumberInput(attrs={"class": "form-input", "step": "any"})
SELECT = forms.Select(attrs={"class": "form-select"})


class RequestForm(VersionedFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, widget=TEXT)
    introduction = forms.CharField(label=_("Introduction"), required=False, widget=RICH)
    deadline = PortalDateTimeField(
        label=_("Deadline"), help_text=_("Date and time, Danish time."), widget=DATETIME
    )
    allows_late = forms.BooleanField(label=_("Accept late answers (marked late)"), required=False)
    answers_visibility = forms.ChoiceField(
        label=_("Who may read the answers"),
        choices=RequestForInput.Visibility.choices,
        widget=forms.RadioSelect,
        initial=RequestForInput.Visibility.SECRETARIAT,
    )
    whole_region = forms.BooleanField(
        label=_("All municipalities of the body's region"), required=False
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Recipients"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = VersionField(required=False)

    def __init__(self, *args: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = municipalities
        self.region_municipalities = municipalities

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        chosen = set(cleaned.get("municipalities") or [])
        if cleaned.get("whole_region"):
            chosen |= set(self.region_municipalities)
        if not chosen and "municipalities" not in self.errors:
            self.add_error("municipalities", _("Choose at least one municipality."))
        cleaned["recipients"] = sorted(chosen, key=lambda m: m.pk)
        return cleaned


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices, widget=SELECT)
    text = forms.CharField(label=_("Question"), max_length=500, widget=TEXT)
    help_text = forms.CharField(label=_("Help text"), required=False, widget=AREA)
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        help_text=_("For choice questions: one choice a line."),
        widget=AREA,
    )
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False, widget=TEXT)
    min_value = forms.DecimalField(
        label=_("Smallest number"), required=False, max_digits=18, decimal_places=4, widget=NUMBER
    )
    max_value = forms.DecimalField(
        label=_("Largest number"), required=False, max_digits=18, decimal_places=4, widget=NUMBER
    )

    def clean_choices(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]


class DeadlineForm(forms.Form):
    deadline = PortalDateTimeField(label=_("New deadline"), widget=DATETIME)


def _field_for(question: Question) -> forms.Field:
    common: dict[str, Any] = {
        "label": question.text,
        "required": False,  # required answers are checked when submitting (services)
        "help_text": question.help_text,
    }
    kind = question.kind
    if kind == Question.Kind.SHORT_TEXT:
        return forms.CharField(max_length=1000, widget=TEXT, **common)
    if kind == Question.Kind.LONG_TEXT:
        return forms.CharField(max_length=50_000, widget=RICH, **common)
    if kind == Question.Kind.NUMBER:
        if question.unit:
            common["label"] = f"{question.text} ({question.unit})"
        return forms.DecimalField(
            max_digits=18,
            decimal_places=4,
            widget=NUMBER,
            error_messages={"invalid": _("Write a number, for example 12 or 12,5.")},
            localize=True,
            **common,
        )
    if kind == Question.Kind.SINGLE_CHOICE:
        return forms.ChoiceField(
            choices=[(c, c) for c in question.choices], widget=forms.RadioSelect, **common
        )
    if kind == Question.Kind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=[(c, c) for c in question.choices],
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if kind == Question.Kind.YES_NO:
        return forms.TypedChoiceField(
            choices=[("yes", _("Yes")), ("no", _("No"))],
            coerce=lambda v: v == "yes",
            empty_value=None,
            widget=forms.RadioSelect,
            **common,
        )
    return PortalDateField(widget=DATE, **common)


class AnswerForm(VersionedFormMixin, forms.Form):
    """One field per question (``q<id>``) and the response's version (0: none yet)."""

    version = VersionField()

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = _field_for(question)

    def values(self) -> dict[int, Any]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}

    def rows(self) -> list[tuple[Question, Any]]:
        return [(q, self[f"q{q.pk}"]) for q in self.questions]


def answer_initial(questions: list[Question], answers: dict[int, Any]) -> dict[str, Any]:
    """The stored answers as the form's initial values."""
    initial: dict[str, Any] = {}
    for question in questions:
        value = answers.get(question.pk)
        if value is None:
            continue
        if question.kind == Question.Kind.YES_NO:
            value = "yes" if value else "no"
        initial[f"q{question.pk}"] = value
    return initial
