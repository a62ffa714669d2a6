"""Attachment text extraction throughput, in pages per second (issue 16; run by bench/run.py,
part ``extraction``; the result is the last line of output, as JSON).

Makes a set of real files (PDFs of several pages rendered by WeasyPrint, and Word files),
attaches them to an item of the generated dataset with ``bulk_create`` (so no task is queued),
and reads each through the service the worker calls (``attachment_text_extract``: storage,
SHA-256, parsing, saving), in this one process, one by one, as one worker does. Every file's
bytes differ, so nothing is copied from an identical file. Reports pages per second per kind
and for all, with the files' count, pages and characters read.

    python -m bench.extraction [--pdfs 40] [--pages 20] [--docx 40]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
import zipfile
from html import escape
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkr_portal.settings")

import django

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402

PARAGRAPH = (
    "Kommunerne i regionen drøfter dimensioneringen af SOSU-uddannelserne, fordelingen af "
    "flygtninge efter landstallet og den fælles indsats for beskæftigelse og erhvervsfremme. "
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _pdf(number: int, pages: int) -> bytes:
    from weasyprint import HTML

    body = "".join(
        f'<section style="break-after: page"><h1>Bilag {number}, side {page + 1}</h1>'
        + "".join(f"<p>{escape(PARAGRAPH)}</p>" for _ in range(12))
        + "</section>"
        for page in range(pages)
    )
    return HTML(string=f'<html lang="da"><body>{body}</body></html>').write_pdf()


def _docx(number: int, pages: int) -> bytes:
    paragraphs = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(PARAGRAPH)} ({number}.{n})</w:t></w:r></w:p>'
        for n in range(pages * 12)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'
            f"{paragraphs}</w:body></w:document>",
        )
        archive.writestr(
            "docProps/app.xml",
            '<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.'
            'openxmlformats.org/officeDocument/2006/extended-properties">'
            f"<Pages>{pages}</Pages></Properties>",
        )
    return buffer.getvalue()


def measure(*, pdfs: int, docx: int, pages: int) -> dict[str, Any]:
    from core.uploads import DOCX, PDF
    from extraction import services
    from extraction.models import AttachmentText
    from meetings.models import AgendaItem, Attachment

    item = AgendaItem.objects.order_by("pk").first()
    if item is None:
        raise SystemExit("no agenda item: generate the dataset first (bench/generate.py)")
    made: dict[str, list[int]] = {"pdf": [], "docx": []}
    for kind, count, content_type, make in (
        ("pdf", pdfs, PDF, _pdf),
        ("docx", docx, DOCX, _docx),
    ):
        rows = []
        for number in range(count):
            data = make(number, pages)
            path = f"bench/extraction/{kind}-{number}.{kind}"
            name = default_storage.save(path, ContentFile(data))
            rows.append(
                Attachment(
                    item=item,
                    title=f"Tekstbilag {kind} {number}",
                    file=name,
                    content_type=content_type,
                    size=len(data),
                    position=10_000 + number,
                )
            )
        made[kind] = [row.pk for row in Attachment.objects.bulk_create(rows)]
    result: dict[str, Any] = {}
    total_pages = total_seconds = 0.0
    for kind, ids in made.items():
        if not ids:
            continue
        started = time.perf_counter()
        for attachment_id in ids:
            services.attachment_text_extract(attachment_id=attachment_id, force=True)
        seconds = time.perf_counter() - started
        texts = AttachmentText.objects.filter(attachment_id__in=ids)
        read_pages = sum(text.page_count or 0 for text in texts)
        statuses = sorted({text.status for text in texts})
        result[kind] = {
            "files": len(ids),
            "pages": read_pages,
            "characters": sum(len(text.text) for text in texts),
            "seconds": round(seconds, 2),
            "pages_per_second": round(read_pages / seconds, 1),
            "statuses": statuses,
        }
        total_pages += read_pages
        total_seconds += seconds
    result["all"] = {
        "pages": int(total_pages),
        "seconds": round(total_seconds, 2),
        "pages_per_second": round(total_pages / total_seconds, 1) if total_seconds else 0,
    }
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfs", type=int, default=40)
    parser.add_argument("--docx", type=int, default=40)
    parser.add_argument("--pages", type=int, default=20, help="pages per file")
    args = parser.parse_args()
    print(json.dumps(measure(pdfs=args.pdfs, docx=args.docx, pages=args.pages)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
