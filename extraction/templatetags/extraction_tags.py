"""``{% attachment_text_note attachment %}``: an attachment's page count, and for the
secretariat what went wrong in reading its text ("no text layer (scanned?)"), as
``extraction.access`` allows the user.

On a list of an item's attachments the notes of all of them are read in one query, once per
rendering; a single attachment of another kind (a published version's dict) costs one query.
"""

from __future__ import annotations

from typing import Any

from django import template

from extraction import selectors
from extraction.access import sees_extraction_notes
from extraction.models import ExtractionStatus

register = template.Library()


def _note(context: template.Context, attachment: Any) -> selectors.TextNote | None:
    item_id = getattr(attachment, "item_id", None)
    if item_id is None:
        return selectors.text_note_for(attachment)
    # One rendering's notes, per item (django-stubs types render_context for the loader only).
    render_context: Any = context.render_context
    cache: dict[int, dict[int, selectors.TextNote]] = render_context.setdefault(
        "extraction_notes", {}
    )
    if item_id not in cache:
        cache[item_id] = selectors.text_notes_for_item(item_id)
    return cache[item_id].get(attachment.pk)


@register.inclusion_tag("extraction/_text_note.html", takes_context=True)
def attachment_text_note(context: template.Context, attachment: Any) -> dict[str, Any]:
    note = _note(context, attachment)
    if note is None:
        return {"note": None}
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    sees_notes = sees_extraction_notes(user, note.body_id)
    return {
        "note": note,
        "page_count": note.page_count,
        "no_text_layer": sees_notes
        and note.status == ExtractionStatus.DONE
        and not note.has_text_layer,
        "failed": sees_notes and note.status == ExtractionStatus.FAILED,
        "pending": sees_notes and note.status == ExtractionStatus.PENDING,
    }
