"""The search part of the benchmark (issue 16): attachment text, the index build, and the
words to search for.

    python -m bench.search build --texts 100000 --seed 2026

``build`` gives up to ``--texts`` generated attachments a synthetic Danish text (about a page
each, stored as the extraction app stores what it reads), rebuilds the whole search index
through ``search.services.rebuild`` (the path a new installation or a bulk import takes) and
prints, as the last line, JSON: rows, seconds, rows per second, and the most common words of
the index (from a sample) to search for. ``made --query Q ...`` times the search itself,
made from the database, as the public and as a member. Run with the bench's environment
(``bench/run.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkr_portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from bench.generate import WORDS, Progress  # noqa: E402

# Common Danish words around the generator's vocabulary: a page of a case document.
FILLER = [
    "og",
    "i",
    "at",
    "det",
    "en",
    "til",
    "for",
    "som",
    "med",
    "af",
    "på",
    "der",
    "kommune",
    "sagen",
    "notat",
    "forslag",
    "beslutning",
    "økonomi",
    "tidsplan",
    "opgaven",
    "dimensionering",
    "kontaktcenter",
    "socialområdet",
    "ældreplejen",
    "sosu-uddannelsen",
    "kvote",
    "kvoterne",
    "fordeling",
    "aftalen",
    "målene",
]
BATCH = 2_000
WORDS_PER_TEXT = 350


def _text(rng: random.Random) -> str:
    vocabulary = WORDS + FILLER
    sentences = []
    words = 0
    while words < WORDS_PER_TEXT:
        length = rng.randint(6, 18)
        sentences.append(" ".join(rng.choice(vocabulary) for _ in range(length)).capitalize())
        words += length
    return ". ".join(sentences) + "."


def add_attachment_texts(count: int, seed: int) -> int:
    """Give up to ``count`` attachments without a text a synthetic one (status done), in
    batches; returns how many were added."""
    from django.utils import timezone

    from extraction.models import AttachmentText, ExtractionStatus
    from meetings.models import Attachment

    rng = random.Random(seed)
    ids = list(
        Attachment.all_objects.filter(extracted_text__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:count]
    )
    progress = Progress("attachment texts", len(ids))
    now = timezone.now()
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        AttachmentText.objects.bulk_create(
            [
                AttachmentText(
                    attachment_id=pk,
                    text=_text(rng),
                    page_count=rng.randint(1, 20),
                    has_text_layer=True,
                    status=ExtractionStatus.DONE,
                    sha256=f"{pk:064x}",
                    extracted_at=now,
                )
                for pk in chunk
            ],
            batch_size=BATCH,
        )
        progress.add(len(chunk))
    return len(ids)


def common_words(limit: int = 5) -> list[str]:
    """The words in most index rows (from a sample of the rows: ts_stat reads every vector)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM ts_stat($$SELECT vector FROM search_searchentry"
            " TABLESAMPLE SYSTEM (5) WHERE vector IS NOT NULL$$)"
            " WHERE length(word) > 2 ORDER BY ndoc DESC, word LIMIT %s",
            [limit],
        )
        return [row[0] for row in cursor.fetchall()]


def build(texts: int, seed: int) -> dict:
    from search.models import SearchEntry
    from search.services import rebuild

    added = add_attachment_texts(texts, seed)
    started = time.monotonic()
    counts = rebuild(progress=lambda kind, total: print(f"  indexed {kind}: {total:,} rows"))
    seconds = time.monotonic() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
    rows = SearchEntry.objects.count()
    return {
        "attachment_texts_added": added,
        "rows": rows,
        "rows_by_kind": counts,
        "seconds": round(seconds, 1),
        "rows_per_second": round(rows / seconds, 1) if seconds else None,
        "common_words": common_words(),
    }


def made(queries: list[str], runs: int = 7) -> dict:
    """The search itself, made from the database each time (``search.selectors._search``:
    without the public's kept results), in this process: the median and the slowest of
    ``runs`` for each query, as the public and as the demo's member, with its query count.
    What the load test of the page cannot show for the public, whose repeated searches are
    served from what was kept."""
    import statistics

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser
    from django.test.utils import CaptureQueriesContext

    from search.selectors import _search

    member = get_user_model().objects.get(username="medlem")
    out: dict[str, dict] = {}
    for q in queries:
        for who, user in (("public", AnonymousUser()), ("member", member)):
            _search(user=user, q=q)  # the first: the edge of the newest rows, warm pages
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                result = _search(user=user, q=q)
                times.append((time.perf_counter() - started) * 1000)
            with CaptureQueriesContext(connection) as queries_made:
                _search(user=user, q=q)
            out[f"{who}: {q}"] = {
                "median_ms": round(statistics.median(times), 1),
                "max_ms": round(max(times), 1),
                "queries": len(queries_made),
                "hits": result.total,
                "capped": result.capped,
            }
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["build", "made"])
    parser.add_argument("--texts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--query", action="append", default=[], help="for made (repeatable)")
    args = parser.parse_args()
    if args.mode == "made":
        print(json.dumps(made(args.query)))
    else:
        print(json.dumps(build(args.texts, args.seed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
