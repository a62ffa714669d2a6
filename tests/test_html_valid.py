"""The main pages pass the Nu Html Checker (vnu) without errors."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.vnu

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_main_pages_are_valid_html(demo, tmp_path: Path) -> None:
    import datetime as dt

    from councils.models import Region
    from quotas import services
    from quotas.demo import load_quota_demo
    from quotas.models import QuotaYear

    load_quota_demo()
    services.distribution_agreement_draft(
        actor=None,
        quota_year=QuotaYear.objects.get(year=2027),
        region=Region.objects.get(code="1082"),
        deadline=dt.date(2026, 9, 10),
    )
    from councils import services as council_services
    from councils.models import Seat

    seat = Seat.objects.filter(body__slug="via-uddannelsesudvalg-ergoterapeut").first()
    council_services.nomination_propose(actor=None, seat=seat, candidate_name="Hanne Jensen")
    nomination_url = f"/organer/{seat.body.slug}/pladser/{seat.pk}/indstil/"
    import datetime as dt_

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from councils.models import Body
    from meetings import services as meeting_services

    meeting = meeting_services.meeting_schedule(
        actor=None,
        body=Body.objects.get(slug="kd-net-midtjylland"),
        starts_at=timezone.make_aware(dt_.datetime(2014, 8, 22, 9)),
        place="Silkeborg",
    )
    item = meeting_services.agenda_item_add(
        actor=None, meeting=meeting, title="Udpegelser", case_text="<h2>Baggrund</h2><p>Tekst</p>"
    )
    meeting_services.agenda_item_add(actor=None, meeting=meeting, title="VIA UC", parent=item)
    closed = meeting_services.agenda_item_add(
        actor=None, meeting=meeting, title="Lukket", is_closed=True
    )
    (attachment,) = meeting_services.attachments_add(
        actor=None, item=item, files=[("Bilag", SimpleUploadedFile("b.pdf", b"%PDF-1.4\n"))]
    )
    meeting_services.agenda_publish(actor=None, meeting_id=meeting.pk)
    # A second published version (an item changed, one in the bin), a withdrawn file and a
    # file in the bin: the version, compare, bin, history and confirmation pages.
    meeting_services.agenda_item_update(
        actor=None, item_id=item.pk, expected_version=item.version, title="Udpegelser 2015"
    )
    meeting_services.agenda_item_delete(actor=None, item_id=closed.pk)
    meeting_services.agenda_publish(
        actor=None, meeting_id=meeting.pk, change_note="Rettet titel & <b>fjernet</b> punkt"
    )
    meeting_services.attachment_withdraw(
        actor=None, attachment_id=attachment.pk, reason="Forkert fil"
    )
    (draft_file,) = meeting_services.attachments_add(
        actor=None, item=item, files=[("Kladde", SimpleUploadedFile("k.pdf", b"%PDF-1.4\n"))]
    )
    meeting_services.attachment_delete(actor=None, attachment_id=draft_file.pk)
    from meetings.services import newsletters as services_newsletter

    newsletter = services_newsletter.newsletter_create(
        actor=None,
        body=meeting.body,
        title="Nyhedsbrev",
        content="<p>Tekst</p><ul><li>Punkt</li></ul>",
    )
    anonymous = Client()
    staff = Client()
    assert (
        staff.post(
            reverse("accounts:login"), {"username": "sekretariat", "password": "demo-kkr-2026"}
        ).status_code
        == 302
    )
    pages = {
        "home": (anonymous, "/"),
        "body": (anonymous, "/organer/kd-net-midtjylland/"),
        "national-body": (anonymous, "/organer/danmarks-erhvervsfremmebestyrelse/"),
        "municipalities": (anonymous, "/kommuner/"),
        "municipalities-error": (anonymous, "/kommuner/?region=nope"),
        "login": (anonymous, "/konto/log-ind/"),
        "reset": (anonymous, "/konto/glemt-adgangskode/"),
        "accessibility": (anonymous, "/tilgaengelighed/"),
        "privacy": (anonymous, "/privatliv/"),
        "municipality": (anonymous, "/kommuner/751/"),
        "municipality-signed-in": (staff, "/kommuner/751/"),
        "my-tasks": (staff, "/konto/opgaver/"),
        "not-found": (anonymous, "/organer/findes-ikke/"),
        "profile": (staff, "/konto/"),
        "edit": (staff, "/organer/kd-net-midtjylland/rediger/"),
        "history": (staff, "/organer/kd-net-midtjylland/historik/"),
        "two-factor": (staff, "/konto/to-faktor/"),
        "rar": (anonymous, "/organer/rar-fyn/"),
        "person": (anonymous, "/personer/rune-asmussen/"),
        "appointments": (staff, "/udpegninger/"),
        "nominations": (staff, "/udpegninger/indstillinger/"),
        "nomination-form": (staff, nomination_url),
        "meeting-public": (anonymous, f"/moeder/{meeting.pk}/"),
        "meeting-staff": (staff, f"/moeder/{meeting.pk}/"),
        "agenda-edit": (staff, f"/moeder/{meeting.pk}/dagsorden/"),
        "item-edit": (staff, f"/moeder/punkt/{item.pk}/"),
        "attendance": (staff, f"/moeder/{meeting.pk}/deltagere/"),
        "meeting-create": (staff, "/moeder/ny/kd-net-midtjylland/"),
        "kd-net-with-meetings": (staff, "/organer/kd-net-midtjylland/"),
        "meeting-pdfs": (anonymous, f"/moeder/{meeting.pk}/pdf/agenda/"),
        "version-public": (anonymous, f"/moeder/{meeting.pk}/version/agenda/1/"),
        "version-staff": (staff, f"/moeder/{meeting.pk}/version/agenda/1/"),
        "version-compare": (anonymous, f"/moeder/{meeting.pk}/version/agenda/2/sammenlign/"),
        "version-compare-staff": (staff, f"/moeder/{meeting.pk}/version/agenda/2/sammenlign/"),
        "meeting-bin": (staff, f"/moeder/{meeting.pk}/papirkurv/"),
        "meeting-history": (staff, f"/moeder/{meeting.pk}/historik/"),
        "item-delete": (staff, f"/moeder/punkt/{item.pk}/slet/"),
        "attachment-delete": (staff, f"/moeder/bilag/{attachment.pk}/slet/"),
        "attachment-withdraw": (staff, f"/moeder/bilag/{attachment.pk}/traek-tilbage/"),
        "meeting-pdfs-staff": (staff, f"/moeder/{meeting.pk}/pdf/agenda/"),
        "newsletter-draft": (staff, f"/moeder/nyhedsbrev/{newsletter.pk}/"),
        "newsletter-edit": (staff, f"/moeder/nyhedsbrev/{newsletter.pk}/rediger/"),
        "newsletters": (staff, "/moeder/organ/kd-net-midtjylland/nyhedsbreve/"),
        "newsletter-new": (staff, "/moeder/organ/kd-net-midtjylland/nyhedsbreve/ny/"),
        "subscribe": (anonymous, "/abonnement/organ/kd-net-midtjylland/"),
        "subscribe-staff": (staff, "/abonnement/organ/kd-net-midtjylland/"),
        "outbox": (staff, "/abonnement/organ/kd-net-midtjylland/udsendelser/"),
        "quota-years": (anonymous, "/kvoter/"),
        "quotas-2015": (anonymous, "/kvoter/2015/"),
        "quotas-2027": (staff, "/kvoter/2027/"),
        "quota-calculation": (staff, "/kvoter/2027/beregning/"),
        "quota-distribution-agreement": (staff, "/kvoter/2027/aftale/1082/"),
        "quota-figure": (staff, "/kvoter/2027/landstal/"),
        "quota-import": (staff, "/kvoter/2027/inddata/"),
        "quota-placements": (staff, "/kvoter/2027/placeringer/"),
        "api-documentation": (anonymous, "/aabne-data/"),
        "api-tokens": (staff, "/aabne-data/noegler/"),
        "webhooks": (staff, "/aabne-data/webhooks/"),
    }
    files = []
    for name, (client, url) in pages.items():
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == []
    assert result.returncode == 0, result.stderr
