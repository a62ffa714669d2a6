"""Calendars (RFC 5545) and news feeds (RSS 2.0 and Atom) of meetings.

Both show what the public may see: meetings whose agenda has been published (and cancelled
ones, marked cancelled), and the published versions of agendas and minutes. Item content is
never in a feed, so closed items cannot leak through one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event

from councils.models import Body
from councils.selectors import body_get
from meetings.models import Meeting, PublishedVersion

ICAL_UID_DOMAIN = "kkr-portalen"


def _public_meetings() -> Any:
    # What the public may see (meetings.access): a meeting cancelled before its agenda was
    # published is not in any calendar.
    return Meeting.objects.visible_to(None).select_related("body")


def _calendar(request: HttpRequest, meetings: Any, name: str) -> HttpResponse:
    calendar = Calendar()
    calendar.add("prodid", "-//KKR-portalen//meetings//DA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for meeting in meetings:
        event = Event()
        # Stable across edits and servers: the meeting's id, never the time or the title.
        event.add("uid", f"meeting-{meeting.pk}@{ICAL_UID_DOMAIN}")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", timezone.localtime(meeting.starts_at))
        event.add(
            "dtend",
            timezone.localtime(meeting.ends_at or meeting.starts_at + dt.timedelta(hours=2)),
        )
        event.add("summary", _("Meeting in %(body)s") % {"body": meeting.body.name})
        if meeting.place:
            event.add("location", meeting.place)
        event.add("url", request.build_absolute_uri(meeting.get_absolute_url()))
        event.add(
            "status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED"
        )
        calendar.add_component(event)
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kalender.ics"'
    return response


@require_safe
def calendar_all(request: HttpRequest) -> HttpResponse:
    return _calendar(
        request, _public_meetings().order_by("starts_at"), _("Meetings in the KKR portal")
    )


@require_safe
def calendar_body(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_get(slug=slug)
    return _calendar(
        request,
        _public_meetings().filter(body=body).order_by("starts_at"),
        _("Meetings in %(body)s") % {"body": body.name},
    )


class BodyDocumentsFeed(Feed):
    """Published agendas and minutes of one body, newest first (RSS 2.0)."""

    def get_object(self, request: HttpRequest, slug: str) -> Body:
        return body_get(slug=slug)

    def title(self, body: Body) -> str:
        return _("Agendas and minutes: %(body)s") % {"body": body.name}

    def link(self, body: Body) -> str:
        return body.get_absolute_url()

    def description(self, body: Body) -> str:
        return _("Published agendas and minutes of %(body)s.") % {"body": body.name}

    def items(self, body: Body) -> Any:
        return (
            PublishedVersion.objects.filter(meeting__body=body)
            .select_related("meeting__body")
            .order_by("-published_at")[:50]
        )

    def item_title(self, version: PublishedVersion) -> str:
        meeting = version.meeting
        text = _("%(document)s: %(body)s, %(date)s") % {
            "document": version.get_document_display(),
            "body": meeting.body.name,
            "date": timezone.localtime(meeting.starts_at).strftime("%d-%m-%Y"),
        }
        if version.number > 1:
            text += " " + _("(version %(number)d)") % {"number": version.number}
        return text

    def item_description(self, version: PublishedVersion) -> str:
        # The note is plain text: escaped here, since feed readers render a description
        # as HTML.
        return escape(version.change_note)

    def item_link(self, version: PublishedVersion) -> str:
        return reverse("meetings:meeting_detail", args=[version.meeting_id]) + (
            f"#v{version.document}{version.number}"
        )

    def item_guid(self, version: PublishedVersion) -> str:
        return f"published-{version.pk}@{ICAL_UID_DOMAIN}"

    item_guid_is_permalink = False

    def item_pubdate(self, version: PublishedVersion) -> dt.datetime:
        return version.published_at


class BodyDocumentsAtomFeed(BodyDocumentsFeed):
    feed_type = Atom1Feed

    def subtitle(self, body: Body) -> str:
        return self.description(body)
