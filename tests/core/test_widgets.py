"""``core.widgets.Select`` writes what Django's ``forms.Select`` writes (the same element,
attributes and options; only the whitespace between the options differs)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django import forms

from core.widgets import Select


def _same_html(widget: Any, *args: Any, **kwargs: Any) -> str:
    ours = Select(**widget).render(*args, **kwargs)
    django = forms.Select(**widget).render(*args, **kwargs)
    assert re.sub(r">\s+<", "><", django) == ours
    return ours


CHOICES = [
    ("", "---------"),
    ("a", "Aarhus"),
    (17, "Ærø & <Ø>"),
    ("Gruppe <1>", [("x", "X"), ("y", "Y")]),
]


@pytest.mark.parametrize("value", [None, "", "a", 17, "17", "y"])
def test_the_same_html_as_djangos_select(value: Any) -> None:
    html = _same_html(
        {"attrs": {"class": "form-select", "data-x": 'a"b'}, "choices": CHOICES},
        "kind",
        value,
        # In an order flatatt would change (it sorts, and puts the bare names last).
        attrs={"required": True, "id": "id_kind", "disabled": False, "data-n": 0},
    )
    assert html.count(" selected") == 1  # None selects the empty choice, as Django does
    assert "&lt;Ø&gt;" in html and '<optgroup label="Gruppe &lt;1&gt;">' in html


def test_a_model_choice_field_renders_the_same(db: None) -> None:
    from tests.factories import BodyFactory

    first, second = BodyFactory(name="KKR Nord"), BodyFactory(name="KKR Syd")
    from councils.models import Body

    field = forms.ModelChoiceField(queryset=Body.objects.order_by("name"))
    ours = field.widget = Select()
    ours.choices = field.choices
    django = forms.Select()
    django.choices = field.choices
    html = ours.render("body", second.pk)
    assert re.sub(r">\s+<", "><", django.render("body", second.pk)) == html
    assert f'<option value="{second.pk}" selected>KKR Syd</option>' in html
    assert f'<option value="{first.pk}">KKR Nord</option>' in html
