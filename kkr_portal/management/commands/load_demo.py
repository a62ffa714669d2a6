"""The demo data of every app: a project command (the wiring), since councils cannot import the
apps above it (decision 0020)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from agreements.demo import load_agreement_demo
from consultations.demo import load_consultation_demo
from councils.demo import DEMO_PASSWORD, DEMO_USERS, load_demo
from councils.demo_statutes import load_statute_demo
from meetings.demo import load_meeting_demo
from meetings.demo_planning import load_planning_demo
from quotas.demo import load_quota_demo


class Command(BaseCommand):
    help = "Load the demo data (regions, municipalities, bodies, people, demo log-ins)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load even under KKR_ENV=production (creates demo log-ins: think twice).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION and not options["allow_production"]:
            raise CommandError(
                "Refusing to load demo log-ins into a production database; "
                "pass --allow-production if you really mean it."
            )
        counts = {
            **load_demo(),
            **load_statute_demo(),
            **load_quota_demo(),
            **load_meeting_demo(),
            **load_planning_demo(),
            **load_consultation_demo(),
            **load_agreement_demo(),
        }
        self.stdout.write(
            "Demo data ready: " + ", ".join(f"{count} {name}" for name, count in counts.items())
        )
        self.stdout.write(f"Demo log-ins (password for all: {DEMO_PASSWORD}):")
        for username, _name, description in DEMO_USERS:
            self.stdout.write(f"  {username:<24} {description}")
