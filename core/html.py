"""Sanitising rich text from the browser (pasted from Word, typed in the editor).

Keeps what a case text needs (headings, lists, links, tables, emphasis) and drops
everything else, scripts and styles included, so stored HTML is safe to show as is.

Headings rank below the heading of what they stand in: an agenda item's title is an ``h3``
on the meeting page, so its case text, recommendation and decision keep only ``h4`` to ``h6``.
Word and the editor's heading button make ``h1``/``h2``; they become ``h4``.
"""

from __future__ import annotations

import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}


# After nh3 a heading tag has no attributes, and a "<" in text is escaped as "&lt;".
_HEADING_TAG = re.compile(r"<(/?)h([1-6])>")


def sanitize_html(value: str, *, top_heading: int = 4) -> str:
    """Safe HTML for storing and showing; plain text passes through (escaped).

    Headings above ``top_heading`` become ``h<top_heading>`` (the default 4 suits a case
    text under an item's ``h3``; a newsletter, whose title is the page's ``h1``, passes 2).
    Headings at or below it, and the order of everything, stay as written.
    """
    if not value or not value.strip():
        return ""
    cleaned = nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
    return _HEADING_TAG.sub(
        lambda match: f"<{match[1]}h{max(int(match[2]), top_heading)}>", cleaned
    )
