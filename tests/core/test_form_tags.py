"""``{% select_options %}``: a filter's options, escaped, the chosen one selected."""

from __future__ import annotations

from django.template import Context, Template


def _render(choices: object, chosen: object) -> str:
    template = Template("{% load form_tags %}{% select_options choices chosen %}")
    return template.render(Context({"choices": choices, "chosen": chosen}))


def test_each_choice_is_an_option_and_the_chosen_one_is_selected() -> None:
    html = _render([("101", "København"), ("147", "Frederiksberg")], "147")
    assert html == (
        '<option value="101">København</option><option value="147" selected>Frederiksberg</option>'
    )


def test_values_and_labels_are_escaped() -> None:
    html = _render([('a"><script>', "<b>Æ & Ø</b>")], "")
    assert html == '<option value="a&quot;&gt;&lt;script&gt;">&lt;b&gt;Æ &amp; Ø&lt;/b&gt;</option>'


def test_a_number_matches_the_text_a_query_string_gives() -> None:
    assert " selected" in _render([(101, "København")], "101")
    assert " selected" not in _render([(101, "København")], None)
    assert _render([], "x") == ""
