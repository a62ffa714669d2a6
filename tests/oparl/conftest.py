"""A realistic public world for the OParl tests, made through the services, and the tools
to read the endpoint as a client does: the schema validator and a crawler."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation
from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SCHEMA_DIR = Path(__file__).parent / "schema"
TYPE = "https://schema.oparl.org/1.1/"
# Planted in texts the public must never read anywhere in the endpoint.
SECRETS = ("OPSECRETCLOSED", "OPSUBSECRET", "OPUNPUB", "OPNEVERPUB", "OPCLOSEDLATER")
SITE = "https://kkr.example.dk"


def _registry() -> Registry:
    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(schema, default_specification=DRAFT7)
        resources.append((schema["$id"], resource))
        resources.append((f"{TYPE}{path.stem}.json", resource))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def validator_for(type_url: str) -> Draft7Validator:
    name = type_url.removeprefix(TYPE)
    schema = json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return Draft7Validator(schema, registry=REGISTRY, format_checker=FormatChecker())


def at(days: int, hour: int = 9) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def _pdf(title: str) -> bytes:
    from meetings.demo import placeholder_pdf

    return placeholder_pdf(title)


def upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{name}.pdf", _pdf(name), content_type="application/pdf")


def ready_pdfs(meeting: Any) -> None:
    """Make the meeting's PDFs "ready" with a small real file (the worker is tested
    elsewhere)."""
    from meetings.models import MeetingPdf

    for meeting_pdf in MeetingPdf.objects.filter(version__meeting=meeting, file=""):
        meeting_pdf.file.save(f"oparl-{meeting_pdf.pk}.pdf", ContentFile(_pdf("d")), save=False)
        meeting_pdf.status = MeetingPdf.Status.READY
        meeting_pdf.rendered_at = timezone.now()
        meeting_pdf.save()


@pytest.fixture(autouse=True)
def english_and_site(settings: Any) -> Iterator[None]:
    settings.SITE_URL = SITE
    with translation.override("en"):
        yield


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    """Two bodies (a KKR and its working group), terms, persons and memberships (one on
    behalf of a nominating organisation), and meetings: published with open, closed and
    sub-items and attachments, minutes; an item binned, an attachment binned and an item
    closed after publishing; a planned one; one cancelled before publishing; one cancelled
    after."""
    from councils.models import Body, Organisation
    from councils.services.composition import term_create
    from meetings import services
    from tests.factories import BodyFactory, MembershipFactory, PersonFactory, RegionFactory

    w: dict[str, Any] = {}
    region = RegionFactory(code="OP", name="Region OParl", slug="region-oparl")
    kkr = BodyFactory(
        name="KKR OParl",
        short_name="KKR O",
        slug="kkr-oparl",
        kind=Body.Kind.KKR,
        region=region,
        website="https://kkr.example.org/",
    )
    group = BodyFactory(name="Arbejdsgruppe OParl", slug="ag-oparl", region=region, parent=kkr)
    lo = Organisation.objects.create(
        name="Fagbevægelsen OP", short_name="FH", slug="fh-op", kind=Organisation.Kind.LABOUR_MARKET
    )
    term_create(actor=None, body=kkr, start=dt.date(2022, 1, 1), end=dt.date(2025, 12, 31))
    term_create(actor=None, body=kkr, start=dt.date(2026, 1, 1), end=dt.date(2029, 12, 31))
    chair = PersonFactory(name="Anna Formand", title="Borgmester", email="anna@example.dk")
    member = PersonFactory(name="Bo Medlem")
    MembershipFactory(person=chair, body=kkr, role="chair", start=dt.date(2022, 1, 1))
    MembershipFactory(
        person=member,
        body=kkr,
        start=dt.date(2022, 1, 1),
        end=dt.date(2023, 6, 30),
        on_behalf_of=lo,
    )
    MembershipFactory(person=member, body=group, role="observer", start=dt.date(2023, 1, 1))
    w.update(kkr=kkr, group=group, lo=lo, chair=chair, member=member)

    m = services.meeting_schedule(
        actor=None, body=kkr, starts_at=at(-20), ends_at=at(-20, 12), place="Rådhuset, Aarhus"
    )
    open_item = services.agenda_item_add(
        actor=None,
        meeting=m,
        title="Open item",
        case_text="<p>Case</p>",
        decision="<p>Approved</p>",
    )
    closed = services.agenda_item_add(
        actor=None,
        meeting=m,
        title="OPSECRETCLOSED item",
        case_text="<p>OPSECRETCLOSED</p>",
        decision="<p>OPSECRETCLOSED</p>",
        is_closed=True,
    )
    sub = services.agenda_item_add(
        actor=None,
        meeting=m,
        title="OPSUBSECRET sub-item",
        parent=closed,
        decision="<p>OPSUBSECRET</p>",
    )
    later = services.agenda_item_add(
        actor=None, meeting=m, title="OPCLOSEDLATER item", decision="<p>OPCLOSEDLATER</p>"
    )
    binned_item = services.agenda_item_add(
        actor=None, meeting=m, title="Binned later", decision="<p>x</p>"
    )
    (open_file, binned_file) = services.attachments_add(
        actor=None,
        item=open_item,
        files=[("Open file", upload("open")), ("Binned file", upload("binned"))],
    )
    (closed_file,) = services.attachments_add(
        actor=None, item=closed, files=[("OPSECRETCLOSED file", upload("closed"))]
    )
    (closed_on_open,) = services.attachments_add(
        actor=None, item=open_item, files=[("OPSECRETCLOSED on open", upload("c2"))], is_closed=True
    )
    services.agenda_publish(actor=None, meeting_id=m.pk)
    services.minutes_publish(actor=None, meeting_id=m.pk, confirm_missing=True)
    ready_pdfs(m)
    w.update(
        meeting=m,
        open_item=open_item,
        closed=closed,
        sub=sub,
        later=later,
        binned_item=binned_item,
        open_file=open_file,
        binned_file=binned_file,
        closed_file=closed_file,
        closed_on_open=closed_on_open,
    )

    planned = services.meeting_schedule(actor=None, body=kkr, starts_at=at(30), place="OPUNPUB")
    services.agenda_item_add(actor=None, meeting=planned, title="OPUNPUB item")
    never = services.meeting_schedule(actor=None, body=kkr, starts_at=at(40), place="OPNEVERPUB")
    services.agenda_item_add(actor=None, meeting=never, title="OPNEVERPUB item")
    services.meeting_cancel(actor=None, meeting_id=never.pk)
    called_off = services.meeting_schedule(actor=None, body=group, starts_at=at(10))
    services.agenda_item_add(actor=None, meeting=called_off, title="Group item")
    services.agenda_publish(actor=None, meeting_id=called_off.pk)
    services.meeting_cancel(actor=None, meeting_id=called_off.pk)
    w.update(planned=planned, never=never, called_off=called_off)
    return w


def after_publishing_changes(w: dict[str, Any]) -> None:
    """What a secretary does after publishing: bin an item and an attachment, close an item
    that was open, publish the minutes again."""
    from meetings import services
    from meetings.models import AgendaItem

    services.agenda_item_delete(actor=None, item_id=w["binned_item"].pk)
    services.attachment_delete(actor=None, attachment_id=w["binned_file"].pk)
    later = AgendaItem.objects.get(pk=w["later"].pk)
    services.agenda_item_update(
        actor=None, item_id=later.pk, expected_version=later.version, is_closed=True
    )
    services.minutes_publish(
        actor=None, meeting_id=w["meeting"].pk, change_note="Closed one", confirm_missing=True
    )
    ready_pdfs(w["meeting"])


def path_of(url: str) -> str:
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == SITE, url
    return parts.path + (f"?{parts.query}" if parts.query else "")


def get_json(client: Client, url: str, **headers: str) -> Any:
    response = client.get(path_of(url), **headers)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


class Crawl:
    """Walks the System → its body list → every list of every body, every page, and fetches
    each object by its id, as the OParl validators do."""

    def __init__(self, client: Client, query: str = "") -> None:
        self.client = client
        self.query = query
        self.objects: dict[str, dict] = {}
        self.pages: list[dict] = []
        self.raw: list[bytes] = []

    def list(self, url: str, *, filtered: bool = True) -> list[dict]:
        found = []
        joiner = "&" if "?" in url else "?"
        query = self.query if filtered else ""
        next_url: str | None = url + (joiner + query if query else "")
        seen = set()
        while next_url:
            assert next_url not in seen
            seen.add(next_url)
            response = self.client.get(path_of(next_url))
            assert response.status_code == 200, (next_url, response.content[:300])
            self.raw.append(response.content)
            page = response.json()
            self.pages.append(page)
            assert set(page) >= {"data", "pagination", "links"}
            found.extend(page["data"])
            next_url = page["links"].get("next")
        return found

    def run(self) -> dict[str, dict]:
        system = get_json(self.client, f"{SITE}/oparl/v1.1/")
        self.objects[system["id"]] = system
        # The bodies are walked in full; the query (a filter) applies to their lists.
        for body in self.list(system["body"], filtered=False):
            self.objects[body["id"]] = body
            for key in (
                "organization",
                "person",
                "meeting",
                "paper",
                "agendaItem",
                "file",
                "locationList",
                "legislativeTermList",
                "membership",
            ):
                for obj in self.list(body[key]):
                    self.objects.setdefault(obj["id"], obj)
        return self.objects
