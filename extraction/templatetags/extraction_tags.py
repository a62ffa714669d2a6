"""``{% attachment_text_note attachment %}``: an attachment's page count, and for the
secretariat what went wrong in reading its text ("no text layer (scanned?)"), as
``extraction.access`` allows the user; ``{% agreement_document_text_note document %}`` and
``{% evaluation_text_note evaluation %}`` the same for an agreement's document and an
evaluation's.

On a list of an item's attachments the notes of all of them are read in one query, once per
rendering; a single attachment of another kind (a published version's dict) costs one query.
"""

from __future__ import annotations

from typing import Any

from django import template

from extraction import selectors
from extraction.access import sees_agreement_document_notes, sees_extraction_notes
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


def _user(context: template.Context) -> Any:
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.inclusion_tag("extraction/_text_note.html", takes_context=True)
def attachment_text_note(context: template.Context, attachment: Any) -> dict[str, Any]:
    note = _note(context, attachment)
    if note is None:
        return {"note": None}
    return _shown(note, sees_extraction_notes(_user(context), note.body_id))


def _agreement_note(
    context: template.Context, key: str, agreement_id: int, pk: int, read: Any
) -> dict[str, Any]:
    """A note of one of an agreement's files; ``read(agreement_id)`` gives the notes of all of
    that agreement's files of the kind (one query per rendering and ``key``)."""
    render_context: Any = context.render_context
    cache: dict[int, dict[int, selectors.TextNote]] = render_context.setdefault(key, {})
    if agreement_id not in cache:
        cache[agreement_id] = read(agreement_id)
    note = cache[agreement_id].get(pk)
    if note is None:
        return {"note": None}
    return _shown(note, sees_agreement_document_notes(_user(context), note.body_id))


@register.inclusion_tag("extraction/_text_note.html", takes_context=True)
def agreement_document_text_note(context: template.Context, document: Any) -> dict[str, Any]:
    """``{% agreement_document_text_note document %}``: the same for an agreement's
    document; the notes of all of an agreement's documents in one query per rendering."""
    return _agreement_note(
        context,
        "extraction_document_notes",
        document.agreement_id,
        document.pk,
        selectors.text_notes_for_agreement,
    )


@register.inclusion_tag("extraction/_text_note.html", takes_context=True)
def evaluation_text_note(context: template.Context, evaluation: Any) -> dict[str, Any]:
    """``{% evaluation_text_note evaluation %}``: the same for an evaluation's document."""
    return _agreement_note(
        context,
        "extraction_evaluation_notes",
        evaluation.agreement_id,
        evaluation.pk,
        selectors.text_notes_for_evaluations,
    )


def _shown(note: selectors.TextNote, sees_notes: bool) -> dict[str, Any]:
    return {
        "note": note,
        "page_count": note.page_count,
        "no_text_layer": sees_notes
        and note.status == ExtractionStatus.DONE
        and not note.has_text_layer,
        "failed": sees_notes and note.status == ExtractionStatus.FAILED,
        "pending": sees_notes and note.status == ExtractionStatus.PENDING,
    }
