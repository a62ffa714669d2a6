"""``manage.py extract_attachment_texts [--missing | --all] [--now]``: read the text of
attachments, agreement documents and evaluations' documents that were there before the
worker read new uploads, or read every file again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from extraction import services, tasks


class Command(BaseCommand):
    help = (
        "Read the text of meetings attachments, agreement documents and evaluations' "
        "documents (queued for the worker, or here with --now)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--missing",
            action="store_true",
            help="only files without a result, or whose reading failed (the default)",
        )
        which.add_argument(
            "--all",
            action="store_true",
            help="every file, read again even when its bytes were read before",
        )
        parser.add_argument(
            "--now", action="store_true", help="read here, one by one, instead of queueing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        force = bool(options["all"])
        # (what, the ids to read, read one here, queue one for the worker), in this order.
        kinds: list[tuple[str, list[int], Callable[[int], Any], Callable[[int], Any]]] = [
            (
                "attachment(s)",
                services.attachment_ids_to_extract(only_missing=not force),
                lambda pk: services.attachment_text_extract(attachment_id=pk, force=force),
                lambda pk: tasks.extract_attachment_text.delay(attachment_id=pk, force=force),
            ),
            (
                "agreement document(s)",
                services.agreement_document_ids_to_extract(only_missing=not force),
                lambda pk: services.agreement_document_text_extract(document_id=pk, force=force),
                lambda pk: tasks.extract_agreement_document_text.delay(document_id=pk, force=force),
            ),
            (
                "evaluation document(s)",
                services.evaluation_ids_to_extract(only_missing=not force),
                lambda pk: services.evaluation_text_extract(evaluation_id=pk, force=force),
                lambda pk: tasks.extract_evaluation_text.delay(evaluation_id=pk, force=force),
            ),
        ]
        for what, ids, extract, queue in kinds:
            self._each(what, ids, extract, queue, now=options["now"])

    def _each(
        self,
        what: str,
        ids: list[int],
        extract: Callable[[int], Any],
        queue: Callable[[int], Any],
        *,
        now: bool,
    ) -> None:
        statuses: dict[str, int] = {}
        for pk in ids:
            if now:
                row = extract(pk)
                status = row.status if row is not None else "gone"
            else:
                queue(pk)
                status = "queued"
            statuses[status] = statuses.get(status, 0) + 1
        summary = ", ".join(f"{count} {status}" for status, count in sorted(statuses.items()))
        self.stdout.write(f"{len(ids)} {what}: {summary or 'nothing to do'}")
