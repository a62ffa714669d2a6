"""``manage.py rebuild_search_index``: write the whole search index again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from search.services import rebuild
from search.sources import BUILDERS


class Command(BaseCommand):
    help = "Rebuild the search index from the records (all kinds, or those named)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kinds", nargs="*", choices=sorted(BUILDERS), metavar="KIND")

    def handle(self, *args: Any, kinds: list[str], **options: Any) -> None:
        def progress(kind: str, rows: int) -> None:
            self.stdout.write(f"{kind}: {rows} rows")

        counts = rebuild(kinds=kinds or None, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Indexed {sum(counts.values())} rows."))
