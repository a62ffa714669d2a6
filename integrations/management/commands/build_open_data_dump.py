from typing import Any

from django.core.management.base import BaseCommand

from integrations.dumps import dump_build


class Command(BaseCommand):
    help = "Write today's ZIP of all public data (JSON Lines, CSV, manifest); keep a week."

    def handle(self, *args: Any, **options: Any) -> None:
        dump = dump_build()
        self.stdout.write(f"{dump.path} ({dump.size} bytes)")
