"""Fill the database with a national-scale dataset through the project's own models.

Deterministic (``--seed``): the same size and seed give the same rows. The demo data (regions,
the 98 municipalities, the demo bodies and log-ins, the KD-Net meeting, the quota years) is
loaded first; generated bodies, persons, memberships, meetings, items, attachments and
placements are added with ``bulk_create`` (no history rows: this is load, not editing).
Two meetings are made through the services, as a secretary would: one with 20 items and
published minutes (the page the benchmark measures), one with 50 items (the PDF). A request
for input of KKR Midtjylland to all 98 municipalities with 20 questions (made through the
services) has every municipality's answer to every question (added with ``bulk_create``).

    python -m bench.generate --size full --seed 2026
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from dataclasses import dataclass

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkr_portal.settings")


@dataclass(frozen=True)
class Size:
    bodies: int  # generated, on top of the demo's
    persons: int
    meetings: int
    items: int
    attachments: int
    real_files: int
    placements: int


SIZES = {
    "full": Size(132, 10_000, 20_000, 300_000, 500_000, 1_000, 5_000),
    "small": Size(30, 500, 1_000, 15_000, 25_000, 100, 500),
}

BATCH = 5_000
YEARS = 15
WORDS = [
    "kommunerne",
    "regionen",
    "samarbejde",
    "beskæftigelse",
    "uddannelse",
    "erhvervsfremme",
    "budget",
    "strategi",
    "sundhed",
    "klima",
    "infrastruktur",
    "digitalisering",
    "borgere",
    "virksomheder",
    "udbud",
    "aftale",
    "indsats",
    "opfølgning",
    "rammer",
    "mål",
    "handleplan",
    "resultatkontrakt",
    "partnerskab",
    "kapacitet",
    "forsyning",
    "trafik",
    "kollektiv",
    "transport",
    "arbejdskraft",
    "rekruttering",
    "praktik",
    "integration",
    "flygtninge",
]


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


class Progress:
    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.done, self.started = label, total, 0, time.monotonic()

    def add(self, count: int) -> None:
        self.done += count
        elapsed = time.monotonic() - self.started
        print(
            f"\r  {self.label}: {self.done:>9,}/{self.total:,} ({elapsed:5.1f} s)",
            end="" if self.done < self.total else "\n",
            flush=True,
        )


def _bulk(model, rows: list, label: str) -> list:
    progress = Progress(label, len(rows))
    created = []
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        created += model.objects.bulk_create(chunk, batch_size=BATCH)
        progress.add(len(chunk))
    return created


def generate(size: Size, seed: int) -> dict[str, int]:
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from councils.demo import load_demo
    from councils.models import Body, Membership, Municipality, Person, Region
    from meetings.demo import load_meeting_demo, placeholder_pdf
    from meetings.models import AgendaItem, Attachment, Meeting
    from quotas.demo import load_quota_demo
    from quotas.models import Placement, QuotaYear

    rng = random.Random(seed)
    started = time.monotonic()
    print("Demo data (regions, 98 municipalities, demo bodies, meetings, quota years) …")
    load_demo()
    load_quota_demo()
    load_meeting_demo()
    kd_net_meeting = Meeting.objects.get(body__slug="kd-net-midtjylland", starts_at__year=2014)

    regions = list(Region.objects.filter(country="DK"))
    municipalities = list(Municipality.objects.filter(region__country="DK"))
    kinds = [k for k in Body.Kind.values if k != Body.Kind.KKR]
    bodies = _bulk(
        Body,
        [
            Body(
                name=f"{rng.choice(['Udvalg', 'Netværk', 'Styregruppe', 'Forum'])} for "
                f"{rng.choice(WORDS)} {number + 1}",
                slug=f"bench-organ-{number + 1}",
                kind=rng.choice(kinds),
                region=rng.choice(regions),
                description=_text(rng, 30),
            )
            for number in range(size.bodies)
        ],
        "bodies",
    )
    bodies = bodies + list(Body.objects.exclude(pk__in=[b.pk for b in bodies]))

    persons = _bulk(
        Person,
        [
            Person(
                name=f"{rng.choice(['Anne', 'Bo', 'Karen', 'Lars', 'Mette', 'Søren', 'Ida'])} "
                f"{rng.choice(['Jensen', 'Nielsen', 'Hansen', 'Pedersen', 'Østergaard'])} "
                f"{number + 1}",
                slug=f"bench-person-{number + 1}",
                title=rng.choice(["Borgmester", "Kommunaldirektør", "Direktør", "Rådmand"]),
                municipality=rng.choice(municipalities),
                email=f"person{number + 1}@bench.example",
                is_elected_politician=rng.random() < 0.4,
            )
            for number in range(size.persons)
        ],
        "persons",
    )
    today = timezone.localdate()
    memberships = []
    for person in persons:
        for body in rng.sample(bodies, rng.choice([1, 2, 2, 3])):
            start = today - dt.timedelta(days=rng.randint(0, 365 * 8))
            ended = rng.random() < 0.3
            memberships.append(
                Membership(
                    person=person,
                    body=body,
                    start=start,
                    end=start + dt.timedelta(days=rng.randint(30, 700)) if ended else None,
                    municipality=person.municipality,
                )
            )
    _bulk(Membership, memberships, "memberships")

    # Meetings over 15 years, spread over the bodies; past ones have approved minutes.
    now = timezone.now()
    first = now - dt.timedelta(days=365 * YEARS)
    span = (now + dt.timedelta(days=180) - first).total_seconds()
    meetings = []
    for _number in range(size.meetings):
        starts = first + dt.timedelta(seconds=rng.uniform(0, span))
        starts = starts.replace(minute=0, second=0, microsecond=0)
        if starts < now - dt.timedelta(days=60):
            status = Meeting.Status.MINUTES_APPROVED
        elif starts < now:
            status = Meeting.Status.MINUTES_PUBLISHED
        else:
            status = rng.choice([Meeting.Status.PLANNED, Meeting.Status.AGENDA_PUBLISHED])
        # Published is a recorded fact (``agenda_published_at``, ``minutes_published_at``),
        # which the access rules and the API read, not the status.
        published = status != Meeting.Status.PLANNED
        minutes = status in (Meeting.Status.MINUTES_PUBLISHED, Meeting.Status.MINUTES_APPROVED)
        meetings.append(
            Meeting(
                body=rng.choice(bodies),
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=2),
                place=f"{rng.choice(municipalities).name} Rådhus",
                status=status,
                agenda_published_at=starts - dt.timedelta(days=7) if published else None,
                minutes_published_at=starts + dt.timedelta(days=7) if minutes else None,
            )
        )
    meetings = _bulk(Meeting, meetings, "meetings")

    # Items: top items and about a fifth as sub-items; a tenth closed; decisions once held.
    per_meeting = _spread(rng, size.items, len(meetings))
    top_rows, sub_plan = [], []
    for meeting, count in zip(meetings, per_meeting, strict=True):
        subs = count // 5
        held = meeting.status in (Meeting.Status.MINUTES_PUBLISHED, Meeting.Status.MINUTES_APPROVED)
        for position in range(count - subs):
            top_rows.append(_item(rng, meeting, None, position, held))
        sub_plan.append((meeting, subs, held))
    tops = _bulk(AgendaItem, top_rows, "items")
    by_meeting: dict[int, list] = {}
    for item in tops:
        by_meeting.setdefault(item.meeting_id, []).append(item)
    sub_rows = []
    for meeting, subs, held in sub_plan:
        parents = by_meeting.get(meeting.pk, [])
        for position in range(subs):
            if parents:
                sub_rows.append(_item(rng, meeting, rng.choice(parents), position, held))
    subs = _bulk(AgendaItem, sub_rows, "sub-items")
    items = tops + subs

    sample = set(rng.sample(range(size.attachments), size.real_files))
    real_name = default_storage.save("bench/bilag.pdf", ContentFile(placeholder_pdf("Bilag")))
    attachments = []
    for number in range(size.attachments):
        item = items[rng.randrange(len(items))]
        if number in sample:
            name = default_storage.save(
                f"bench/bilag-{number}.pdf", ContentFile(placeholder_pdf(f"Bilag {number}"))
            )
        else:
            name = real_name.replace("bilag.pdf", f"metadata-only-{number}.pdf")
        attachments.append(
            Attachment(
                item=item,
                title=f"Bilag om {rng.choice(WORDS)}",
                file=name,
                content_type="application/pdf",
                size=rng.randint(20_000, 3_000_000),
                position=number,
                is_closed=rng.random() < 0.05,
            )
        )
    attachments = _bulk(Attachment, attachments, "attachments")
    _versions(meetings, items, attachments)

    placements = []
    for quota_year in QuotaYear.objects.all():
        base = dt.date(quota_year.year, 1, 1)
        for _number in range(size.placements // max(1, QuotaYear.objects.count())):
            placements.append(
                Placement(
                    quota_year=quota_year,
                    municipality=rng.choice(municipalities),
                    placed_on=base + dt.timedelta(days=rng.randint(0, 364)),
                    count=rng.randint(1, 6),
                )
            )
    _bulk(Placement, placements, "placements")

    print("Two meetings through the services (20 items with minutes; 50 items) …")
    page_meeting = _service_meeting(bodies[0], 20, now - dt.timedelta(days=3), minutes=True)
    pdf_meeting = _service_meeting(bodies[1], 50, now - dt.timedelta(days=4), minutes=True)

    print("A request for input: 98 municipalities × 20 questions, all answered …")
    consultation = _consultation(rng, municipalities, now)

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    elapsed = time.monotonic() - started
    print(f"Generated in {elapsed:.0f} s.")
    return {
        "kd_net_meeting": kd_net_meeting.pk,
        "page_meeting": page_meeting.pk,
        "pdf_meeting": pdf_meeting.pk,
        "consultation": consultation.pk,
        "meetings": Meeting.objects.count(),
        "items": AgendaItem.objects.count(),
        "attachments": Attachment.objects.count(),
        "persons": Person.objects.count(),
        "memberships": Membership.objects.count(),
        "bodies": Body.objects.count(),
        "seconds": round(elapsed, 1),
    }


def _spread(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` split over ``parts`` with some spread (each at least 3)."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    scale = (total - 3 * parts) / sum(weights)
    counts = [3 + int(w * scale) for w in weights]
    for index in range(total - sum(counts)):  # the rounding remainder, one each
        counts[index % parts] += 1
    return counts


def _item(rng: random.Random, meeting, parent, position: int, held: bool):
    from meetings.models import AgendaItem

    return AgendaItem(
        meeting=meeting,
        parent=parent,
        position=position,
        title=_text(rng, rng.randint(3, 8))[:-1],
        presenter_text=rng.choice(["", "Formanden", "Sekretariatet", "KL"]),
        kind=rng.choice(AgendaItem.Kind.values),
        case_text=f"<p>{_text(rng, rng.randint(40, 120))}</p>",
        recommendation=f"<p>{_text(rng, 20)}</p>",
        decision=f"<p>{_text(rng, 25)}</p>" if held else "",
        is_closed=rng.random() < 0.1,
    )


def _versions(meetings: list, items: list, attachments: list) -> None:
    """The published versions of the generated meetings, each with the snapshot publishing
    stores (``meetings.agenda.build_snapshot`` of its rows): the public reads these, so an
    empty snapshot would measure meetings without items. Written a thousand meetings at a
    time, so the snapshots of the country's history are never all in memory."""
    from meetings.agenda import build_snapshot
    from meetings.models import Meeting, PublishedVersion

    items_of: dict[int, list] = {}
    for item in items:
        items_of.setdefault(item.meeting_id, []).append(item)
    meeting_of_item = {item.pk: item.meeting_id for item in items}
    attachments_of: dict[int, list] = {}
    for attachment in attachments:
        attachments_of.setdefault(meeting_of_item[attachment.item_id], []).append(attachment)
    published = [m for m in meetings if m.status != Meeting.Status.PLANNED]
    progress = Progress("published versions", len(published))
    for start in range(0, len(published), 1_000):
        chunk = published[start : start + 1_000]
        versions = []
        for meeting in chunk:
            snapshot = build_snapshot(
                items_of.get(meeting.pk, []), attachments_of.get(meeting.pk, [])
            )
            documents = [PublishedVersion.Document.AGENDA]
            if meeting.minutes_are_published:
                documents.append(PublishedVersion.Document.MINUTES)
            versions += [
                PublishedVersion(
                    meeting=meeting,
                    document=document,
                    number=1,
                    published_at=meeting.starts_at,
                    snapshot=snapshot,
                )
                for document in documents
            ]
        PublishedVersion.objects.bulk_create(versions, batch_size=500)
        progress.add(len(chunk))


def _service_meeting(body, items: int, starts_at, *, minutes: bool):
    from meetings import services

    meeting = services.meeting_schedule(
        actor=None, body=body, starts_at=starts_at, place="Regionshuset, Viborg"
    )
    rng = random.Random(items)
    for number in range(items - meeting.items.count()):
        services.agenda_item_add(
            actor=None,
            meeting=meeting,
            title=f"Punkt {number + 1}: {_text(rng, 5)[:-1]}",
            case_text=f"<p>{_text(rng, 150)}</p><p>{_text(rng, 100)}</p>",
            recommendation=f"<p>{_text(rng, 30)}</p>",
            decision=f"<p>{_text(rng, 40)}</p>",
            is_closed=number % 9 == 8,
        )
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    if minutes:
        services.minutes_publish(actor=None, meeting_id=meeting.pk, confirm_missing=True)
    return meeting


CONSULTATION_QUESTIONS = 20


def _consultation(rng: random.Random, municipalities: list, now):
    """A sent request of KKR Midtjylland to every Danish municipality with 20 questions of
    every kind (created and sent as the secretariat would, except that the check for contact
    persons is skipped: the bench has none), and every municipality's submitted answer."""
    from consultations import services
    from consultations.models import Answer, RequestForInput, Response
    from councils.models import Body

    request = services.request_create(
        actor=None,
        body=Body.objects.get(slug="kkr-midtjylland"),
        title="Kommunernes input til den nationale benchmark",
        introduction=f"<p>{_text(rng, 60)}</p>",
        deadline=now + dt.timedelta(days=10),
        municipalities=municipalities,
    )
    kinds = [
        ("short_text", {}),
        ("long_text", {}),
        ("number", {"unit": "mio. kr.", "min_value": 0, "max_value": 10_000}),
        ("single_choice", {"choices": ["Uddannelse", "Erhverv", "Klima", "Sundhed"]}),
        ("multiple_choice", {"choices": ["Bus", "Tog", "Cykel", "Vej", "Færge"]}),
        ("yes_no", {}),
        ("date", {}),
    ]
    questions = []
    for number in range(CONSULTATION_QUESTIONS):
        kind, extra = kinds[number % len(kinds)]
        questions.append(
            services.question_add(
                actor=None,
                request=request,
                kind=kind,
                text=f"Spørgsmål {number + 1}: {_text(rng, 8)[:-1]}?",
                required=number % 3 == 0,
                **extra,
            )
        )
    RequestForInput.objects.filter(pk=request.pk).update(
        status=RequestForInput.Status.SENT, sent_at=now - dt.timedelta(days=20)
    )
    recipients = list(request.recipients.order_by("municipality__name"))
    responses = Response.objects.bulk_create(
        [
            Response(
                recipient=recipient,
                status=Response.Status.SUBMITTED,
                submitted_at=now - dt.timedelta(hours=rng.randint(1, 400)),
            )
            for recipient in recipients
        ]
    )

    def value(question):
        kind = question.kind
        if kind == "short_text":
            return _text(rng, 4)
        if kind == "long_text":
            return f"<p>{_text(rng, rng.randint(40, 160))}</p>"
        if kind == "number":
            return str(rng.randint(0, 10_000))
        if kind == "single_choice":
            return rng.choice(question.choices)
        if kind == "multiple_choice":
            return rng.sample(question.choices, rng.randint(1, 3))
        if kind == "yes_no":
            return rng.random() < 0.5
        return (now.date() + dt.timedelta(days=rng.randint(0, 300))).isoformat()

    _bulk(
        Answer,
        [Answer(response=r, question=q, value=value(q)) for r in responses for q in questions],
        "answers",
    )
    return request


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="full")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    result = generate(SIZES[args.size], args.seed)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
