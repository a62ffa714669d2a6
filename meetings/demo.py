"""Demo meetings from the seeds: KD-Net Midtjylland 22 August 2014 (seed 003, entered as
data: 19 items, sub-items, Bilag 1-16, attendance with a substitute, the closed second part)
and KKR Sjælland 10 September 2019 (seed 002: its five topics with the seed's texts, the
minutes and the newsletter of 16 September 2019 published), plus coming meetings so the
portal looks alive, and a meeting of the Skåne Nordost committee whose minutes were adjusted
(justerat) by the chair and an adjuster, with the body's own decision types, a member
disqualified (jävig) on one item and one who left early (the items of that meeting are
invented; the people are the board from councils.demo_kkr; issue 18). Loading goes through
the services; a second run writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from core.history import save_as
from councils.models import Body, Person
from meetings import services
from meetings.models import Meeting

# number, title, presenter, kind, case text, [bilag titles], decision, closed
KD_NET_2014 = [
    ("1", "Godkendelse af dagsorden", "", "decision", "", [], "Dagsordenen blev godkendt.", False),
    (
        "2",
        "Godkendelse af referatet fra møde fredag 23. maj 2014",
        "",
        "decision",
        "",
        ["Referat fra møde i kd-net fredag 23. maj 2014"],
        "Referatet blev godkendt.",
        False,
    ),
    (
        "3",
        "Det fælles kontaktcenter",
        "Lene Hartig Danielsen og Tonni Olsen",
        "information",
        "Orientering om status på etape to af det fælles kontaktcenter, der blev igangsat på "
        "baggrund af aftale på møde i KD-Net 6. december 2013.",
        [],
        "Lene Hartig Danielsen og Tonni Olsen orienterede om status om udviklingsprojektet, der "
        "følger tidsplanen og økonomien. Det blev aftalt, at projektledelsen skal arbejde videre "
        "med at udvikle projektet.",
        False,
    ),
    (
        "4",
        "Regional Vækst- og Udviklingsstrategi, VUS",
        "Niels Erik Kjærgaard og Bo Johansen",
        "information",
        "Orientering om processen vedrørende kommunernes inddragelse i arbejdet med VUS'en. "
        "Kommunerne er inviteret til senest 8. september 2014 at indsende input.",
        [
            "De 19 midtjyske kommuner drøfter regional vækst og udvikling, KKR 23. juni 2014",
            "Den regionale vækst og udviklingsstrategi, KKR 23. juni 2014",
        ],
        "Der blev opfordret til, at kommunerne indsender input senest 8. september 2014.",
        False,
    ),
    (
        "5",
        "Psykiatriområdet",
        "Jesper Thyrring Møller og Lasse Jacobsen",
        "information",
        "Orientering om status på KKR's Målsætning 4 vedr. psykiatriområdet.",
        [
            "Sammenhængende psykiatri, kommissorium 27. juni 2014",
            "Procespapir, Styregruppe vedr. rammepapir på psykiatriområdet, 3. juli 2014",
        ],
        "Lasse Jacobsen orienterede om, at kommissoriet blev godkendt 21. august 2014.",
        False,
    ),
    ("6", "Sundhedsområdet", "Lasse Jacobsen", "information", "", [], "", False),
    (
        "6.1",
        "Medtech Innovation Center, MTIC",
        "",
        "discussion",
        "Orientering om oplæg til et fælles regionalt samarbejde om sundhedsinnovation.",
        ["Midtjysk partnerskab om sundhedsinnovation, arbejdsgruppen, august 2014"],
        "Det blev aftalt, at der udpeges tre kommuner til at arbejde videre med organisering og "
        "indhold af samarbejdet.",
        False,
    ),
    (
        "6.2",
        "KOSU",
        "",
        "information",
        "Orientering om øvrige emner i regi af KOSU, herunder status på sundhedsaftalen.",
        [
            "Skriftlig orientering fra KOSU, 14. august 2014",
            "Udvikling i kommunal medfinansiering 2012-2013, 12. juni 2014",
        ],
        "Den aktivitetsbestemte medfinansiering på sundheds- og psykiatriområdet blev drøftet.",
        False,
    ),
    (
        "7",
        "Det specialiserede socialområde",
        "Jesper Thyrring Møller",
        "information",
        "",
        [],
        "",
        False,
    ),
    (
        "7.1",
        "Styringsaftalen for 2015",
        "",
        "decision",
        "Drøftelse af, hvordan takstudviklingen skal følges i 2015.",
        [],
        "Det blev aftalt, at der indstilles til KKR, at DASSOS følger takst-/udgiftsudviklingen.",
        False,
    ),
    (
        "7.2",
        "DASSOS",
        "",
        "information",
        "Orientering om øvrige emner i regi af DASSOS.",
        [],
        "Jesper Thyrring Møller orienterede fra mødet i DASSOS 19. august 2014.",
        False,
    ),
    (
        "8",
        "Infrastruktur",
        "Niels Aalund",
        "discussion",
        "Præsentation af materialet til drøftelsen om infrastrukturprioriteringer.",
        [
            "Oversigt over status på projekter, revideret august 2014",
            "Skematisk oversigt over projekter, A3, revideret august 2014",
        ],
        "Der var enighed om, at der tales inden for rammerne af oplægget.",
        False,
    ),
    (
        "9",
        "LIFE programmet",
        "Lisbeth Binderup",
        "discussion",
        "Drøftelse af mulighederne for et fælles regionalt projekt under LIFE programmet.",
        ["LIFE-integrerede projekter, CDEU august 2014"],
        "Der var enighed om, at der ikke på nuværende tidspunkt er interesse for et fælles "
        "regionalt projekt.",
        False,
    ),
    (
        "10",
        "Nyt fra regionen",
        "Bo Johansen",
        "information",
        "",
        [],
        "Der var ingen bemærkninger til punktet.",
        False,
    ),
    (
        "11",
        "Eventuelt",
        "",
        "information",
        "",
        [],
        "Der var ingen bemærkninger til punktet.",
        False,
    ),
    ("12", "Opfølgning på første del af mødet", "", "discussion", "", [], "", True),
    (
        "13",
        "Redningsberedskaber",
        "Jesper Kaas Schmidt",
        "information",
        "Orientering om status på oplægget om fremtidig organisering af beredskabet.",
        ["Referat fra møde i arbejdsgruppen om redningsberedskaber, 13. august 2014"],
        "Der ser på nuværende tidspunkt ud til, at der etableres seks beredskaber.",
        True,
    ),
    ("14", "Regionale møder", "Jesper Kaas Schmidt", "information", "", [], "", True),
    (
        "14.1",
        "Møde i Kontaktudvalget 25. august 2014",
        "",
        "information",
        "",
        [],
        "Jesper Kaas Schmidt gennemgik dagsordenen for mødet.",
        True,
    ),
    (
        "14.2",
        "Møde i KKR Midtjylland",
        "",
        "information",
        "Orientering om de foreløbige punkter til møde i KKR Midtjylland 12. september 2014.",
        ["Sagsoversigt til møde i KKR Midtjylland 12. september 2014"],
        "Inger Nehm orienterede kort om resultaterne af uddannelsesanalysen.",
        True,
    ),
    (
        "14.3",
        "Opfølgning på møde i KKR Midtjylland 12. juni 2014",
        "",
        "information",
        "",
        [],
        "Der var ingen bemærkninger til punktet.",
        True,
    ),
    ("15", "Udpegelser", "Jesper Kaas Schmidt", "decision", "", [], "", True),
    (
        "15.1",
        "Udpegning til VIA UCs uddannelsesudvalg 2014-18",
        "",
        "decision",
        "Der skal udpeges repræsentanter til en række uddannelsesudvalg under VIA UC.",
        ["Udpegning til VIAs uddannelsesudvalg 2014-18, KD-Net, august 2014"],
        "Der mangler fortsat udpegede til uddannelsesudvalget for Kristendom, kultur og "
        "kommunikation og uddannelsesudvalget for Ergoterapeutuddannelsen.",
        True,
    ),
    (
        "15.2",
        "Udpegning til ELENA EU energispareprojektet",
        "",
        "decision",
        "Styregruppen foreslår, at Rune Asmussen, Randers Kommune, indtræder i styregruppen.",
        [],
        "Det blev aftalt, at Rune Asmussen, Randers Kommune indtræder i styregruppen.",
        True,
    ),
    (
        "16",
        "Budget 2014",
        "Jesper Kaas Schmidt",
        "decision",
        "Drøftelse af revideret budget for 2014 med henblik på godkendelse.",
        ["Budget 2014, KD-Net sekretariatet 13. august 2014"],
        "Det reviderede budget blev godkendt.",
        True,
    ),
    (
        "17",
        "Mødeplan for 2015",
        "",
        "decision",
        "Drøftelse af forslag til mødeplan for 2015.",
        ["Forslag til mødeplan for 2015"],
        "Mødeplan for 2015 blev godkendt.",
        True,
    ),
    (
        "18",
        "Næste møde",
        "Jesper Kaas Schmidt",
        "information",
        "Næste møde er fredag 31. oktober 2014 i Medborgerhuset i Silkeborg. Dagsordenen "
        "fremsendes senest 24. oktober 2014.",
        [],
        "Jesper Kaas Schmidt orienterede om udkastet til program for seminaret.",
        True,
    ),
    (
        "19",
        "Eventuelt",
        "",
        "information",
        "",
        [],
        "Lars Møller informerede om, at KOMDIR planlægger et arrangement for direktionerne.",
        True,
    ),
]

PRESENT_2014 = [
    "Birgit Fogh Rasmussen",
    "Lars Møller",
    "Jesper Kaas Schmidt",
    "Niels Erik Kjærgaard",
    "Lone Lyrskov",
    "Jesper Thyrring Møller",
    "Per Mathiasen",
    "Jann Hansen",
    "Niels Aalund",
    "Kenth Halfdan Ferning",
    "Hans Nikolaisen",
    "Lasse Jacobsen",
    "Lisbeth Binderup",
    "Bo Johansen",
    "Jonna Holm Pedersen",
    "Eva Glæsner",
]
APOLOGIES_2014 = [
    "Jesper H. Jensen",
    "Claus Damgaard",
    "Henning Hansen",
    "Anders J. Jørgensen",
    "Jan Kallestrup",
]

# The five topics of KKR Sjælland's meeting of 10 September 2019, with the seed's own text
# (seed 002, the newsletter of 16 September 2019) as the decision of each item.
KKR_SJAELLAND_2019 = [
    (
        "Tværgående samarbejde om udbud af flere uddannelser i Region Sjælland",
        "discussion",
        "<p>KKR Sjælland havde en første drøftelse af dilemmaer og handlemuligheder i et "
        "tværgående samarbejde om udbud af uddannelser i Region Sjælland. KKR Sjælland pegede på "
        "en række vigtige elementer i arbejdet med uddannelsesområdet bl.a. det konkrete "
        "arbejdskraftbehov, tilgængelighed til relevante uddannelser, kvalitet i uddannelserne, "
        "efter- og videreuddannelsesmuligheder for voksne samt arbejdet med kendskab til "
        "erhvervs- og uddannelsesmuligheder i folkeskolen. Desuden skal delregionale samarbejder "
        "og nye måder at udbyde uddannelser på medtænkes. KKR Sjælland besluttede, at der "
        "arbejdes videre med fælles pejlemærker for etablering af uddannelser og udvikling af "
        "eksisterende.</p>",
    ),
    (
        "Resultatkontrakt 2020 mellem KKR Sjælland og Erhvervshus Sjælland",
        "decision",
        "<p>KKR Sjælland drøftede rammer for den kommende resultatkontrakt for 2020 med "
        "Erhvervshus Sjælland.</p>"
        "<p>KKR Sjælland pegede på følgende opmærksomhedspunkter til den kommende "
        "resultatkontrakt:</p>"
        "<ul>"
        "<li>Kommunerne er optagede af, at der skabes arbejdspladser.</li>"
        "<li>Vigtigt med konkrete mål for effekt af Erhvervshus Sjællands indsats, fx for "
        "professionalisering ift. strategi, ledelse, bestyrelse m.v.</li>"
        "<li>Tilfredshed med samarbejdet med lokal erhvervsservice bør måles.</li>"
        "<li>Grøn omstilling bør være fokusområde.</li>"
        "<li>Samarbejde med Hovedstaden/Greater Copenhagen prioriteres.</li>"
        "<li>Opmærksomhed på, hvordan præstationer, fx eksport, vækst og omsætning, opgøres, "
        "idet aktiviteter og firmaers hovedkvarter ofte indgår i Hovedstadens opgørelser. "
        "Derved undervurderes den reelle værdi i Sjællandsregionen.</li>"
        "</ul>"
        "<p>KKR Sjælland skal på sit møde i november tage stilling til resultatkontrakt "
        "2020.</p>",
    ),
    (
        "Strategibidrag for Sjælland til Danmarks Erhvervsfremmebestyrelses strategi for "
        "decentral erhvervsfremme 2020-2023",
        "discussion",
        "<p>KKR Sjælland fik en orientering om et udkast til regionalt kapitel fra Erhvervshus "
        "Sjællands bestyrelse til Danmarks Erhvervsfremmebestyrelses strategi for den "
        "decentrale erhvervsfremmeindsats 2020-2023.</p>"
        "<p>KKR Sjælland var enige om, at der laves et fælles høringssvar fra de 17 kommuner via "
        "KKR Sjælland, når Danmarks Erhvervsfremmebestyrelse sætter strategien i høring.</p>",
    ),
    (
        "Opdatering af retningslinjer for udrulning af digital infrastruktur",
        "information",
        "<p>KKR Sjælland fik en orientering om samarbejde i Digitalt Aktionsforum, herunder det "
        "igangværende arbejde med opdatering af retningslinjer for udrulning af digital "
        "infrastruktur samt etablering af en digital taskforce. 15 af de 17 kommuner i KKR "
        "Sjælland har allerede givet tilsagn om at indgå i den digitale taskforce.</p>",
    ),
    (
        "VIVE's benchmarkinganalyser på det specialiserede børne- og voksenområde",
        "information",
        "<p>KKR Sjælland blev orienteret om benchmarkinganalyser 2019 på det specialiserede "
        "børne- og voksenområde med to rapporter. Rapporterne forventes offentliggjort af VIVE "
        "den 16. september 2019.</p>"
        "<p>Analyserne er primært et styringsredskab for den enkelte kommune, idet den stiller "
        "styringsinformation til rådighed for den enkelte kommune og indeholder sammenligninger "
        "til de andre kommuner i regionen.</p>"
        "<p>KKR Sjælland bemærkede, at der lægges op til fremover at lave mere dybdegående "
        "analyser på udvalgte delområder samt ændre kadencen for benchmarkanalyserne, så disse "
        "foretages hvert 2. eller 3. år.</p>",
    ),
]
# The titles an earlier demo gave these items, so that reloading an older demo database
# renames them instead of adding a second item.
KKR_SJAELLAND_2019_FORMER_TITLES = {
    "Strategibidrag for Sjælland til Danmarks Erhvervsfremmebestyrelses strategi 2020-2023": (
        KKR_SJAELLAND_2019[2][0]
    ),
}
# The newsletter as the secretariat published it (seed 002): title, date and introduction;
# the sections per item follow from the decisions above.
KKR_SJAELLAND_NEWSLETTER_TITLE = "Nyhedsbrev KKR Sjælland september 2019"
KKR_SJAELLAND_NEWSLETTER_DATE = (2019, 9, 16)
KKR_SJAELLAND_NEWSLETTER_INTRO = (
    "<p>På mødet den 10. september 2019 drøftede KKR Sjælland tværgående samarbejde om udbud "
    "af flere uddannelser i Region Sjælland, resultatkontrakt 2020 mellem KKR Sjælland og "
    "Erhvervshus Sjælland samt strategibidrag for Sjælland til Danmarks "
    "Erhvervsfremmebestyrelses strategi for decentral erhvervsfremme 2020-2023.</p>"
    "<p>KKR Sjælland holdt møde den 10. september 2019 i Ringsted</p>"
    "<p>På mødet drøftede KKR Sjælland blandt andet:</p>"
    "<ul>"
    "<li>Tværgående samarbejde om udbud af flere uddannelser i Region Sjælland</li>"
    "<li>Resultatkontrakt 2020 mellem KKR Sjælland og Erhvervshus Sjælland</li>"
    "<li>Strategibidrag for Sjælland til Danmarks Erhvervsfremmebestyrelses strategi for "
    "decentral erhvervsfremme 2020-2023.</li>"
    "</ul>"
)


def placeholder_pdf(title: str) -> bytes:
    """A one-page PDF carrying the attachment's title (placeholder for the real document)."""
    text = title.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 12 Tf 50 780 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 "
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def _person(name: str) -> Person:
    from django.utils.text import slugify

    slug = slugify(name.replace("æ", "ae").replace("ø", "oe").replace("å", "aa"))
    person = Person.objects.filter(slug=slug).first()
    return person or Person.objects.create(name=name, slug=slug)


def _at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


def _load_kd_net(actor: Any) -> None:
    body = Body.objects.get(slug="kd-net-midtjylland")
    if Meeting.objects.filter(body=body, starts_at=_at(2014, 8, 22, 9)).exists():
        return
    meeting = services.meeting_schedule(
        actor=actor,
        body=body,
        starts_at=_at(2014, 8, 22, 9),
        ends_at=_at(2014, 8, 22, 11, 30),
        place="Medborgerhuset i Silkeborg, Sal C, Bindslevs Plads 5, 8600 Silkeborg",
    )
    meeting.items.all().delete()  # the seed has its own standing items, numbered as written
    parents: dict[str, Any] = {}
    for number, title, presenter, kind, case, bilag, decision, closed in KD_NET_2014:
        parent = parents.get(number.split(".")[0]) if "." in number else None
        item = services.agenda_item_add(
            actor=actor,
            meeting=meeting,
            title=title,
            parent=parent,
            presenter_text=presenter,
            kind=kind,
            case_text=f"<p>{case}</p>" if case else "",
            decision=f"<p>{decision}</p>" if decision else "",
            is_closed=closed,
        )
        if "." not in number:
            parents[number] = item
        if bilag:
            services.attachments_add(
                actor=actor,
                item=item,
                files=[
                    (t, SimpleUploadedFile(f"bilag-{i}.pdf", placeholder_pdf(t)))
                    for i, t in enumerate(bilag)
                ],
            )
    for name in PRESENT_2014:
        services.attendance_record(
            actor=actor, meeting=meeting, person=_person(name), status="present"
        )
    services.attendance_record(
        actor=actor, meeting=meeting, person=_person("Inger Nehm"), status="secretary"
    )
    services.attendance_record(
        actor=actor,
        meeting=meeting,
        person=_person("Peter Pedersen"),
        status="substitute",
        substitute_for=_person("Niels Højberg"),
    )
    for name in APOLOGIES_2014:
        services.attendance_record(
            actor=actor, meeting=meeting, person=_person(name), status="apologies"
        )
    services.agenda_publish(actor=actor, meeting_id=meeting.pk)
    services.minutes_publish(actor=actor, meeting_id=meeting.pk, confirm_missing=True)


def _load_kkr_sjaelland(actor: Any) -> None:
    """KKR Sjælland, 10 September 2019 in Ringsted (seed 002): the five topics with the
    seed's texts, the minutes published and the newsletter of 16 September 2019 published.
    Brings an older demo database's meeting (three topics, a draft newsletter) up to date;
    once everything is in place it writes nothing."""
    from core.html import sanitize_html
    from meetings.models import AgendaItem, Newsletter

    body = Body.objects.get(slug="kkr-sjaelland")
    meeting = Meeting.objects.filter(body=body, starts_at=_at(2019, 9, 10, 10)).first()
    if meeting is None:
        meeting = services.meeting_schedule(
            actor=actor, body=body, starts_at=_at(2019, 9, 10, 10), place="Ringsted"
        )
    topics = {item.title: item for item in meeting.items.filter(parent=None, standing="")}
    changed = False
    for former, title in KKR_SJAELLAND_2019_FORMER_TITLES.items():
        if former in topics and title not in topics:
            item = topics.pop(former)
            topics[title] = services.agenda_item_update(
                actor=actor, item_id=item.pk, expected_version=item.version, title=title
            )
            changed = True
    for title, kind, decision in KKR_SJAELLAND_2019:
        existing: AgendaItem | None = topics.get(title)
        if existing is None:
            services.agenda_item_add(
                actor=actor, meeting=meeting, title=title, kind=kind, decision=decision
            )
            changed = True
        elif existing.kind != kind or existing.decision != sanitize_html(decision):
            services.agenda_item_update(
                actor=actor,
                item_id=existing.pk,
                expected_version=existing.version,
                kind=kind,
                decision=decision,
            )
            changed = True
    meeting.refresh_from_db()
    if not meeting.minutes_are_published:
        if not meeting.agenda_is_published:
            services.agenda_publish(actor=actor, meeting_id=meeting.pk)
        services.minutes_publish(actor=actor, meeting_id=meeting.pk, confirm_missing=True)
    elif changed and meeting.status != Meeting.Status.MINUTES_APPROVED:
        # An older demo database: its published minutes had three of the five topics.
        services.minutes_publish(
            actor=actor,
            meeting_id=meeting.pk,
            confirm_missing=True,
            change_note="Alle fem punkter fra nyhedsbrevet (demodata).",
        )
    newsletter = Newsletter.objects.filter(meeting=meeting).first()
    if newsletter is None:
        newsletter = services.newsletter_draft_from_minutes(actor=actor, meeting=meeting)
    if newsletter is None or newsletter.status == Newsletter.Status.PUBLISHED:
        return
    services.newsletter_update(
        actor=actor,
        newsletter_id=newsletter.pk,
        title=KKR_SJAELLAND_NEWSLETTER_TITLE,
        content=_kkr_sjaelland_newsletter(meeting),
        version=newsletter.version,
    )
    newsletter = services.newsletter_publish(actor=actor, newsletter_id=newsletter.pk)
    # Published on the seed's date, not today: the feed shows it among 2019's news.
    newsletter.published_at = _at(*KKR_SJAELLAND_NEWSLETTER_DATE, 12)
    save_as(newsletter, actor=actor, update_fields=["published_at"])


def _kkr_sjaelland_newsletter(meeting: Meeting) -> str:
    """The text of seed 002: its introduction, the link to the minutes, a section a topic."""
    from django.urls import reverse

    link = reverse("meetings:meeting_detail", args=[meeting.pk])
    sections = "".join(
        f"<h2>{title}</h2>{decision}" for title, _kind, decision in KKR_SJAELLAND_2019
    )
    return (
        f"{KKR_SJAELLAND_NEWSLETTER_INTRO}"
        f'<p><a href="{link}">Her kan du finde referatet fra mødet i KKR Sjælland den '
        f"10. september 2019</a></p>{sections}"
    )


def _load_coming(actor: Any) -> None:
    today = timezone.localdate()
    for offset, slug in enumerate(
        ["kkr-midtjylland", "kd-net-midtjylland", "kkr-syddanmark", "kkr-sjaelland", "rar-fyn"]
    ):
        body = Body.objects.get(slug=slug)
        if Meeting.objects.filter(body=body, starts_at__date__gt=today).exists():
            continue
        day = today + dt.timedelta(days=14 + 7 * offset)
        meeting = services.meeting_schedule(
            actor=actor,
            body=body,
            starts_at=_at(day.year, day.month, day.day, 9),
            agenda_deadline=day - dt.timedelta(days=7),
        )
        services.agenda_publish(actor=actor, meeting_id=meeting.pk)


# title, kind, decision type (the body's own, below), decision. Invented for the demo.
SKANE_NORDOST_2025 = [
    ("Val av justerare", "decision", "bifall", "Valdes att jämte ordföranden justera protokollet."),
    (
        "Näringslivsstrategi för Skåne Nordost 2025-2030",
        "decision",
        "bifall",
        "Kommittén ställde sig bakom strategin och skickar den till kommunerna.",
    ),
    (
        "Gemensam kompetensförsörjning i vård och omsorg",
        "discussion",
        "noterat",
        "Informationen noterades.",
    ),
    (
        "Medfinansiering av Sydostlänken",
        "decision",
        "aterremiss",
        "Ärendet återremitterades för en ny kostnadsberäkning.",
    ),
    ("Övriga frågor", "information", "", "Inga övriga frågor."),
]
SKANE_NORDOST_TYPES = ["Bifall", "Noterat", "Återremiss", "Avslag"]
# Used only when the body has no members in the data yet: invented names, marked as such.
SKANE_NORDOST_FALLBACK = ["Anna Lindqvist (demo)", "Erik Holm (demo)", "Sara Nyström (demo)"]


def _load_skane_nordost(actor: Any) -> None:
    """A meeting of the Skåne Nordost committee with justerat minutes: the body adjusts its
    minutes (justering), appoints an adjuster besides the chair, both approve (entered by
    the secretariat as signed on paper), and the minutes are published, which starts the
    three-week appeal period."""
    from councils.models import Membership
    from meetings.access import MEMBER_ROLES
    from meetings.models import DecisionType, MinutesApprovalRule

    body = Body.objects.filter(slug="skane-nordost-samverkanskommitte").first()
    starts = _at(2025, 3, 14, 9)
    if body is None or Meeting.objects.filter(body=body, starts_at=starts).exists():
        return
    services.body_minutes_settings_set(
        actor=actor, body=body, approval=MinutesApprovalRule.ADJUSTERS
    )
    for label in SKANE_NORDOST_TYPES:
        if not DecisionType.objects.filter(body=body, label=label).exists():
            services.decision_type_add(actor=actor, body=body, label=label)
    meeting = services.meeting_schedule(
        actor=actor,
        body=body,
        starts_at=starts,
        ends_at=_at(2025, 3, 14, 11, 30),
        place="Rådhus Skåne, Kristianstad",
    )
    meeting.items.all().delete()  # Swedish items of its own
    items = []
    for title, kind, decision_type, decision in SKANE_NORDOST_2025:
        item = services.agenda_item_add(actor=actor, meeting=meeting, title=title, kind=kind)
        item = services.agenda_item_update(
            actor=actor,
            item_id=item.pk,
            expected_version=item.version,
            decision=f"<p>{decision}</p>",
            decision_type=decision_type,
        )
        items.append(item)
    members = list(
        Membership.objects.current(starts.date())
        .filter(body=body, role__in=MEMBER_ROLES)
        .select_related("person")
        .order_by("role", "person__name")
    )
    people = [m.person for m in members] or [_person(n) for n in SKANE_NORDOST_FALLBACK]
    for person in people:
        services.attendance_record(actor=actor, meeting=meeting, person=person, status="present")
    if len(people) >= 3:
        # One leaves after the strategy; one is disqualified (jävig) on the co-financing.
        services.attendance_record(
            actor=actor, meeting=meeting, person=people[-1], status="present", left_after=items[1]
        )
        services.item_disqualification_record(
            actor=actor,
            item=items[3],
            person=people[-2],
            note="Styrelseledamot i Sydostlänken AB",
        )
    services.agenda_publish(actor=actor, meeting_id=meeting.pk)
    adjuster = next(
        (p for p in people if not any(m.person_id == p.pk and m.role == "chair" for m in members)),
        people[0],
    )
    services.minutes_adjusters_set(actor=actor, meeting_id=meeting.pk, person_ids=[adjuster.pk])
    for row in meeting.adjusters.all():
        services.minutes_adjust(actor=actor, meeting_id=meeting.pk, person_id=row.person_id)
    services.minutes_publish(actor=actor, meeting_id=meeting.pk, confirm_missing=True)


@transaction.atomic
def load_meeting_demo(*, actor: Any = None) -> dict[str, int]:
    _load_kd_net(actor)
    _load_kkr_sjaelland(actor)
    _load_coming(actor)
    _load_skane_nordost(actor)
    return {"meetings": Meeting.objects.count()}
