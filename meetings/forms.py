from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.form_fields import (
    FIRST_YEAR,
    LAST_YEAR,
    PortalDateField,
    PortalDateTimeField,
    VersionedFormMixin,
    VersionField,
    choice_field,
    model_choice_field,
)
from core.widgets import Select
from councils.models import Person
from meetings.models import AgendaItem, Attendance, Meeting, MinutesApprovalRule
from meetings.numbering import agenda_order
from meetings.planning import DEFAULT_COUNTRY, working_days_before

DATE = forms.DateInput(attrs={"type": "date", "class": "form-input"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local", "class": "form-input"}, format="%Y-%m-%dT%H:%M"
)
TEXT = forms.TextInput(attrs={"class": "form-input"})
RICH = forms.Textarea(attrs={"class": "form-input rich-text", "rows": 8})


class MeetingForm(forms.Form):
    starts_at = PortalDateTimeField(label=_("Starts"), widget=DATETIME)
    ends_at = PortalDateTimeField(label=_("Ends"), required=False, widget=DATETIME)
    place = forms.CharField(label=_("Place"), max_length=300, required=False, widget=TEXT)
    agenda_deadline = PortalDateField(label=_("Agenda deadline"), required=False, widget=DATE)


class MeetingEditForm(VersionedFormMixin, MeetingForm):
    """Change a meeting's time, end, place and agenda deadline (optimistic locking)."""

    version = VersionField()


class MeetingPlanForm(forms.Form):
    dates = forms.CharField(
        label=_("Meetings of the year, one per line"),
        help_text=_(
            "Date and time, e.g. 2027-03-12 09:00. A line may add the place after a "
            "comma: 2027-03-12 09:00, Silkeborg."
        ),
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 8}),
    )
    deadline_working_days = forms.IntegerField(
        label=_("Agenda deadline: working days before the meeting"),
        help_text=_("Leave empty for no deadline. Working days are Monday to Friday."),
        required=False,
        min_value=0,
        max_value=60,
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
    )

    def plan(self, country: str = DEFAULT_COUNTRY) -> list[tuple[dt.datetime, str, dt.date | None]]:
        """The meetings to plan with their deadlines (after ``is_valid``); working days are
        counted with ``country``'s public holidays."""
        days = self.cleaned_data.get("deadline_working_days")
        rows = []
        for starts_at, place in sorted(self.cleaned_data["dates"], key=lambda row: row[0]):
            deadline = (
                working_days_before(timezone.localtime(starts_at).date(), days, country)
                if days is not None
                else None
            )
            rows.append((starts_at, place, deadline))
        return rows

    def clean_dates(self) -> list[tuple[dt.datetime, str]]:
        result, errors = [], []
        for number, line in enumerate(self.cleaned_data["dates"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            when, _sep, place = line.partition(",")
            try:
                moment = dt.datetime.strptime(when.strip(), "%Y-%m-%d %H:%M")
                if not FIRST_YEAR <= moment.year <= LAST_YEAR:
                    raise ValueError(moment.year)
            except ValueError:
                errors.append(
                    _("Line %(line)d: “%(value)s” is not a date and time like 2027-03-12 09:00.")
                    % {"line": number, "value": when.strip()}
                )
                continue
            result.append((timezone.make_aware(moment), place.strip()))
        if errors:
            raise forms.ValidationError(errors)
        if not result:
            raise forms.ValidationError(_("Write at least one date."))
        return result


class MeetingPlanRuleForm(forms.Form):
    """A body's meeting plan rule (``services.meeting_plan_rule_set``)."""

    item_deadline_working_days = forms.IntegerField(
        label=_("Items for the agenda are due: working days before the meeting"),
        help_text=_(
            "Leave empty for no deadline. Items added later are marked late. A meeting's "
            "own agenda deadline overrides it."
        ),
        required=False,
        min_value=0,
        max_value=60,
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
    )
    publication_working_days = forms.IntegerField(
        label=_("The agenda is published: working days before the meeting"),
        help_text=_("Leave empty for no rule. For example 4: published four working days before."),
        required=False,
        min_value=0,
        max_value=60,
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
    )


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, widget=TEXT)
    parent = forms.ModelChoiceField(
        label=_("Sub-item of"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("(top-level item)"),
        widget=Select(attrs={"class": "form-select"}),
    )
    presenter = forms.ModelChoiceField(
        label=_("Presenter"),
        queryset=Person.objects.none(),
        required=False,
        widget=Select(attrs={"class": "form-select"}),
    )
    presenter_text = forms.CharField(
        label=_("Presenter (free text)"), max_length=200, required=False, widget=TEXT
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=AgendaItem.Kind.choices,
        widget=Select(attrs={"class": "form-select"}),
    )
    case_text = forms.CharField(label=_("Case text"), required=False, widget=RICH)
    recommendation = forms.CharField(label=_("Recommendation"), required=False, widget=RICH)
    is_closed = forms.BooleanField(
        label=_("Closed item (only members and the secretariat see it)"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )

    def __init__(
        self,
        *args: Any,
        meeting: Meeting | None = None,
        item: AgendaItem | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if meeting is not None:
            top = AgendaItem.objects.filter(meeting=meeting, parent__isnull=True)
            if item is not None:
                top = top.exclude(pk=item.pk)
            model_choice_field(self, "parent").queryset = top.order_by("position")
            # Only what the select shows (a person's str() is the name): the body's members
            # are a hundred or more, each row otherwise read whole for the option.
            model_choice_field(self, "presenter").queryset = (
                Person.objects.filter(memberships__body=meeting.body)
                .distinct()
                .order_by("name")
                .only("pk", "name")
            )
        if item is not None:
            del self.fields["parent"]  # moving between levels is done by re-adding


class ItemEditForm(VersionedFormMixin, ItemForm):
    decision = forms.CharField(label=_("Decision"), required=False, widget=RICH)
    decision_type = forms.ChoiceField(
        label=_("Decision type"),
        required=False,
        choices=[("", "---------")],
        widget=Select(attrs={"class": "form-select"}),
    )
    version = VersionField()

    def __init__(
        self,
        *args: Any,
        meeting: Meeting | None = None,
        item: AgendaItem | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, meeting=meeting, item=item, **kwargs)
        if meeting is not None:
            from meetings.minutes import decision_type_choices, decision_type_labels

            offered = decision_type_choices(meeting.body_id)
            current = item.decision_type if item is not None else ""
            if current and current not in dict(offered):
                # A retired type stays on the items decided with it.
                offered.append(
                    (current, decision_type_labels(meeting.body_id).get(current, current))
                )
            choice_field(self, "decision_type").choices = [("", "---------"), *offered]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-file-input"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class AttachmentForm(forms.Form):
    # A field named "files": the form's metaclass moves it into base_fields, so it does not
    # replace BaseForm.files at run time, which the type checker cannot know.
    files = MultipleFileField(  # type: ignore[assignment]  # see above
        label=_("Attachments (bilag)"),
        help_text=_("Several at once; PDF, images, Word, Excel or PowerPoint, at most 25 MB each."),
    )
    is_closed = forms.BooleanField(
        label=_("Closed attachments"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )


class PublishForm(forms.Form):
    change_note = forms.CharField(
        label=_("What changed since the last publication"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}),
    )
    at = PortalDateTimeField(
        label=_("Publish at (leave empty to publish now)"), required=False, widget=DATETIME
    )
    confirm_missing = forms.BooleanField(
        label=_("Publish even though some items have no decision"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )


class AttendanceForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Person.objects.none(),
        widget=Select(attrs={"class": "form-select"}),
    )
    status = forms.ChoiceField(
        label=_("Attended as"),
        choices=Attendance.Status.choices,
        widget=Select(attrs={"class": "form-select"}),
    )
    substitute_for = forms.ModelChoiceField(
        label=_("Substitute for"),
        queryset=Person.objects.none(),
        required=False,
        widget=Select(attrs={"class": "form-select"}),
    )
    left_after = forms.ModelChoiceField(
        label=_("Left the meeting after item"),
        queryset=AgendaItem.objects.none(),
        required=False,
        widget=Select(attrs={"class": "form-select"}),
    )
    joined_at = forms.ModelChoiceField(
        label=_("Joined the meeting at item"),
        queryset=AgendaItem.objects.none(),
        required=False,
        widget=Select(attrs={"class": "form-select"}),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False, widget=TEXT)

    def __init__(self, *args: Any, meeting: Meeting | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if meeting is not None:
            ordered = agenda_order(AgendaItem.objects.filter(meeting=meeting))
            for name in ("left_after", "joined_at"):
                field = model_choice_field(self, name)
                field.queryset = AgendaItem.objects.filter(meeting=meeting)
                # In agenda order (1, 2, 2.1, 3 ...), as the secretary reads the agenda.
                field.choices = [("", "---------")] + [
                    (item.pk, f"{number}. {item.title}") for number, item in ordered
                ]
            people = Person.objects.order_by("name")
            model_choice_field(self, "person").queryset = people
            model_choice_field(self, "substitute_for").queryset = (
                Person.objects.filter(memberships__body=meeting.body).distinct().order_by("name")
            )


class ItemReparentForm(forms.Form):
    """Move an item under another top-level item, or out to the top level."""

    parent = forms.TypedChoiceField(
        label=_("Move under"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, item: AgendaItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        top = agenda_order(
            AgendaItem.objects.filter(meeting_id=item.meeting_id, parent__isnull=True)
        )
        choice_field(self, "parent").choices = [("", _("(top-level item)"))] + [
            (other.pk, f"{number}. {other.title}") for number, other in top if other.pk != item.pk
        ]
        self.initial.setdefault("parent", item.parent_id or "")


class AttachmentTitleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, widget=TEXT)


class NewsletterCreateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    content = forms.CharField(label=_("Text"), widget=RICH)


class NewsletterForm(VersionedFormMixin, NewsletterCreateForm):
    version = VersionField()


class DisqualificationForm(forms.Form):
    """Someone disqualified (inhabil) on an item."""

    item = forms.ModelChoiceField(
        label=_("Item"),
        queryset=AgendaItem.objects.none(),
        widget=Select(attrs={"class": "form-select"}),
    )
    person = forms.ModelChoiceField(
        label=_("Disqualified person"),
        queryset=Person.objects.none(),
        widget=Select(attrs={"class": "form-select"}),
    )
    note = forms.CharField(label=_("Reason"), max_length=200, required=False, widget=TEXT)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ordered = agenda_order(AgendaItem.objects.filter(meeting=meeting))
        item = model_choice_field(self, "item")
        item.queryset = AgendaItem.objects.filter(meeting=meeting)
        item.choices = [("", "---------")] + [
            (row.pk, f"{number}. {row.title}") for number, row in ordered
        ]
        model_choice_field(self, "person").queryset = Person.objects.filter(
            pk__in=Attendance.objects.filter(meeting=meeting).values("person_id")
        ).order_by("name")


class MinutesSettingsForm(forms.Form):
    approval = forms.ChoiceField(
        label=_("The minutes are approved"),
        choices=MinutesApprovalRule.choices,
        widget=forms.RadioSelect(attrs={"class": "form-radio"}),
    )


class DecisionTypeForm(forms.Form):
    label = forms.CharField(label=_("New decision type"), max_length=100, widget=TEXT)


class AdjustersForm(forms.Form):
    persons = forms.TypedMultipleChoiceField(
        label=_("Adjusters (justerare)"),
        coerce=int,
        help_text=_("The chair adjusts by office."),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
    )

    def __init__(self, *args: Any, people: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "persons").choices = [(p.pk, p.name) for p in people]


class MinutesCommentForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Comment for the secretary"),
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}),
    )


class CommentResolveForm(forms.Form):
    comment = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"class": "form-input", "rows": 3})
    )
    change_decision = forms.BooleanField(
        label=_("Change the item's decision to the text below"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )
    decision = forms.CharField(label=_("Decision"), required=False, widget=RICH)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
