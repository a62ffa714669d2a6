import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from quotas.inputs import InputFileError, parse_input_csv
from quotas.model import ModelError, compute


class Command(BaseCommand):
    help = (
        "Compute refugee quotas by the Danish model from a CSV file with the header "
        "municipality_code,region_code,population,immigrants_and_refugees,family_reunified "
        "and print them as JSON."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("input", type=Path, help="the CSV file")
        parser.add_argument(
            "--national-figure", type=int, required=True, help="the national figure (landstal)"
        )
        parser.add_argument(
            "--exact", action="store_true", help="also print the exact values as fractions"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["input"]
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        try:
            inputs = parse_input_csv(raw)
            result = compute(inputs, national_figure=options["national_figure"])
        except InputFileError as error:
            raise CommandError(f"{path} was not computed:\n" + "\n".join(error.errors)) from error
        except ModelError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(result.as_json(exact=options["exact"]), ensure_ascii=False))
