"""The nightly bulk download (issue 15): every REST list as the public gets it, as JSON
Lines and CSV in a ZIP with a manifest whose counts and checksums match the files; closed
content never in it; a week kept; served as an attachment; listed on /aabne-data/."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from councils.models import Body
from integrations import dumps
from meetings import services as meeting_services

SECRET = "Fortrolig sag om afskedigelse"


@pytest.fixture
def clean_storage():
    for dump in dumps.dumps_list():
        default_storage.delete(dump.path)
    yield
    for dump in dumps.dumps_list():
        default_storage.delete(dump.path)


@pytest.fixture
def published(demo):
    body = Body.objects.get(slug="kd-net-midtjylland")
    start = timezone.make_aware(dt.datetime(2020, 1, 13, 9))
    meeting = meeting_services.meeting_schedule(
        actor=None, body=body, starts_at=start, ends_at=start + dt.timedelta(hours=2)
    )
    meeting_services.agenda_item_add(actor=None, meeting=meeting, title="Ældrepleje i Århus")
    meeting_services.agenda_item_add(actor=None, meeting=meeting, title=SECRET, is_closed=True)
    meeting_services.agenda_publish(actor=None, meeting_id=meeting.pk)
    unpublished = meeting_services.meeting_schedule(
        actor=None, body=body, starts_at=start, ends_at=start + dt.timedelta(hours=3)
    )
    return meeting, unpublished


def _open(dump: dumps.Dump) -> zipfile.ZipFile:
    with default_storage.open(dump.path, "rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def test_a_dump_holds_every_public_list_with_a_true_manifest(
    clean_storage, published, client: Client
) -> None:
    meeting, unpublished = published
    dump = dumps.dump_build()
    archive = _open(dump)
    manifest = json.loads(archive.read("manifest.json"))
    assert set(manifest["datasets"]) == set(dumps.DATASETS)
    for prefix, entry in manifest["datasets"].items():
        for file_name, facts in entry["files"].items():
            data = archive.read(file_name)
            assert hashlib.sha256(data).hexdigest() == facts["sha256"], file_name
            assert len(data) == facts["bytes"]
        jsonl = archive.read(f"{prefix.replace('-', '_')}.jsonl").decode().splitlines()
        assert len(jsonl) == entry["rows"], prefix
        # The same rows the API gives the public, in the same order.
        api = client.get(f"/api/{prefix}/", {**dumps.DATASETS[prefix], "page_size": 1000}).json()
        api_rows = api["results"] if isinstance(api, dict) else api
        assert [json.loads(line) for line in jsonl][: len(api_rows)] == json.loads(
            json.dumps(api_rows).replace("http://testserver", dumps_site())
        ), prefix
    meetings = [json.loads(line) for line in archive.read("meetings.jsonl").decode().splitlines()]
    assert [m["id"] for m in meetings] == [meeting.pk]  # the unpublished one is not there
    text = archive.read("meetings.jsonl").decode()
    assert "Ældrepleje i Århus" in text and SECRET not in text
    rows = list(
        csv.DictReader(io.StringIO(archive.read("meetings.csv").decode("utf-8-sig")), delimiter=";")
    )
    assert len(rows) == 1 and "Ældrepleje i Århus" in rows[0]["items"]
    from councils.models import Municipality

    assert manifest["datasets"]["municipalities"]["rows"] == Municipality.objects.count() > 90
    assert unpublished.pk not in [m["id"] for m in meetings]


def dumps_site() -> str:
    from django.conf import settings

    return settings.SITE_URL


def test_every_rest_list_is_in_the_dump() -> None:
    from kkr_portal.api_urls import router

    assert {prefix for prefix, _viewset, _basename in router.registry} == set(dumps.DATASETS)


def test_a_week_is_kept_and_a_day_is_written_once(clean_storage, demo) -> None:
    today = timezone.localdate()
    for age in range(9):
        dumps.dump_build(day=today - dt.timedelta(days=age))
    days = [d.day for d in dumps.dumps_list()]
    assert days == [today - dt.timedelta(days=age) for age in range(7)]
    dumps.dump_build(day=today)
    assert len(dumps.dumps_list()) == 7


def test_the_dump_is_downloaded_as_an_attachment_and_listed(
    clean_storage, demo, client: Client
) -> None:
    call_command("build_open_data_dump", stdout=io.StringIO())
    [dump] = dumps.dumps_list()
    page = client.get("/aabne-data/").content.decode()
    assert f"/aabne-data/download/{dump.name}" in page
    response = client.get(f"/aabne-data/download/{dump.name}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{dump.name}"'
    assert zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).testzip() is None
    for name in ("kkr-open-data-1999-01-01.zip", "../settings.py", "manifest.json"):
        assert client.get(f"/aabne-data/download/{name}").status_code == 404


def test_a_failed_run_leaves_the_earlier_dump_whole(clean_storage, demo, monkeypatch) -> None:
    first = dumps.dump_build()
    with default_storage.open(first.path, "rb") as handle:
        before = handle.read()

    def broken(archive, prefix, params):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(dumps, "_write_dataset", broken)
    with pytest.raises(RuntimeError):
        dumps.dump_build()
    with default_storage.open(first.path, "rb") as handle:
        assert handle.read() == before
    _folders, files = default_storage.listdir(dumps.FOLDER)
    assert files == [first.name]  # no half-written file left beside it


def test_a_title_that_looks_like_a_formula_is_not_one_in_the_csv(clean_storage, demo) -> None:
    body = Body.objects.get(slug="kd-net-midtjylland")
    body.name = '=HYPERLINK("http://evil.example")'
    body.save(update_fields=["name"])
    archive = _open(dumps.dump_build())
    rows = list(
        csv.DictReader(io.StringIO(archive.read("bodies.csv").decode("utf-8-sig")), delimiter=";")
    )
    names = [r["name"] for r in rows if "HYPERLINK" in r["name"]]
    assert names and all(not n.startswith("=") for n in names)
    # The JSON Lines keep the value as it is.
    assert '"=HYPERLINK' in archive.read("bodies.jsonl").decode()
