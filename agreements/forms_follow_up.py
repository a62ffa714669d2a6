"""Forms of follow-up rounds. They check the shape of the input; the rules are the
services' (``agreements.services_follow_up``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.forms import AREA, DATE, TEXT, value_field, year_field
from agreements.models import Goal, Indicator
from core.form_fields import PortalDateField, PortalDateTimeField

DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local", "class": "form-input"}, format="%Y-%m-%dT%H:%M"
)


class FollowUpRoundForm(forms.Form):
    period_label = forms.CharField(
        label=_("Period"),
        max_length=100,
        help_text=_("What the round reports on, e.g. 2023 or 1. halvår 2024."),
        widget=TEXT,
    )
    year = year_field(_("Measurement year"), required=True)
    measured_on = PortalDateField(
        label=_("Measurement date"),
        required=False,
        help_text=_("Optional: the day the values are for, e.g. 30 June for a half-year."),
        widget=DATE,
    )
    deadline = PortalDateTimeField(
        label=_("Deadline for the answers"),
        help_text=_("Date and time, Danish time."),
        widget=DATETIME,
    )
    send = forms.BooleanField(
        label=_("Send the request to the municipality parties now"),
        required=False,
        initial=True,
        help_text=_(
            "Leave unticked to add an introduction or attachments on the request's page "
            "and send it from there."
        ),
    )


class AcceptForm(forms.Form):
    indicator = forms.IntegerField(required=False, min_value=1)


class OrganisationFiguresForm(forms.Form):
    """One value field per indicator and one narrative per goal, for an organisation party
    whose figures the secretariat enters."""

    def __init__(
        self,
        *args: Any,
        goals: list[Goal],
        done_indicators: set[int],
        done_goals: set[int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicators: list[tuple[Indicator, str]] = []
        self.goals: list[tuple[Goal, str]] = []
        for goal in goals:
            for indicator in goal.indicators.all():
                if indicator.pk in done_indicators:
                    continue
                name = f"i{indicator.pk}"
                self.fields[name] = value_field(f"{goal.title} – {indicator.name}")
                if indicator.unit:
                    self.fields[name].help_text = indicator.unit
                self.indicators.append((indicator, name))
            if goal.pk not in done_goals:
                name = f"g{goal.pk}"
                self.fields[name] = forms.CharField(
                    label=_("%(goal)s: status and narrative") % {"goal": goal.title},
                    required=False,
                    widget=AREA,
                )
                self.goals.append((goal, name))

    def values(self) -> dict[int, Any]:
        return {indicator.pk: self.cleaned_data.get(name) for indicator, name in self.indicators}

    def narratives(self) -> dict[int, str]:
        return {goal.pk: self.cleaned_data.get(name) or "" for goal, name in self.goals}
