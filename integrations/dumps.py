"""The nightly bulk download of all public data (issue 15): every REST list as the public
gets it, as JSON Lines and CSV in one ZIP with a manifest of row counts and SHA-256
checksums, kept for a week in the portal's file storage and linked from /aabne-data/.

The rows are the REST API's own answers to an anonymous caller (each list's view, asked page
by page), so a dump shows exactly what the API shows the public: the one access layer decides,
and nothing here re-derives a rule. Memory stays flat: one page of rows at a time, written
straight into the ZIP; only CSV's column names are kept between pages.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.test import RequestFactory
from django.urls import resolve
from django.utils import timezone, translation

from core.exports import spreadsheet_safe

FOLDER = "open-data"
NAME = re.compile(r"^kkr-open-data-(\d{4}-\d\d-\d\d)\.zip$")
KEEP_DAYS = 7
PAGE_SIZE = 1000
# The REST lists in a dump, and the parameters each is asked with. A list added to the API's
# router must be added here (tests/integrations/test_dumps.py checks that none is missing).
DATASETS: dict[str, dict[str, str]] = {
    "regions": {},
    "municipalities": {},
    "bodies": {},
    "seats": {},
    "persons": {},
    "memberships": {},
    "meetings": {"items": "true"},
    "newsletters": {},
    "agreements": {},
    "agreement-tracks": {},
    "plan-matrices": {},
    "requests-for-input": {},
    "quota-years": {},
    "national-figures": {},
    "regional-quotas": {},
    "municipal-quotas": {},
}


@dataclass(frozen=True)
class Dump:
    name: str
    day: dt.date
    size: int

    @property
    def path(self) -> str:
        return f"{FOLDER}/{self.name}"


def _pages(prefix: str, params: dict[str, str]) -> Any:
    """The rows of one REST list as the public gets them, a page at a time."""
    path = f"/api/{prefix}/"
    view = resolve(path).func
    factory = RequestFactory()
    # Links in the rows carry the portal's public address, as the API's answers do.
    site = urlsplit(settings.SITE_URL)
    page = 1
    while True:
        request = factory.get(
            path,
            {**params, "page": str(page), "page_size": str(PAGE_SIZE)},
            headers={"host": site.netloc},
            secure=site.scheme == "https",
        )
        request.user = AnonymousUser()
        response = view(request)
        if response.status_code == 404 and page > 1:
            return  # a page beyond the last (the list shrank while it was read)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        data = response.data
        rows = data["results"] if isinstance(data, dict) and "results" in data else data
        yield rows
        if not isinstance(data, dict) or not data.get("next"):
            return
        page += 1


class _Hashing(io.RawIOBase):
    """A writable that counts and hashes what passes into the ZIP entry below it."""

    def __init__(self, target: IO[bytes]) -> None:
        self.target = target
        self.sha256 = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.sha256.update(chunk)
        self.size += len(chunk)
        self.target.write(chunk)
        return len(chunk)


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # A title beginning with "=" must not run as a formula in Excel (core.exports).
    return "" if value is None else spreadsheet_safe(value)


def _write_dataset(archive: zipfile.ZipFile, prefix: str, params: dict[str, str]) -> dict:
    """One list into the archive: the JSON Lines straight in, the CSV through a temporary file
    (a ZIP takes one entry at a time)."""
    name = prefix.replace("-", "_")
    rows = 0
    with (
        tempfile.TemporaryFile() as csv_file,
        archive.open(f"{name}.jsonl", "w", force_zip64=True) as jsonl_entry,
    ):
        jsonl = _Hashing(jsonl_entry)
        csv_raw = _Hashing(csv_file)
        # UTF-8 with BOM and semicolons: what Danish Excel opens correctly (core.exports).
        csv_text = io.TextIOWrapper(io.BufferedWriter(csv_raw), encoding="utf-8-sig", newline="")
        writer: csv.DictWriter[str] | None = None
        for page in _pages(prefix, params):
            for row in page:
                line = json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"
                jsonl.write(line.encode())
                if writer is None:
                    writer = csv.DictWriter(
                        csv_text, fieldnames=list(row), delimiter=";", extrasaction="ignore"
                    )
                    writer.writeheader()
                writer.writerow({key: _cell(value) for key, value in row.items()})
                rows += 1
        csv_text.flush()
        buffered = csv_text.detach()  # without closing the file below it
        buffered.flush()
        jsonl_entry.close()
        csv_file.seek(0)
        with archive.open(f"{name}.csv", "w", force_zip64=True) as csv_entry:
            shutil.copyfileobj(csv_file, csv_entry)
    return {
        "rows": rows,
        "files": {
            f"{name}.jsonl": {"bytes": jsonl.size, "sha256": jsonl.sha256.hexdigest()},
            f"{name}.csv": {"bytes": csv_raw.size, "sha256": csv_raw.sha256.hexdigest()},
        },
    }


def _write_archive(target: IO[bytes]) -> None:
    manifest: dict[str, Any] = {
        "created": timezone.localtime().isoformat(timespec="seconds"),
        "license": "Public data of the KKR portal",
        "datasets": {},
    }
    # Field names and values as the API gives them; messages (none expected) in Danish.
    with (
        translation.override("da"),
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive,
        _one_snapshot(),
    ):
        for prefix, params in DATASETS.items():
            manifest["datasets"][prefix] = _write_dataset(archive, prefix, params)
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))


@contextlib.contextmanager
def _one_snapshot() -> Any:
    """Every list read from one snapshot of the database (PostgreSQL, read only): the pages
    are offsets read over minutes, and a row added between two pages would shift the rest,
    or a membership name a person missing from ``persons``."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield  # SQLite (one writer at a time anyway), or a caller's transaction (tests)
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def dump_build(*, day: dt.date | None = None) -> Dump:
    """Write the day's dump (replacing one of the same day) and remove those older than a
    week. The file appears whole or not at all: on the filesystem it is written beside its
    place and moved there in one step (a download never gets half a file, and a failed run
    leaves the earlier one); an object store stores a whole object at once."""
    day = day or timezone.localdate()
    name = f"kkr-open-data-{day.isoformat()}.zip"
    path = f"{FOLDER}/{name}"
    try:
        final: str | None = default_storage.path(path)
    except NotImplementedError:
        final = None
    if final is not None:
        os.makedirs(os.path.dirname(final), exist_ok=True)
        partial = tempfile.NamedTemporaryFile(  # noqa: SIM115 (moved into place below)
            dir=os.path.dirname(final), prefix=".partial-", suffix=".zip", delete=False
        )
        try:
            with partial:
                _write_archive(partial)
            os.replace(partial.name, final)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(partial.name)
            raise
    else:
        with tempfile.TemporaryFile() as scratch:
            _write_archive(scratch)
            scratch.seek(0)
            if default_storage.exists(path):
                default_storage.delete(path)
            saved = default_storage.save(path, File(scratch, name=name))
        if saved != path:  # another run wrote the same day meanwhile: keep one
            default_storage.delete(saved)
    dump = Dump(name, day, default_storage.size(path))
    dumps_prune(today=max(day, timezone.localdate()))
    return dump


def dump_open(name: str) -> IO[bytes] | None:
    """One of the kept dumps, opened for reading; None for any other name (no path can be
    reached through it: the name must be a dump's)."""
    path = f"{FOLDER}/{name}"
    if not NAME.match(name) or not default_storage.exists(path):
        return None
    return default_storage.open(path, "rb")


def dumps_list() -> list[Dump]:
    """The dumps kept, newest first."""
    try:
        _folders, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return []
    dumps = []
    for name in files:
        match = NAME.match(name)
        if match:
            day = dt.date.fromisoformat(match.group(1))
            dumps.append(Dump(name, day, default_storage.size(f"{FOLDER}/{name}")))
    return sorted(dumps, key=lambda d: d.day, reverse=True)


def dumps_prune(*, today: dt.date) -> int:
    """Remove the dumps older than ``KEEP_DAYS`` days; returns how many."""
    removed = 0
    for dump in dumps_list():
        if (today - dump.day).days >= KEEP_DAYS:
            default_storage.delete(dump.path)
            removed += 1
    return removed
