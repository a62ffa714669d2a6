"""What goes into the index: the rows of each thing, from what its app shows each audience.

Every builder returns ``EntryData`` rows; ``search.services`` writes them. A meeting is
rendered once per audience with ``meetings.agenda.agenda_views``, the one renderer behind
its pages, API and PDFs, so a closed item's text lands only in the rows of the audiences
that read it, and the public rows hold only the published version.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from search.models import EntryKind, Scope

# PostgreSQL refuses a tsvector over 1 MB; a page of text is a few kB.
MAX_TEXT = 200_000

# The text search configuration per country of the body's region (decision 0026).
CONFIG_BY_COUNTRY = {"DK": "danish", "SE": "swedish", "NO": "norwegian"}
FALLBACK_CONFIG = "simple"


@dataclass
class EntryData:
    kind: str
    object_id: int
    scope: str
    title: str
    url: str
    audience: str = ""
    owner_id: int | None = None
    body_id: int | None = None
    date: Any = None
    config: str = FALLBACK_CONFIG
    text_b: str = ""
    text_c: str = ""
    text_d: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def year(self) -> int | None:
        return self.date.year if self.date is not None else None


def attachment_text(attachment: Any) -> str:
    """The text the ``extraction`` app read from an attachment's file ("" while none is
    known: not read yet, failed, unsupported, a scan). Whether a searcher may see the
    attachment is decided by the rows it lands in, not here."""
    from extraction.selectors import attachment_text as extracted

    return extracted(attachment)


def attachment_texts(attachment_ids: list[int]) -> dict[int, str]:
    """The texts of many attachments in one query (a meeting's, when it is reindexed)."""
    from extraction.selectors import attachment_texts as extracted

    return extracted(attachment_ids) if attachment_ids else {}


def agreement_document_texts(document_ids: list[int]) -> dict[int, str]:
    """The texts the ``extraction`` app read from agreement documents, in one query."""
    from extraction.selectors import agreement_document_texts as extracted

    return extracted(document_ids) if document_ids else {}


def evaluation_texts(evaluation_ids: list[int]) -> dict[int, str]:
    """The texts the ``extraction`` app read from evaluations' documents, in one query."""
    from extraction.selectors import evaluation_texts as extracted

    return extracted(evaluation_ids) if evaluation_ids else {}


def config_for_body(body: Any) -> str:
    """Danish for a Danish body, Swedish for a Swedish one, ``simple`` when unknown."""
    region = getattr(body, "region", None) if body is not None else None
    country = getattr(region, "country", "") if region is not None else ""
    return CONFIG_BY_COUNTRY.get((country or "").upper(), FALLBACK_CONFIG)


def configs_in_use() -> set[str]:
    """The configurations the index's rows can have now: those of the regions' countries
    (every body and municipality has a region), Danish (a person without a municipality)
    and the fallback. A search leaves out the others' queries: they could match no row, and
    each costs a scan of the GIN index."""
    from councils.models import Region

    countries = Region.objects.order_by().values_list("country", flat=True).distinct()
    return {CONFIG_BY_COUNTRY.get((c or "").upper(), FALLBACK_CONFIG) for c in countries} | {
        "danish",
        FALLBACK_CONFIG,
    }


_SPACE = re.compile(r"\s+")


def plain(value: str) -> str:
    """Text from sanitised HTML (block ends become spaces), whitespace collapsed, capped."""
    text = re.sub(r"<(/p|br|/li|/h\d|/td|/tr)[^>]*>", " ", value or "")
    return _SPACE.sub(" ", html.unescape(strip_tags(text))).strip()[:MAX_TEXT]


def _join(*parts: str) -> str:
    return " ".join(p for p in (plain(x) for x in parts) if p)[:MAX_TEXT]


def _day(value: Any) -> Any:
    if value is None:
        return None
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def download_name(title: str, stored: str) -> str:
    """The name an attachment is downloaded under (``meetings.views.attachment_download``,
    OParl's ``fileName``): its title with the stored file's extension."""
    last = (stored or "").rsplit("/", 1)[-1]
    extension = last.rsplit(".", 1)[-1] if "." in last else ""
    return f"{title}.{extension}" if extension else title


# --- Meetings ---------------------------------------------------------------------------


def meeting_entries(meeting_id: int) -> list[EntryData]:
    """The rows of a meeting, its items and attachments, for each audience that may view
    it: the secretariat's from the live draft, the members' and the public's from the
    version they read (none before the agenda is published)."""
    from meetings.access import search_audience_accesses
    from meetings.agenda import agenda_views
    from meetings.models import Attachment, Meeting, PublishedVersion
    from meetings.selectors import current_version, live_snapshot, withdrawn_attachments

    meeting = Meeting.objects.select_related("body__region").filter(pk=meeting_id).first()
    if meeting is None:
        return []
    config = config_for_body(meeting.body)
    day = _day(meeting.starts_at)
    meeting_url = meeting.get_absolute_url()
    versions = list(meeting.published.all())
    version = current_version(versions)
    withdrawn = withdrawn_attachments(meeting) if version is not None else {}
    rendered: list[tuple[str, Any, list[Any]]] = []
    for audience, access in search_audience_accesses().items():
        if access.sees_draft:
            views = agenda_views(live_snapshot(meeting), see_closed=True, show_decisions=True)
        elif version is not None:
            views = agenda_views(
                version.snapshot,
                see_closed=access.sees_closed,
                show_decisions=version.document == PublishedVersion.Document.MINUTES,
                withdrawn=withdrawn,
            )
        else:
            continue
        rendered.append((str(audience), access, views))
    attachment_ids = {a.pk for _a, _x, views in rendered for v in views for a in v.attachments}
    files = {a.pk: a for a in Attachment.all_objects.filter(pk__in=attachment_ids)}
    # One query for every attachment's text, whatever the number of files and audiences.
    texts = attachment_texts(sorted(attachment_ids))
    meeting_title = _("Meeting %(date)s") % {"date": day.strftime("%d.%m.%Y")}
    entries = []
    for audience_name, access, views in rendered:
        common: dict[str, Any] = {
            "scope": Scope.MEETINGS,
            "audience": audience_name,
            "owner_id": meeting.pk,
            "body_id": meeting.body_id,
            "date": day,
            "config": config,
        }
        entries.append(
            EntryData(
                kind=EntryKind.MEETING,
                object_id=meeting.pk,
                title=meeting_title,
                url=meeting_url,
                # The items are rows of their own: their titles here would count twice.
                text_c=_join(meeting.place),
                **common,
            )
        )
        for view in views:
            if view.redacted:
                continue
            entries.append(
                EntryData(
                    kind=EntryKind.ITEM,
                    object_id=view.pk,
                    title=f"{view.number}. {view.title}",
                    url=f"{meeting_url}#item-{view.pk}",
                    text_b=_join(view.recommendation, view.decision),
                    text_c=_join(view.case_text, view.presenter),
                    extra={"number": view.number},
                    **common,
                )
            )
            for attachment in view.attachments:
                # A withdrawn file is listed without a link: nothing to land on.
                if attachment.withdrawn and not access.may_edit:
                    continue
                stored = files.get(attachment.pk)
                # The name the download carries (title + extension), never the uploaded
                # file's own name: the portal does not show that one to anyone (issue 16).
                file_name = download_name(
                    attachment.title, (stored.file.name or "") if stored and stored.file else ""
                )
                entries.append(
                    EntryData(
                        kind=EntryKind.ATTACHMENT,
                        object_id=attachment.pk,
                        title=_("Attachment %(number)s: %(title)s")
                        % {"number": attachment.number, "title": attachment.title},
                        url=reverse("meetings:attachment_download", kwargs={"pk": attachment.pk}),
                        text_d=_join(file_name, texts.get(attachment.pk, "")),
                        **common,
                    )
                )
    return entries


def newsletter_entries(newsletter_id: int) -> list[EntryData]:
    from meetings.models import Newsletter

    newsletter = Newsletter.objects.select_related("body__region").filter(pk=newsletter_id).first()
    if newsletter is None:
        return []
    return [
        EntryData(
            kind=EntryKind.NEWSLETTER,
            object_id=newsletter.pk,
            scope=Scope.NEWSLETTERS,
            owner_id=newsletter.pk,
            body_id=newsletter.body_id,
            date=_day(newsletter.published_at or newsletter.created_at),
            config=config_for_body(newsletter.body),
            title=newsletter.title,
            url=newsletter.get_absolute_url(),
            text_c=_join(newsletter.content),
        )
    ]


# --- Agreements -------------------------------------------------------------------------


def agreement_entries(agreement_id: int) -> list[EntryData]:
    """The agreement, its goals with their indicators, its activity tracks (with their
    activities), its plan matrices (themes, levels, sections, cells and footnotes; each
    found as the agreement is) and its documents by their titles and the text the worker
    read from their files (an internal one only by those who see internal documents:
    ``Scope.AGREEMENT_INTERNAL``), and its evaluations (title, conclusion and their
    document's text; each found as the agreement is, as its page shows them)."""
    from agreements.models import Agreement

    agreement = (
        Agreement.objects.select_related("body__region")
        .prefetch_related(
            "goals__indicators",
            "tracks__activities",
            "matrices__themes",
            "matrices__levels",
            "matrices__sections",
            "matrices__footnotes",
            "matrices__themes__cells",
            "documents",
            "evaluations",
        )
        .filter(pk=agreement_id)
        .first()
    )
    if agreement is None:
        return []
    url = agreement.get_absolute_url()
    common: dict[str, Any] = {
        "scope": Scope.AGREEMENTS,
        "owner_id": agreement.pk,
        "body_id": agreement.body_id,
        "date": agreement.start,
        "config": config_for_body(agreement.body),
    }
    entries = [
        EntryData(
            kind=EntryKind.AGREEMENT,
            object_id=agreement.pk,
            title=agreement.title,
            url=url,
            text_c=_join(agreement.summary),
            **common,
        )
    ]
    for goal in agreement.goals.all():
        entries.append(
            EntryData(
                kind=EntryKind.GOAL,
                object_id=goal.pk,
                title=goal.title,
                url=url,
                text_b=_join(*(i.name for i in goal.indicators.all())),
                text_c=_join(goal.description),
                **common,
            )
        )
        for indicator in goal.indicators.all():
            entries.append(
                EntryData(
                    kind=EntryKind.INDICATOR,
                    object_id=indicator.pk,
                    title=indicator.name,
                    url=url,
                    text_c=_join(goal.title),
                    **common,
                )
            )
    for track in agreement.tracks.all():
        activities = list(track.activities.all())
        entries.append(
            EntryData(
                kind=EntryKind.TRACK,
                object_id=track.pk,
                title=track.title,
                url=url,
                text_b=_join(*(a.title for a in activities)),
                text_c=_join(track.description, *(a.description for a in activities)),
                **common,
            )
        )
    for matrix in agreement.matrices.all():
        themes = list(matrix.themes.all())
        headings = [
            *(t.name for t in themes),
            *(level.name for level in matrix.levels.all()),
            *(section.name for section in matrix.sections.all()),
        ]
        cells = [cell.text for theme in themes for cell in theme.cells.all()]
        entries.append(
            EntryData(
                kind=EntryKind.MATRIX,
                object_id=matrix.pk,
                title=matrix.title,
                url=matrix.get_absolute_url(),
                text_b=_join(*headings),
                text_c=_join(
                    matrix.introduction, *cells, *(f.text for f in matrix.footnotes.all())
                ),
                **common,
            )
        )
    documents = list(agreement.documents.all())
    texts = agreement_document_texts([document.pk for document in documents])
    for document in documents:
        scope = Scope.AGREEMENT_INTERNAL if document.is_internal else Scope.AGREEMENTS
        entries.append(
            EntryData(
                kind=EntryKind.AGREEMENT_DOCUMENT,
                object_id=document.pk,
                title=document.title,
                url=reverse("agreements:document_download", args=[agreement.pk, document.pk]),
                text_c=_join(agreement.title),
                text_d=_join(texts.get(document.pk, "")),
                **{**common, "scope": scope},
            )
        )
    evaluations = list(agreement.evaluations.all())
    evaluation_text = evaluation_texts([evaluation.pk for evaluation in evaluations])
    for evaluation in evaluations:
        entries.append(
            EntryData(
                kind=EntryKind.EVALUATION,
                object_id=evaluation.pk,
                title=evaluation.title,
                url=f"{url}#evaluation-{evaluation.pk}",
                text_b=_join(evaluation.conclusion),
                text_c=_join(agreement.title),
                text_d=_join(evaluation_text.get(evaluation.pk, "")),
                # Found in the year it was done (its conclusion), else the agreement's.
                **{**common, "date": evaluation.done_on or agreement.start},
            )
        )
    return entries


# --- Requests for input -----------------------------------------------------------------


def request_entries(request_id: int) -> list[EntryData]:
    """A request's title and introduction (its submitted answers have rows of their own:
    ``response_entries``)."""
    from consultations.models import RequestForInput

    rfi = RequestForInput.objects.select_related("body__region").filter(pk=request_id).first()
    if rfi is None:
        return []
    return [
        EntryData(
            kind=EntryKind.REQUEST,
            object_id=rfi.pk,
            scope=Scope.REQUESTS,
            owner_id=rfi.pk,
            body_id=rfi.body_id,
            date=_day(rfi.deadline),
            config=config_for_body(rfi.body),
            title=rfi.title,
            url=rfi.get_absolute_url(),
            text_c=_join(rfi.introduction),
        )
    ]


def response_entries(response_id: int) -> list[EntryData]:
    """A recipient's submitted answers to a request for input: each question with its
    answer as the answer page prints it. Only while submitted: a draft or a reopened answer
    is the recipient's working copy and has no row (who finds the row is
    ``consultations.access.search_visible_response_ids``)."""
    from consultations.models import Response
    from consultations.services import display_value

    response = (
        Response.objects.select_related(
            "recipient__municipality",
            "recipient__organisation",
            "recipient__request__body__region",
        )
        .filter(pk=response_id)
        .first()
    )
    if (
        response is None
        or response.submitted_at is None
        or response.status == Response.Status.REOPENED
    ):
        return []
    recipient = response.recipient
    rfi = recipient.request
    answers = response.answers.select_related("question").order_by(
        "question__position", "question_id"
    )
    text = [f"{a.question.text}: {display_value(a.question, a.value)}" for a in answers]
    return [
        EntryData(
            kind=EntryKind.RESPONSE,
            object_id=response.pk,
            scope=Scope.RESPONSES,
            owner_id=response.pk,
            body_id=rfi.body_id,
            date=_day(response.submitted_at),
            config=config_for_body(rfi.body),
            title=_("Answer from %(recipient)s: %(request)s")
            % {"recipient": recipient.name, "request": rfi.title},
            url=reverse(
                "consultations:response_form",
                kwargs={"pk": rfi.pk, "recipient_id": recipient.pk},
            ),
            text_b=_join(recipient.name),
            text_c=_join(*text),
        )
    ]


# --- Councils: public pages -------------------------------------------------------------


def body_entries(body_id: int) -> list[EntryData]:
    from councils.models import Body

    body = Body.objects.select_related("region").filter(pk=body_id).first()
    if body is None:
        return []
    return [
        EntryData(
            kind=EntryKind.BODY,
            object_id=body.pk,
            scope=Scope.PUBLIC,
            owner_id=body.pk,
            body_id=body.pk,
            config=config_for_body(body),
            title=body.name,
            url=body.get_absolute_url(),
            text_b=_join(body.short_name),
            text_c=_join(body.description),
        )
    ]


def person_entries(person_id: int) -> list[EntryData]:
    """A person's public fields only: name, title, organisation, municipality (never the
    e-mail address or phone number)."""
    from councils.models import Person

    person = (
        Person.objects.select_related("organisation", "municipality__region")
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        return []
    municipality = person.municipality
    return [
        EntryData(
            kind=EntryKind.PERSON,
            object_id=person.pk,
            scope=Scope.PUBLIC,
            owner_id=person.pk,
            config=config_for_body(municipality) if municipality else "danish",
            title=person.name,
            url=person.get_absolute_url(),
            text_b=_join(
                person.title,
                person.organisation.name if person.organisation else "",
                municipality.name if municipality else "",
            ),
        )
    ]


def municipality_entries(municipality_id: int) -> list[EntryData]:
    from councils.models import Municipality

    municipality = Municipality.objects.select_related("region").filter(pk=municipality_id).first()
    if municipality is None:
        return []
    return [
        EntryData(
            kind=EntryKind.MUNICIPALITY,
            object_id=municipality.pk,
            scope=Scope.PUBLIC,
            owner_id=municipality.pk,
            config=config_for_body(municipality),
            title=municipality.name,
            url=reverse("councils:municipality_detail", kwargs={"key": municipality.slug}),
            text_b=_join(municipality.code, municipality.region.name),
        )
    ]


# The things the index holds, by name: the builder of each and how its rows are found
# again to be replaced (PUBLIC rows by kind and id, the others by owner and every scope its
# builder writes: an agreement's internal documents are its rows too).
BUILDERS = {
    "meeting": (meeting_entries, (Scope.MEETINGS,), None),
    "newsletter": (newsletter_entries, (Scope.NEWSLETTERS,), None),
    "agreement": (agreement_entries, (Scope.AGREEMENTS, Scope.AGREEMENT_INTERNAL), None),
    "request": (request_entries, (Scope.REQUESTS,), None),
    "response": (response_entries, (Scope.RESPONSES,), None),
    "body": (body_entries, (Scope.PUBLIC,), EntryKind.BODY),
    "person": (person_entries, (Scope.PUBLIC,), EntryKind.PERSON),
    "municipality": (municipality_entries, (Scope.PUBLIC,), EntryKind.MUNICIPALITY),
}
