"""Writes for newsletters.

Rules enforced here: a draft is made once per meeting, when its minutes are first
published, from the decisions of the open items only (never a closed item's); the content is
sanitised like agenda texts; edits carry the version they were loaded at; publishing sends
the newsletter to the body's subscribers after the transaction commits.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import ConflictError
from core.history import save_as
from core.html import sanitize_html
from meetings import signals
from meetings.access import item_is_closed
from meetings.models import AgendaItem, Meeting, Newsletter
from meetings.numbering import agenda_order

NEWSLETTER_LANGUAGE = "da"


def _natural_list(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " samt " + words[-1]


def newsletter_draft_from_minutes(*, actor: User | None, meeting: Meeting) -> Newsletter | None:
    """Draft the meeting's newsletter from the decisions of its open items (as KKR
    Sjælland's newsletter of September 2019): a summary, the topics as a list, a link to
    the minutes, and one section per item with its decision. Nothing when one exists."""
    if Newsletter.objects.filter(meeting=meeting).exists():
        return None
    ordered = agenda_order(meeting.items.all())
    by_pk: dict[int | None, AgendaItem] = {item.pk: item for _number, item in ordered}
    # A sub-item of a closed item is closed too (meetings.access): never in a newsletter.
    topics = [
        item
        for _number, item in ordered
        if not item_is_closed(item, by_pk.get(item.parent_id))
        and not item.standing
        and item.decision.strip()
    ]
    body = meeting.body
    with translation.override(NEWSLETTER_LANGUAGE):
        day = date_format(timezone.localtime(meeting.starts_at), "j. F Y")
        month = date_format(timezone.localtime(meeting.starts_at), "F Y")
        titles = [item.title for item in topics]
        minutes_url = reverse("meetings:meeting_detail", args=[meeting.pk])
        parts = [
            format_html(
                "<p>På mødet den {} drøftede {} {}.</p>",
                day,
                body.name,
                _natural_list([t[0].lower() + t[1:] if t[1:2].islower() else t for t in titles])
                or "de punkter, der fremgår af referatet",
            ),
            format_html("<p>{} holdt møde den {}{}.</p>", body.name, day, _place(meeting)),
        ]
        if titles:
            parts.append(format_html("<p>På mødet drøftede {} blandt andet:</p>", body.name))
            parts.append(
                format_html(
                    "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((t,) for t in titles))
                )
            )
        parts.append(
            format_html(
                '<p><a href="{}">Her kan du finde referatet fra mødet i {} den {}</a></p>',
                minutes_url,
                body.name,
                day,
            )
        )
        for item in topics:
            parts.append(format_html("<h2>{}</h2>", item.title))
            parts.append(mark_safe(sanitize_html(item.decision)))  # noqa: S308 - sanitised
        newsletter = Newsletter(
            body=body,
            meeting=meeting,
            title=f"Nyhedsbrev {body.name} {month}",
            content=sanitize_html("\n".join(parts), top_heading=2),
        )
    save_as(newsletter, actor=actor)
    return newsletter


def _place(meeting: Meeting) -> str:
    return f" i {meeting.place.split(',')[0]}" if meeting.place else ""


@transaction.atomic
def newsletter_update(
    *, actor: User | None, newsletter_id: int, title: str, content: str, version: int
) -> Newsletter:
    """Change a newsletter's title and text; refused if someone saved it meanwhile."""
    newsletter = Newsletter.objects.select_for_update().get(pk=newsletter_id)
    if newsletter.version != version:
        # Their text, as for items: the second writer sees what to reconcile with.
        raise ConflictError(
            _(
                "Someone else saved this newsletter while you were editing it. Their version "
                "is shown below; your text is kept in the form but was not saved."
            ),
            changes=[(_("Title"), newsletter.title), (_("Text"), newsletter.content)],
        )
    if not title.strip():
        raise ValidationError({"title": _("Write a title.")})
    cleaned = sanitize_html(content, top_heading=2)
    if not cleaned.strip():
        raise ValidationError({"content": _("Write the newsletter's text.")})
    newsletter.title = title.strip()
    newsletter.content = cleaned
    newsletter.version += 1
    save_as(newsletter, actor=actor, update_fields=["title", "content", "version"])
    return newsletter


@transaction.atomic
def newsletter_publish(*, actor: User | None, newsletter_id: int) -> Newsletter:
    """Publish a draft: it gets its page and feed entry and goes to the subscribers."""
    newsletter = Newsletter.objects.select_for_update().get(pk=newsletter_id)
    if newsletter.status == Newsletter.Status.PUBLISHED:
        raise ValidationError(_("The newsletter has been published already."))
    newsletter.status = Newsletter.Status.PUBLISHED
    newsletter.published_at = timezone.now()
    save_as(newsletter, actor=actor, update_fields=["status", "published_at"])
    signals.send_on_commit(signals.newsletter_published, newsletter_id=newsletter.pk)
    return newsletter


def newsletter_create(*, actor: User | None, body: Any, title: str, content: str) -> Newsletter:
    """A newsletter not tied to a meeting (news between meetings)."""
    if not title.strip():
        raise ValidationError({"title": _("Write a title.")})
    newsletter = Newsletter(
        body=body, title=title.strip(), content=sanitize_html(content, top_heading=2)
    )
    save_as(newsletter, actor=actor)
    return newsletter
