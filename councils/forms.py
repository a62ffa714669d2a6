from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.forms import AccountField
from core.form_fields import PortalDateField, VersionedFormMixin, VersionField, model_choice_field
from councils.models import Body, BodyKind, MembershipRole, Municipality, Organisation, Person


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
CHECKBOX = forms.CheckboxInput(attrs={"class": "form-checkbox"})
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
    municipality: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
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

    def __init__(
        self,
        *args: Any,
        municipalities: QuerySet[Municipality] | None = None,
        require_municipality: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        from councils.models import Municipality

        municipality = model_choice_field(self, "municipality")
        municipality.queryset = municipalities or Municipality.objects.none()
        municipality.required = require_municipality


class AppointmentFieldsForm(forms.Form):
    """What an appointment is made with, whether a nomination is accepted or someone is
    appointed directly: the membership's dates, the decision, and the confirmation asked
    when the seat requires an elected politician."""

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
    # Shown only after the warning that the seat requires an elected politician.
    confirm_not_politician = forms.BooleanField(
        label=_("Appoint anyway: I know the person is not registered as an elected politician"),
        required=False,
        widget=CHECKBOX,
    )


class NominationAcceptForm(AppointmentFieldsForm):
    """Accept a proposed candidate (the fields go to ``nomination_accept`` as they are)."""


class NominationDeclineForm(forms.Form):
    decline_reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"class": "form-input", "rows": 3})
    )


# --- Composition upkeep by the secretariat (issue 12) ------------------------------------

SELECT = forms.Select(attrs={"class": "form-select"})
SEAT_ROLES = [
    (value, label)
    for value, label in MembershipRole.choices
    if value not in (MembershipRole.SUBSTITUTE, MembershipRole.SECRETARY)
]


class SeatForm(forms.Form):
    """A seat's description; with ``count`` when creating seats of one kind."""

    count = forms.IntegerField(
        label=_("Number of seats"),
        min_value=1,
        max_value=100,
        initial=1,
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
    )
    label = forms.CharField(
        label=_("Name of the seat"),
        max_length=200,
        widget=TEXT,
        help_text=_("For example: Municipal members, or Nominated by DA."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=SEAT_ROLES, widget=SELECT)
    nominating_organisation = forms.ModelChoiceField(
        label=_("Nominated by organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=SELECT,
        help_text=_("Leave empty for seats the municipalities propose candidates for."),
    )
    appointing_body = forms.ModelChoiceField(
        label=_("Appointed by"),
        queryset=Body.objects.filter(is_active=True).order_by("name"),
        required=False,
        widget=SELECT,
        help_text=_("Leave empty when the body itself appoints."),
    )
    requires_elected_politician = forms.BooleanField(
        label=_("Must be held by an elected politician"), required=False, widget=CHECKBOX
    )
    has_personal_substitute = forms.BooleanField(
        label=_("Has a personal substitute"), required=False, widget=CHECKBOX
    )

    def __init__(self, *args: Any, with_count: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_count:
            del self.fields["count"]


class TermForm(forms.Form):
    start = PortalDateField(label=_("First day"), widget=DATE)
    end = PortalDateField(label=_("Last day"), widget=DATE)


class EndDateForm(forms.Form):
    end = PortalDateField(label=_("Last day"), widget=DATE)


class AppointForm(AppointmentFieldsForm):
    """Appoint someone directly: a registered person, or a new one described here."""

    field_order = [
        "person",
        "new_name",
        "new_title",
        "new_email",
        "new_is_elected_politician",
        "municipality",
        "start",
        "end",
        "decided_on",
        "decision_reference",
        "decision_url",
        "confirm_not_politician",
    ]

    person = forms.ModelChoiceField(
        label=_("Registered person"),
        queryset=Person.objects.order_by("name"),
        required=False,
        widget=SELECT,
        help_text=_("Or leave empty and describe a new person below."),
    )
    new_name = forms.CharField(
        label=_("New person's name"), max_length=200, required=False, widget=TEXT
    )
    new_title = forms.CharField(
        label=_("Title or position"), max_length=200, required=False, widget=TEXT
    )
    new_email = forms.EmailField(
        label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"class": "form-input"})
    )
    new_is_elected_politician = forms.BooleanField(
        label=_("The new person is an elected politician"), required=False, widget=CHECKBOX
    )
    municipality = forms.ModelChoiceField(
        label=_("Representing municipality"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        widget=SELECT,
    )
    decision_url = forms.URLField(
        label=_("Link to the decision"),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "form-input"}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("person") and not (data.get("new_name") or "").strip():
            self.add_error("person", _("Choose a registered person or write a new person's name."))
        if data.get("person") and (data.get("new_name") or "").strip():
            self.add_error("new_name", _("Choose a registered person or a new one, not both."))
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("A membership cannot end before it starts."))
        return data


class PersonAccountForm(forms.Form):
    account = AccountField(required=False)
    invite = forms.BooleanField(
        label=_("No account yet: make one and e-mail an invitation to choose a password"),
        required=False,
        widget=CHECKBOX,
    )
    unlink = forms.BooleanField(
        label=_("Remove the link to the user account"), required=False, widget=CHECKBOX
    )

    def __init__(self, *args: Any, may_invite: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_invite:  # the person has an account, or no e-mail address to invite
            del self.fields["invite"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        chosen = data.get("account") or data.get("unlink") or data.get("invite")
        if not chosen and "account" not in self.errors:
            self.add_error("account", _("Give the user name or e-mail address of the account."))
        return data


class NominationSeatForm(NominationForm):
    """Propose a candidate, choosing the seat: only seats the user may propose for."""

    field_order = ["seat"]

    def __init__(self, *args: Any, seats: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seat"] = forms.ModelChoiceField(
            label=_("Seat"),
            queryset=seats,
            widget=SELECT,
            help_text=_("Only the seats your municipality proposes candidates for."),
        )
        self.order_fields(["seat"])


# --- Statutes and the re-appointment round (issue 18) ------------------------------------

BODY_KIND_CHOICES = [("", _("Any or none")), *BodyKind.choices]


class StatuteForm(forms.Form):
    """The statutes' own rules (the seat rules have their own form)."""

    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        required=False,
        widget=TEXT,
        help_text=_("For example: the statutes of 2019, § 4, or the act that sets up the body."),
    )
    seats_total = forms.IntegerField(
        label=_("Members in all"),
        min_value=1,
        max_value=500,
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
        help_text=_(
            "Observers not counted. Leave empty when the seat rules list every seat; "
            "otherwise seats that no rule names are not reported."
        ),
    )
    chair_must_be_politician = forms.BooleanField(
        label=_("The chair must be an elected politician"), required=False, widget=CHECKBOX
    )
    chair_appointed_by = forms.ModelChoiceField(
        label=_("The chair is appointed by"),
        queryset=Body.objects.filter(is_active=True).order_by("name"),
        required=False,
        widget=SELECT,
        help_text=_("Leave empty when the body elects its own chair."),
    )
    vice_chair_must_be_politician = forms.BooleanField(
        label=_("The vice chair must be an elected politician"), required=False, widget=CHECKBOX
    )
    vice_chair_appointed_by = forms.ModelChoiceField(
        label=_("The vice chair is appointed by"),
        queryset=Body.objects.filter(is_active=True).order_by("name"),
        required=False,
        widget=SELECT,
    )
    notes = forms.CharField(
        label=_("Other rules"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}),
        help_text=_("Rules the portal does not check, e.g. on gender balance or quorum."),
    )


class StatuteRuleForm(forms.Form):
    """One seat rule of the statutes (``statute_rule_create``/``statute_rule_update``)."""

    label = forms.CharField(
        label=_("Name"),
        max_length=200,
        widget=TEXT,
        help_text=_("For example: Nominated by DA, or Municipal members appointed by KKR."),
    )
    count = forms.IntegerField(
        label=_("Number of seats"),
        min_value=1,
        max_value=100,
        initial=1,
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
    )
    nominating_organisation = forms.ModelChoiceField(
        label=_("Nominated by organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=SELECT,
    )
    appointing_body = forms.ModelChoiceField(
        label=_("Appointed by"),
        queryset=Body.objects.filter(is_active=True).order_by("name"),
        required=False,
        widget=SELECT,
    )
    appointing_body_kind = forms.ChoiceField(
        label=_("Or appointed by a body of the kind"),
        choices=BODY_KIND_CHOICES,
        required=False,
        widget=SELECT,
        help_text=_("For example: a KKR. Leave empty when a named body or nobody appoints."),
    )
    per_appointing_body = forms.BooleanField(
        label=_("The number applies to each body of that kind (e.g. one per KKR)"),
        required=False,
        widget=CHECKBOX,
    )
    must_be_politician = forms.BooleanField(
        label=_("Must be held by elected politicians"), required=False, widget=CHECKBOX
    )
    personal_substitutes = forms.BooleanField(
        label=_("With personal substitutes"), required=False, widget=CHECKBOX
    )
    is_observer = forms.BooleanField(
        label=_("Observers (not members)"), required=False, widget=CHECKBOX
    )


class ConfirmForm(forms.Form):
    """A page that asks before it acts: nothing to fill in."""


class ReappointForm(forms.Form):
    """Re-appoint the same person for the next period: the decision, and the confirmation
    asked when the seat requires an elected politician."""

    decided_on = PortalDateField(label=_("Decided on"), required=False, widget=DATE)
    decision_reference = forms.CharField(
        label=_("Decided at"),
        required=False,
        max_length=200,
        widget=TEXT,
        help_text=_("For example: KKR Syddanmark 14 January 2026, item 5."),
    )
    confirm_not_politician = forms.BooleanField(
        label=_("Appoint anyway: I know the person is not registered as an elected politician"),
        required=False,
        widget=CHECKBOX,
    )
