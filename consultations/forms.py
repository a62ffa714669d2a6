"""Forms of the secretariat's pages and the municipality's answer form. They check the shape
of the input; the rules are the services'."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from consultations.models import AnswerFile, Question, RequestForInput
from core.form_fields import (
    PortalDateField,
    PortalDateTimeField,
    VersionedFormMixin,
    VersionField,
    choice_field,
    model_choice_field,
)
from meetings.forms import MultipleFileField, MultipleFileInput
from meetings.models import AgendaItem

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
    municipalities: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Municipalities"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # The organisations nominating to the body's seats (decision 0023).
    organisations: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        help_text=_("The organisations that nominate to the body's seats."),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reminder_days = forms.CharField(
        label=_("Reminders, days before the deadline"),
        required=False,
        max_length=60,
        initial="7, 2",
        help_text=_(
            "For example “7, 2”: those who have not submitted are reminded 7 and 2 days "
            "before the deadline. Leave empty for no reminders before it."
        ),
        widget=TEXT,
    )
    remind_after_deadline = forms.BooleanField(
        label=_("Remind the day after the deadline (only when late answers are accepted)"),
        required=False,
        initial=True,
    )
    meeting_item = forms.ModelChoiceField(
        label=_("The meeting item the answers feed"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("None"),
        widget=SELECT,
    )
    version = VersionField(required=False)

    def __init__(
        self,
        *args: Any,
        municipalities: Any,
        organisations: Any = None,
        meeting_items: QuerySet | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "municipalities").queryset = municipalities
        self.region_municipalities = municipalities
        if organisations is None or not organisations.exists():
            del self.fields["organisations"]
        else:
            model_choice_field(self, "organisations").queryset = organisations
        if meeting_items is not None:
            field = model_choice_field(self, "meeting_item")
            field.queryset = meeting_items
            field.label_from_instance = _item_label  # type: ignore[method-assign,assignment]  # Django's documented hook

    def clean_reminder_days(self) -> list[str]:
        text = self.cleaned_data["reminder_days"]
        return [part for part in text.replace(";", ",").replace(" ", ",").split(",") if part]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        chosen = set(cleaned.get("municipalities") or [])
        if cleaned.get("whole_region"):
            chosen |= set(self.region_municipalities)
        organisations = set(cleaned.get("organisations") or [])
        if not chosen and not organisations and "municipalities" not in self.errors:
            self.add_error(
                "municipalities",
                _("Choose at least one municipality.")
                if "organisations" not in self.fields
                else _("Choose at least one municipality or organisation."),
            )
        cleaned["recipients"] = sorted(chosen, key=lambda m: m.pk)
        cleaned["organisation_recipients"] = sorted(organisations, key=lambda o: o.pk)
        return cleaned


class RequestFollowUpForm(VersionedFormMixin, forms.Form):
    """What a sent request still lets change: the reminder plan and the meeting item the
    answers feed (the same fields as in ``RequestForm``)."""

    reminder_days = RequestForm.base_fields["reminder_days"]
    remind_after_deadline = RequestForm.base_fields["remind_after_deadline"]
    meeting_item = RequestForm.base_fields["meeting_item"]
    version = VersionField(required=False)

    clean_reminder_days = RequestForm.clean_reminder_days

    def __init__(self, *args: Any, meeting_items: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = model_choice_field(self, "meeting_item")
        field.queryset = meeting_items
        field.label_from_instance = _item_label  # type: ignore[method-assign,assignment]  # as in RequestForm


def _item_label(item: AgendaItem) -> str:
    when = date_format(timezone.localtime(item.meeting.starts_at), "DATE_FORMAT")
    return f"{when}: {item.title}"


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
    table_rows = forms.CharField(
        label=_("Table rows"),
        required=False,
        help_text=_("For table questions: one row a line (for example one per activity)."),
        widget=AREA,
    )
    table_columns = forms.CharField(
        label=_("Table columns"),
        required=False,
        help_text=_("For table questions: the columns to fill in, one a line."),
        widget=AREA,
    )

    def clean_choices(self) -> list[str]:
        return _lines(self.cleaned_data["choices"])

    def clean_table_rows(self) -> list[str]:
        return _lines(self.cleaned_data["table_rows"])

    def clean_table_columns(self) -> list[str]:
        return _lines(self.cleaned_data["table_columns"])


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


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
    if kind == Question.Kind.FILE:
        return MultipleFileField(
            widget=MultipleFileInput(attrs={"class": "form-file-input"}), **common
        )
    if kind == Question.Kind.TABLE:
        # The cells are fields of their own (``cell_fields``); this one carries the
        # question's messages.
        return forms.CharField(widget=forms.HiddenInput, **common)
    if kind == Question.Kind.YES_NO:
        return forms.TypedChoiceField(
            choices=[("yes", _("Yes")), ("no", _("No"))],
            coerce=lambda v: v == "yes",
            empty_value=None,
            widget=forms.RadioSelect,
            **common,
        )
    return PortalDateField(widget=DATE, **common)


def cell_name(question: Question, row: int, column: int) -> str:
    return f"q{question.pk}_r{row}_c{column}"


class AnswerForm(VersionedFormMixin, forms.Form):
    """One field per question (``q<id>``), one per cell of a table question
    (``q<id>_r<row>_c<column>``), the stored files to remove (``remove_files``) and the
    response's version (0: none yet)."""

    version = VersionField()
    remove_files = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())

    def __init__(
        self,
        *args: Any,
        questions: list[Question],
        stored_files: Sequence[AnswerFile] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        choice_field(self, "remove_files").choices = [(f.pk, f.original_name) for f in stored_files]
        for question in questions:
            self.fields[f"q{question.pk}"] = _field_for(question)
            if question.kind == Question.Kind.TABLE:
                for r, row in enumerate(question.table_rows):
                    for c, column in enumerate(question.table_columns):
                        self.fields[cell_name(question, r, c)] = forms.CharField(
                            label=f"{row}: {column}",
                            required=False,
                            max_length=2000,
                            widget=TEXT,
                        )

    def values(self) -> dict[int, Any]:
        """The typed answers per question; a table as {"row": {"column": "text"}}. Files
        are not answers here (``files_by_question``)."""
        values: dict[int, Any] = {}
        for q in self.questions:
            if q.kind == Question.Kind.FILE:
                continue
            if q.kind == Question.Kind.TABLE:
                values[q.pk] = {
                    row: {
                        column: self.cleaned_data.get(cell_name(q, r, c)) or ""
                        for c, column in enumerate(q.table_columns)
                    }
                    for r, row in enumerate(q.table_rows)
                }
                continue
            values[q.pk] = self.cleaned_data.get(f"q{q.pk}")
        return values

    def files_by_question(self) -> dict[int, list[Any]]:
        return {
            q.pk: [f for f in self.cleaned_data.get(f"q{q.pk}") or [] if f is not None]
            for q in self.questions
            if q.kind == Question.Kind.FILE
        }

    def rows(self) -> list[tuple[Question, Any]]:
        return [(q, self[f"q{q.pk}"]) for q in self.questions]

    def table(self, question: Question) -> list[tuple[str, list[Any]]]:
        """A table question's rows, each with its bound cell fields in column order."""
        return [
            (row, [self[cell_name(question, r, c)] for c in range(len(question.table_columns))])
            for r, row in enumerate(question.table_rows)
        ]


def answer_initial(questions: list[Question], answers: dict[int, Any]) -> dict[str, Any]:
    """The stored answers as the form's initial values."""
    initial: dict[str, Any] = {}
    for question in questions:
        value = answers.get(question.pk)
        if value is None:
            continue
        if question.kind == Question.Kind.FILE:
            continue
        if question.kind == Question.Kind.TABLE:
            if isinstance(value, dict):
                for r, row in enumerate(question.table_rows):
                    cells = value.get(row) or {}
                    for c, column in enumerate(question.table_columns):
                        if isinstance(cells, dict) and cells.get(column):
                            initial[cell_name(question, r, c)] = cells[column]
            continue
        if question.kind == Question.Kind.YES_NO:
            value = "yes" if value else "no"
        initial[f"q{question.pk}"] = value
    return initial


class AttachmentUploadForm(forms.Form):
    # A field, taken out of the class by Django's form metaclass: it does not replace
    # ``BaseForm.files`` on an instance.
    files = MultipleFileField(  # type: ignore[assignment]  # see the comment above
        label=_("Attachments"),
        help_text=_("Several at once; PDF, images, Word, Excel or PowerPoint, at most 25 MB each."),
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=300,
        help_text=_("Leave empty to use the file name (one file), or the file names."),
        widget=TEXT,
    )


class AttachmentTitleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, widget=TEXT)
