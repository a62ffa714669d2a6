"""Form fields that refuse what the database or the calendar cannot hold, with a message a
secretary understands instead of a server error (issue 11, hole 7)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

# PostgreSQL's ``integer``.
MAX_INT = 2_147_483_647
# Meetings, deadlines and publications are dated within these years; outside them a date is
# a typing error (and the year 1 cannot even be turned into UTC for the database).
FIRST_YEAR, LAST_YEAR = 1900, 2199

VERSION_ERROR = _(
    "The form is out of date or incomplete. Reload the page and make your change again."
)


class VersionField(forms.IntegerField):
    """The hidden version number of a record edited in a form (optimistic locking)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_INT)
        message = VERSION_ERROR
        kwargs.setdefault(
            "error_messages",
            {"required": message, "invalid": message, "min_value": message, "max_value": message},
        )
        super().__init__(**kwargs)


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's field ``name``, a model choice field (to set its queryset per form)."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is not a model choice field")
    return field


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's field ``name``, a choice field (to set its choices per form)."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is not a choice field")
    return field


# For the type checker the mixin is a form (it is only ever mixed into one).
if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class VersionedFormMixin(_FormBase):
    """Shows an error of the hidden ``version`` field above the form, where it can be seen
    (an error on a hidden field is otherwise shown next to nothing)."""

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        errors = self.errors  # the errors so far (clean runs inside full_clean)
        if errors and "version" in errors:
            del errors["version"]
            self.add_error(None, VERSION_ERROR)
        return cleaned


def _check_year(value: dt.date | None) -> None:
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise forms.ValidationError(
            _("Give a year from %(first)d to %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR},
            code="year_out_of_range",
        )


class PortalDateTimeField(forms.DateTimeField):
    """A date and time within the years the portal works with."""

    default_validators = [_check_year]


class PortalDateField(forms.DateField):
    """A date within the years the portal works with."""

    default_validators = [_check_year]
