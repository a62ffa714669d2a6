"""``manage.py extract_attachment_texts [--missing | --all] [--now]``: read the text of
attachments that were there before the worker read new uploads, or read every file again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from extraction import services
from extraction.tasks import extract_attachment_text


class Command(BaseCommand):
    help = "Read the text of meetings attachments (queued for the worker, or here with --now)."

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--missing",
            action="store_true",
            help="only attachments without a result, or whose reading failed (the default)",
        )
        which.add_argument(
            "--all",
            action="store_true",
            help="every attachment, read again even when its bytes were read before",
        )
        parser.add_argument(
            "--now", action="store_true", help="read here, one by one, instead of queueing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        force = bool(options["all"])
        ids = services.attachment_ids_to_extract(only_missing=not force)
        statuses: dict[str, int] = {}
        for attachment_id in ids:
            if options["now"]:
                row = services.attachment_text_extract(attachment_id=attachment_id, force=force)
                status = row.status if row is not None else "gone"
            else:
                extract_attachment_text.delay(attachment_id=attachment_id, force=force)
                status = "queued"
            statuses[status] = statuses.get(status, 0) + 1
        summary = ", ".join(f"{count} {status}" for status, count in sorted(statuses.items()))
        self.stdout.write(f"{len(ids)} attachment(s): {summary or 'nothing to do'}")
