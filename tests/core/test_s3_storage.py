"""Files on S3-compatible object storage (issue 17, decision 0034): with KKR_FILE_STORAGE=s3
every uploaded and generated file goes to the bucket through Django's storage API, so web
servers and workers on several hosts share them. Run against a real S3 server (moto's
server mode, an S3 API over HTTP on 127.0.0.1) started by the test, reached with boto3 by
django-storages exactly as a production bucket would be."""

from __future__ import annotations

import datetime as dt
import io
import sys
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from councils.models import Body
from integrations import dumps
from meetings import services as meeting_services

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from run_tests import free_port

pytestmark = pytest.mark.django_db

KEYS = {"aws_access_key_id": "kkr-test", "aws_secret_access_key": "kkr-test-secret"}


@pytest.fixture
def bucket(settings: Any) -> Iterator[Any]:
    """A real S3 server on a free port, a bucket of its own (the server keeps its buckets
    for the whole process), and the portal's default storage on it."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="eu-north-1", **KEYS)
    name = f"kkr-test-{uuid.uuid4().hex[:12]}"
    client.create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": endpoint,
                "region_name": "eu-north-1",
                "access_key": KEYS["aws_access_key_id"],
                "secret_key": KEYS["aws_secret_access_key"],
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    try:
        yield client, name
    finally:
        server.stop()


def _keys(bucket: Any, prefix: str = "") -> list[str]:
    client, name = bucket
    listed = client.list_objects_v2(Bucket=name, Prefix=prefix)
    return sorted(o["Key"] for o in listed.get("Contents", []))


def test_an_attachment_is_stored_in_the_bucket_and_served_by_the_portal(
    bucket: Any, demo: Any, client: Client, settings: Any
) -> None:
    body = Body.objects.get(slug="kd-net-midtjylland")
    start = timezone.make_aware(dt.datetime(2018, 6, 4, 9))
    meeting = meeting_services.meeting_schedule(
        actor=None, body=body, starts_at=start, ends_at=start + dt.timedelta(hours=2)
    )
    item = meeting_services.agenda_item_add(actor=None, meeting=meeting, title="Åbent punkt")
    content = b"%PDF-1.4\n% a bilag on S3\n%%EOF\n"
    (attachment,) = meeting_services.attachments_add(
        actor=None,
        item=item,
        # A name no other test uses: the local media folder is shared by the whole run.
        files=[("Bilag på S3", SimpleUploadedFile(f"s3-{uuid.uuid4().hex}.pdf", content))],
    )
    meeting_services.agenda_publish(actor=None, meeting_id=meeting.pk)

    # In the bucket, and nowhere on this host's disk.
    assert attachment.file.name in _keys(bucket)
    assert not (Path(settings.MEDIA_ROOT) / attachment.file.name).exists()
    client_, name = bucket
    stored = client_.get_object(Bucket=name, Key=attachment.file.name)["Body"].read()
    assert stored == content
    # The public downloads it through the portal's view (which asks the access module).
    response = client.get(f"/moeder/bilag/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content


def test_the_nightly_dump_is_written_to_the_bucket_whole_and_old_ones_are_pruned(
    bucket: Any, demo: Any
) -> None:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    today = timezone.localdate()
    old_day = today - dt.timedelta(days=9)
    default_storage.save(f"{dumps.FOLDER}/kkr-open-data-{old_day}.zip", ContentFile(b"old"))

    dump = dumps.dump_build(day=today)
    again = dumps.dump_build(day=today)  # the same day again: still one object
    assert again.name == dump.name
    assert _keys(bucket, dumps.FOLDER) == [f"{dumps.FOLDER}/kkr-open-data-{today}.zip"]
    with dumps.dump_open(dump.name) as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    assert "manifest.json" in archive.namelist()
    assert any(name.startswith("bodies.") for name in archive.namelist())
    assert [d.name for d in dumps.dumps_list()] == [dump.name]
