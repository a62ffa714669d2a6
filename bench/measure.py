"""Measurements made inside a Django process (run by bench/run.py, one mode per call; the
result is the last line of output, as JSON).

- ``queries PATH...``: the number of queries of each page or endpoint (after a warm-up);
- ``session USERNAME``: a signed-in session cookie for the load generator;
- ``api``: the meeting list API (100 and 1,000 meetings with their items) against a plain
  query of the same rows turned into the same JSON (``bench.plain``, compared whole first),
  side by side, medians;
- ``oparl``: the OParl meeting and agenda-item lists of the busiest body against a plain
  query producing the same JSON (``bench.plain``), kept and made, medians;
- ``quota``: the quota model for the 98 municipalities, median milliseconds;
- ``pdf MEETING DOCUMENT``: produce the members' PDF (document and combined) of a meeting's
  latest version: seconds, pages and the process's peak memory (one document per process);
- ``compiled_pdf REQUEST``: produce the compiled PDF of a request for input's answers (the
  worker's HTML and PDF): seconds, pages and peak memory, as for the meeting PDFs; reports
  ``{"available": false}`` when the portal has no compiled PDF (``consultations.services_pdf``);
- ``celery``: a burst of 200 e-mail jobs and one of 200 PDF jobs, committed at once: the
  delay from the commit to each task's start, read from the rows' claim times.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkr_portal.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import plain  # noqa: E402
from kkr_portal.runtime import tune_garbage_collector  # noqa: E402

PASSWORD = "demo-kkr-2026"


def _client(username: str | None) -> Client:
    client = Client()
    if username:
        client.post("/konto/log-ind/", {"username": username, "password": PASSWORD})
    return client


def queries(paths: list[str]) -> dict[str, Any]:
    result = {}
    for spec in paths:
        username, _, path = spec.rpartition("@") if "@" in spec else ("", "", spec)
        client = _client(username or None)
        # The queries of making the page: a request with an Authorization header is never
        # served a kept public page (core.page_cache; a kept page costs none).
        made = {"authorization": "Bench made-each-time"}
        client.get(path, headers=made)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, headers=made)
        result[spec] = {"status": response.status_code, "queries": len(captured)}
    return result


def session(username: str) -> dict[str, str]:
    """The cookies a browser holds after logging in: the session and the CSRF secret (a
    signed-in page is kept for its user only with the latter, ``accounts.kept_pages``), and
    the session alone (every page made, as for a browser's first page)."""
    client = _client(username)
    session_only = f"sessionid={client.cookies['sessionid'].value}"
    csrf = client.cookies["csrftoken"].value
    return {"cookie": f"{session_only}; csrftoken={csrf}", "session_only": session_only}


def _median_seconds(function: Any, repeat: int, prepare: Any = None) -> float:
    """The median of ``repeat`` timings of ``function`` (``prepare`` runs before each, untimed)."""
    timings = []
    for _ in range(repeat):
        if prepare is not None:
            prepare()
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def api() -> dict[str, Any]:
    from django.core.cache import cache

    client = Client()
    made = {"authorization": "Bench made-each-time"}
    result = {}
    for size, repeat in ((100, 15), (1000, 5)):
        url = f"/api/meetings/?items=true&page_size={size}"
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        api_count = len(response.json()["results"])
        # Compared whole: the plain query must produce what the API answers, or the
        # ratio would compare different work.
        assert json.loads(plain.meetings_json(size)) == response.json(), "plain JSON differs"
        # The public's answer is kept as bytes until the next write (core.page_cache); a
        # request with an Authorization header (a token's, here any) is made each time.
        api_seconds = _median_seconds(lambda url=url: client.get(url), repeat)
        # Made: the list from the database, each version's items as kept for the audience
        # since they were first made (meetings.api.views.items_by_meeting, decision 0039).
        made_seconds = _median_seconds(lambda url=url: client.get(url, headers=made), repeat)
        # Cold: nothing kept at all, every snapshot read and every item made (the cache is
        # emptied before each request, outside the timing).
        cold_seconds = _median_seconds(
            lambda url=url: client.get(url, headers=made), repeat, prepare=cache.clear
        )
        plain_seconds = _median_seconds(lambda size=size: plain.meetings_json(size), repeat)
        result[str(size)] = {
            "meetings": api_count,
            "bytes": len(response.content),
            "api_ms": round(1000 * api_seconds, 1),
            "made_ms": round(1000 * made_seconds, 1),
            "plain_ms": round(1000 * plain_seconds, 1),
            "throughput_ratio": round(plain_seconds / api_seconds, 3),
            "made_throughput_ratio": round(plain_seconds / made_seconds, 3),
            "cold_ms": round(1000 * cold_seconds, 1),
            "cold_throughput_ratio": round(plain_seconds / cold_seconds, 3),
        }
    return result


def oparl() -> dict[str, Any]:
    """The OParl meeting and agenda-item lists of the busiest body (issue 15: a page of 100
    at least 0.6 of the throughput of a plain query producing the same JSON): kept (as the
    public gets it between writes), made (as after every write) and the plain query."""
    from councils.models import Body

    client = Client()
    made = {"authorization": "Bench made-each-time"}
    body_id = Body.objects.get(slug="bench-organ-1").pk
    result = {}
    for kind in ("meeting", "agendaitem"):
        url = f"/oparl/v1.1/body/{body_id}/{kind}/"
        response = client.get(url, headers=made)
        assert response.status_code == 200, response.status_code
        assert json.loads(plain.oparl_list_json(body_id, kind)) == response.json(), (
            f"plain OParl {kind} JSON differs"
        )
        kept = client.get(url)  # the public's first request keeps it
        assert client.get(url).content == kept.content
        assert kept.json() == response.json(), f"kept OParl {kind} JSON differs from made"
        kept_seconds = _median_seconds(lambda url=url: client.get(url), 15)
        made_seconds = _median_seconds(lambda url=url: client.get(url, headers=made), 15)
        plain_seconds = _median_seconds(lambda kind=kind: plain.oparl_list_json(body_id, kind), 15)
        result[kind] = {
            "objects": len(response.json()["data"]),
            "total": response.json()["pagination"]["totalElements"],
            "bytes": len(response.content),
            "kept_ms": round(1000 * kept_seconds, 1),
            "made_ms": round(1000 * made_seconds, 1),
            "plain_ms": round(1000 * plain_seconds, 1),
            "kept_throughput_ratio": round(plain_seconds / kept_seconds, 3),
            "made_throughput_ratio": round(plain_seconds / made_seconds, 3),
        }
    return result


def _feed(client: Client, url: str, since: str) -> int:
    """Every entry of one REST list's change feed since ``since``, following ``next``."""
    entries, response = 0, client.get(url, {"modified_since": since, "page_size": 1000})
    while True:
        assert response.status_code == 200, (url, response.status_code)
        page = response.json()
        entries += len(page["results"])
        if page["next"] is None:
            return entries
        response = client.get(page["next"])


def sync() -> dict[str, Any]:
    """A day's changes on the national dataset, then a full incremental sync of every REST
    list (``?modified_since=`` change feeds, decision 0033), as a system does each night."""
    from django.db import transaction
    from django.db.models import F
    from django.urls import reverse
    from django.utils import timezone

    from councils.models import Membership, Person
    from kkr_portal.api_urls import router
    from meetings.models import Meeting

    since = timezone.now().isoformat()
    with transaction.atomic():
        # A busy day: 100 meetings moved or published, 300 memberships and 50 persons edited,
        # 20 memberships removed (tombstones).
        meetings = list(
            Meeting.objects.published().order_by("?").values_list("pk", flat=True)[:100]
        )
        Meeting.objects.filter(pk__in=meetings).update(place="Regionshuset")
        memberships = list(Membership.objects.order_by("?").values_list("pk", flat=True)[:320])
        Membership.objects.filter(pk__in=memberships[:300]).update(role=F("role"))
        Person.objects.filter(
            pk__in=Person.objects.order_by("?").values_list("pk", flat=True)[:50]
        ).update(title="Borgmester")
        for membership in Membership.objects.filter(pk__in=memberships[300:]):
            membership.delete()
    # Each system syncs with its own "since", so none is served another's kept answer: an
    # Authorization header (any) keeps the public page cache out (core.page_cache).
    client = Client(headers={"authorization": "Bench made-each-time"})
    lists = [reverse(f"{basename}-list") for _prefix, _viewset, basename in router.registry]
    counts = {url: _feed(client, url, since) for url in lists}
    seconds = _median_seconds(lambda: [_feed(client, url, since) for url in lists], 5)
    return {
        "lists": len(lists),
        "entries": sum(counts.values()),
        "per_list": counts,
        "seconds": round(seconds, 3),
    }


def quota() -> dict[str, Any]:
    from quotas.model import MunicipalityInput, compute
    from quotas.models import ModelInput

    rows = list(ModelInput.objects.select_related("municipality__region"))
    by_year: dict[int, list] = {}
    for row in rows:
        by_year.setdefault(row.quota_year_id, []).append(row)
    inputs = [
        MunicipalityInput(
            code=r.municipality.code,
            region=r.municipality.region.code,
            population=r.population,
            immigrants_and_refugees=r.immigrants_and_refugees,
            family_reunified=r.family_reunified,
        )
        for r in max(by_year.values(), key=len)
    ]
    seconds = _median_seconds(lambda: compute(inputs, national_figure=4000), 50)
    return {"municipalities": len(inputs), "median_ms": round(1000 * seconds, 2)}


def pdf(meeting_id: int, document: str) -> dict[str, Any]:
    import resource

    from core import pdf as pdf_lib
    from meetings.models import MeetingPdf
    from meetings.services.pdf import meeting_pdf_produce

    meeting_pdf = (
        MeetingPdf.objects.filter(
            version__meeting_id=meeting_id, version__document=document, audience="members"
        )
        .order_by("-version__number")
        .first()
    )

    def produce() -> tuple[bytes, bytes]:
        content, combined, _skipped = meeting_pdf_produce(meeting_pdf)
        return content, combined

    # The first PDF of a process pays for loading WeasyPrint, Pango and the fonts; a worker
    # pays that once, so the warm time (median of the next three) is what a PDF costs there.
    started = time.perf_counter()
    content, combined = produce()
    seconds = time.perf_counter() - started
    warm = _median_seconds(produce, 3)
    from meetings.models import AgendaItem

    return {
        "items": AgendaItem.objects.filter(meeting_id=meeting_id).count(),
        "seconds": round(seconds, 2),
        "warm_seconds": round(warm, 2),
        "pages": pdf_lib.pdf_page_count(content),
        "combined_pages": pdf_lib.pdf_page_count(combined),
        # ru_maxrss is in kilobytes on Linux: the peak of this whole process.
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def compiled_pdf(request_id: int) -> dict[str, Any]:
    """The compiled PDF of a request's answers, as ``compiled_pdf_render`` makes it in the
    worker (the HTML from the answers, then WeasyPrint), without writing the file."""
    import resource

    try:
        from consultations.services_pdf import compiled_pdf_html
    except ImportError:
        return {"available": False}
    from consultations.models import RequestForInput, Response
    from core import pdf as pdf_lib

    request = RequestForInput.objects.get(pk=request_id)

    def produce() -> bytes:
        return pdf_lib.html_to_pdf(compiled_pdf_html(request=request))

    started = time.perf_counter()
    document = produce()
    seconds = time.perf_counter() - started
    warm = _median_seconds(produce, 3)
    return {
        "available": True,
        "answers": Response.objects.filter(
            recipient__request=request, submitted_at__isnull=False
        ).count(),
        "questions": request.questions.count(),
        "seconds": round(seconds, 2),
        "warm_seconds": round(warm, 2),
        "pages": pdf_lib.pdf_page_count(document),
        "bytes": len(document),
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def _delays(claimed: list, committed: float) -> dict[str, Any]:
    import datetime as dt

    base = dt.datetime.fromtimestamp(committed, tz=dt.UTC)
    delays = sorted((c - base).total_seconds() * 1000 for c in claimed)
    return {
        "jobs": len(delays),
        "p50_ms": round(statistics.median(delays), 1),
        "p95_ms": round(delays[int(0.95 * (len(delays) - 1))], 1),
        "max_ms": round(delays[-1], 1),
    }


def _wait(query: Any, count: int, timeout: float) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        claimed = list(query.exclude(claimed_at=None).values_list("claimed_at", flat=True))
        if len(claimed) >= count:
            return claimed
        time.sleep(0.05)
    raise RuntimeError(f"only {len(claimed)} of {count} jobs started within {timeout} s")


def celery() -> dict[str, Any]:
    from meetings.agenda import live_snapshot_of
    from meetings.models import AgendaItem, Meeting, MeetingPdf, PublishedVersion
    from meetings.services import pdf as services_pdf
    from notifications import services as notification_services
    from notifications.models import OutgoingEmail

    result = {}
    with transaction.atomic():
        for number in range(200):
            notification_services._queue(
                key=f"bench:burst:{number}",
                to=f"burst{number}@bench.example",
                subject="Benchmark",
                text="Benchmark",
                body=None,
            )
    committed = time.time()
    emails = OutgoingEmail.objects.filter(key__startswith="bench:burst:")
    result["email"] = _delays(_wait(emails, 200, 300), committed)

    small = list(
        Meeting.objects.exclude(status=Meeting.Status.PLANNED)
        .filter(pk__in=AgendaItem.objects.values("meeting_id"))
        .order_by("pk")[:100]
    )
    with transaction.atomic():
        versions = []
        for meeting in small:
            # The agenda as publishing stores it, so each PDF has the meeting's items.
            version = PublishedVersion.objects.create(
                meeting=meeting,
                document="agenda",
                number=99,
                published_at=meeting.starts_at,
                change_note="benchmark",
                snapshot=live_snapshot_of(meeting),
            )
            versions.append(version)
            services_pdf.meeting_pdfs_request(version=version)
        # E-mails committed together with (and queued after) the PDFs.
        for number in range(20):
            notification_services._queue(
                key=f"bench:during-pdfs:{number}",
                to=f"during{number}@bench.example",
                subject="Benchmark",
                text="Benchmark",
                body=None,
            )
    committed = time.time()
    during = OutgoingEmail.objects.filter(key__startswith="bench:during-pdfs:")
    result["email behind a PDF burst"] = _delays(_wait(during, 20, 300), committed)
    pdfs = MeetingPdf.objects.filter(version__in=versions)
    result["pdf"] = _delays(_wait(pdfs, 2 * len(versions), 1200), committed)
    # Drained: every PDF of the burst ready (issue 17: 200 in at most 100 s); one that
    # failed for good counts as not drained.
    deadline = time.monotonic() + 1200
    finished = (MeetingPdf.Status.READY, MeetingPdf.Status.FAILED)
    while pdfs.exclude(status__in=finished).exists():
        if time.monotonic() > deadline:
            raise RuntimeError("the PDF burst did not drain within 1,200 s")
        time.sleep(0.2)
    failed = pdfs.filter(status=MeetingPdf.Status.FAILED).count()
    rendered = list(pdfs.exclude(rendered_at=None).values_list("rendered_at", flat=True))
    result["pdf"]["failed"] = failed
    # None (not drained) when any failed: the target then reads as missed.
    result["pdf"]["drained_seconds"] = (
        round(max(rendered).timestamp() - committed, 1) if rendered and not failed else None
    )
    return result


# What a web worker answers; the others (PDFs, the Celery bursts) time what a Celery worker
# does, and it runs with Python's default collector.
WEB_MODES = ("queries", "session", "api", "oparl", "quota", "sync")


def main() -> int:
    mode, *args = sys.argv[1:]
    if mode in WEB_MODES:
        tune_garbage_collector()  # as the web worker runs (kkr_portal/wsgi.py)
    if mode == "queries":
        out = queries(args)
    elif mode == "session":
        out = session(args[0])
    elif mode == "api":
        out = api()
    elif mode == "oparl":
        out = oparl()
    elif mode == "quota":
        out = quota()
    elif mode == "sync":
        out = sync()
    elif mode == "pdf":
        out = pdf(int(args[0]), args[1])
    elif mode == "compiled_pdf":
        out = compiled_pdf(int(args[0]))
    elif mode == "celery":
        out = celery()
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps(out, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
