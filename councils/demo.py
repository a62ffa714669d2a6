"""The demo data: regions, the 98 Danish municipalities, and the bodies and people named in
the source documents (see docs/demo-data.md). Loading goes through the services, so it is
validated and recorded in the history like any other change, and running it again changes
nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from django.db import transaction

from councils import services
from councils.models import Body, Municipality, Organisation, Region

DATA_DIR = Path(__file__).resolve().parent / "data"

REGIONS = [
    ("1081", "Region Nordjylland", "DK"),
    ("1082", "Region Midtjylland", "DK"),
    ("1083", "Region Syddanmark", "DK"),
    ("1084", "Region Hovedstaden", "DK"),
    ("1085", "Region Sjælland", "DK"),
    ("SE-12", "Region Skåne", "SE"),
]

ORGANISATIONS = [
    ("Kommunernes Landsforening", "KL", Organisation.Kind.ASSOCIATION),
    ("Arbejdsmarkedskontor Syd", "AMK Syd", Organisation.Kind.AUTHORITY),
    ("Dansk Arbejdsgiverforening", "DA", Organisation.Kind.LABOUR_MARKET),
    ("Fagbevægelsens Hovedorganisation", "FH", Organisation.Kind.LABOUR_MARKET),
    ("Akademikerne", "AC", Organisation.Kind.LABOUR_MARKET),
    ("Lederne", "Lederne", Organisation.Kind.LABOUR_MARKET),
    ("Danske Handicaporganisationer", "DH", Organisation.Kind.OTHER),
    ("Region Midtjylland", "RM", Organisation.Kind.AUTHORITY),
    ("Region Syddanmark", "RSD", Organisation.Kind.AUTHORITY),
    ("Erhvervsministeriet", "EM", Organisation.Kind.AUTHORITY),
    ("Skåne Nordost", "SKNO", Organisation.Kind.ASSOCIATION),
]

# slug, name, short name, kind, region code, parent slug, secretariat, description
BODIES: list[tuple[str, str, str, str, str | None, str | None, str | None, str]] = [
    (
        "kkr-nordjylland",
        "KKR Nordjylland",
        "KKR N",
        Body.Kind.KKR,
        "1081",
        None,
        "Kommunernes Landsforening",
        "Kommunekontaktrådet for de 11 nordjyske kommuner.",
    ),
    (
        "kkr-midtjylland",
        "KKR Midtjylland",
        "KKR M",
        Body.Kind.KKR,
        "1082",
        None,
        "Kommunernes Landsforening",
        "Kommunekontaktrådet for de 19 midtjyske kommuner.",
    ),
    (
        "kkr-syddanmark",
        "KKR Syddanmark",
        "KKR SD",
        Body.Kind.KKR,
        "1083",
        None,
        "Kommunernes Landsforening",
        "Kommunekontaktrådet for de 22 syddanske kommuner.",
    ),
    (
        "kkr-hovedstaden",
        "KKR Hovedstaden",
        "KKR H",
        Body.Kind.KKR,
        "1084",
        None,
        "Kommunernes Landsforening",
        "Kommunekontaktrådet for de 29 kommuner i hovedstadsregionen.",
    ),
    (
        "kkr-sjaelland",
        "KKR Sjælland",
        "KKR SJ",
        Body.Kind.KKR,
        "1085",
        None,
        "Kommunernes Landsforening",
        "Kommunekontaktrådet for de 17 sjællandske kommuner.",
    ),
    (
        "kd-net-midtjylland",
        "KD-Net Midtjylland",
        "KD-Net",
        Body.Kind.EXECUTIVE_NETWORK,
        "1082",
        "kkr-midtjylland",
        "Kommunernes Landsforening",
        "Kommunaldirektørnetværket i den midtjyske region; forbereder møderne i KKR Midtjylland.",
    ),
    (
        "vaekstforum-midtjylland",
        "Vækstforum Midtjylland",
        "",
        Body.Kind.GROWTH_FORUM,
        "1082",
        None,
        "Region Midtjylland",
        "Det regionale vækstforum, som KKR Midtjylland gav input til.",
    ),
    (
        "styregruppe-elena-cedepi",
        "Styregruppen for ELENA/CeDEPI",
        "",
        Body.Kind.STEERING_GROUP,
        "1082",
        "kd-net-midtjylland",
        None,
        "Styregruppe for det fælles energiprojekt.",
    ),
    (
        "rar-fyn",
        "RAR Fyn",
        "",
        Body.Kind.RAR,
        "1083",
        None,
        "Arbejdsmarkedskontor Syd",
        "Det regionale arbejdsmarkedsråd for Fyn.",
    ),
    (
        "rar-sydjylland",
        "RAR Sydjylland",
        "",
        Body.Kind.RAR,
        "1083",
        None,
        "Arbejdsmarkedskontor Syd",
        "Det regionale arbejdsmarkedsråd for Sydjylland.",
    ),
    (
        "erhvervshus-fyn",
        "Erhvervshus Fyn",
        "",
        Body.Kind.BUSINESS_HUB_BOARD,
        "1083",
        None,
        None,
        "Bestyrelsen for Erhvervshus Fyn: 11 medlemmer, heraf 4 udpeget af KKR Syddanmark.",
    ),
    (
        "erhvervshus-sydjylland",
        "Erhvervshus Sydjylland",
        "",
        Body.Kind.BUSINESS_HUB_BOARD,
        "1083",
        None,
        None,
        "Bestyrelsen for Erhvervshus Sydjylland: 11 medlemmer, heraf 4 udpeget af KKR Syddanmark.",
    ),
    (
        "erhvervshus-sjaelland",
        "Erhvervshus Sjælland",
        "",
        Body.Kind.BUSINESS_HUB_BOARD,
        "1085",
        None,
        None,
        "Bestyrelsen for Erhvervshus Sjælland.",
    ),
    (
        "samarbejdsudvalget-sosu-pau",
        "Samarbejdsudvalget for SOSU og PAU",
        "",
        Body.Kind.COMMITTEE,
        "1083",
        "kkr-syddanmark",
        "Kommunernes Landsforening",
        "Administrativt samarbejdsudvalg om social- og sundhedsuddannelserne og den pædagogiske "
        "assistentuddannelse.",
    ),
    (
        "danmarks-erhvervsfremmebestyrelse",
        "Danmarks Erhvervsfremmebestyrelse",
        "",
        Body.Kind.BUSINESS_PROMOTION_BOARD,
        None,
        None,
        "Erhvervsministeriet",
        "Nationalt organ; hvert KKR udpeger ét medlem.",
    ),
    (
        "skane-nordost-samverkanskommitte",
        "Samverkanskommittén för Skåne Nordost",
        "SKNO",
        Body.Kind.COLLABORATION,
        "SE-12",
        None,
        "Skåne Nordost",
        "Samverkan mellan sju kommuner i nordöstra Skåne.",
    ),
]

# KD-Net Midtjylland as in the minutes of 22 August 2014 (seed 003). Municipalities only
# where the seed itself names them; no contact details are invented.
KD_NET_START = dt.date(2014, 1, 1)
KD_NET_MEMBERS: list[tuple[str, str, str | None]] = [
    ("Jan Kallestrup", "Kommunaldirektør", "Favrskov"),
    ("Lars Møller", "Kommunaldirektør", "Holstebro"),
    ("Henning Hansen", "Kommunaldirektør", "Ikast-Brande"),
    ("Jesper Kaas Schmidt", "Kommunaldirektør", "Norddjurs"),
    ("Hans Nikolaisen", "Kommunaldirektør", "Randers"),
    ("Jann Hansen", "Kommunaldirektør", "Silkeborg"),
    ("Lisbeth Binderup", "Kommunaldirektør", "Skanderborg"),
    ("Claus Damgaard", "Kommunaldirektør", "Struer"),
    ("Lasse Jacobsen", "Kommunaldirektør", "Viborg"),
    ("Birgit Fogh Rasmussen", "Kommunaldirektør", None),
    ("Niels Erik Kjærgaard", "Kommunaldirektør", None),
    ("Lone Lyrskov", "Kommunaldirektør", None),
    ("Jesper Thyrring Møller", "Kommunaldirektør", None),
    ("Per Mathiasen", "Kommunaldirektør", None),
    ("Niels Aalund", "Kommunaldirektør", None),
    ("Kenth Halfdan Ferning", "Kommunaldirektør", None),
    ("Niels Højberg", "Kommunaldirektør", None),
    ("Anders J. Jørgensen", "Kommunaldirektør", None),
]
KKR_MIDTJYLLAND_LEADERS = [
    ("Jan Petersen", "Borgmester", "Norddjurs", "chair"),
    ("Carsten Kissmeyer", "Borgmester", "Ikast-Brande", "vice_chair"),
]
SOSU_PAU_MEMBERS = [
    ("Arne Nikolajsen", "Direktør", "Esbjerg"),
    ("Louise Thule", "", "Haderslev"),
    ("Annette Lund", "", "Kolding"),
]

DEMO_PASSWORD = "demo-kkr-2026"  # noqa: S105 - printed on purpose, demo only
DEMO_USERS = [
    # username, name, role description (printed by load_demo)
    ("admin", "Administrator", "platform administrator (sets up two-factor sign-in first)"),
    ("sekretariat", "Inger Nehm", "secretariat of KKR Midtjylland and KD-Net Midtjylland"),
    ("medlem", "Jan Kallestrup", "member of KD-Net Midtjylland"),
    ("kontakt", "Kontaktperson Aarhus", "contact person of Aarhus Municipality"),
]


def _slug(name: str) -> str:
    from django.utils.text import slugify

    return slugify(name.replace("æ", "ae").replace("ø", "oe").replace("å", "aa"))


def load_municipalities(*, actor: Any) -> int:
    regions = {
        code: services.region_upsert(actor=actor, code=code, name=name, country=country)
        for code, name, country in REGIONS
    }
    count = 0
    with (DATA_DIR / "municipalities.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            services.municipality_upsert(
                actor=actor, code=row["code"], name=row["name"], region=regions[row["region_code"]]
            )
            count += 1
    return count


@transaction.atomic
def load_demo(*, actor: Any = None) -> dict[str, int]:
    """Load (or refresh) all demo records. Safe to run again: it changes only what differs."""
    municipalities = load_municipalities(actor=actor)
    organisations = {
        name: services.organisation_upsert(actor=actor, name=name, short_name=short, kind=kind)
        for name, short, kind in ORGANISATIONS
    }
    regions = {region.code: region for region in Region.objects.all()}
    bodies: dict[str, Body] = {}
    for slug, name, short, kind, region, parent, secretariat, description in BODIES:
        bodies[slug] = services.body_upsert(
            actor=actor,
            slug=slug,
            name=name,
            short_name=short,
            kind=kind,
            region=regions[region] if region else None,
            parent=bodies[parent] if parent else None,
            secretariat=organisations[secretariat] if secretariat else None,
            description=description,
        )
    by_name = {m.name: m for m in Municipality.objects.filter(region__country="DK")}

    def person(name: str, title: str, municipality: str | None) -> Any:
        return services.person_upsert(
            actor=actor,
            slug=_slug(name),
            name=name,
            title=title,
            municipality=by_name.get(municipality) if municipality else None,
        )

    memberships = 0
    for name, title, municipality in KD_NET_MEMBERS:
        services.membership_ensure(
            actor=actor,
            person=person(name, title, municipality),
            body=bodies["kd-net-midtjylland"],
            role="member",
            start=KD_NET_START,
            municipality=by_name.get(municipality) if municipality else None,
        )
        memberships += 1
    inger = services.person_upsert(
        actor=actor, slug="inger-nehm", name="Inger Nehm", title="Sekretær for KD-Net"
    )
    services.membership_ensure(
        actor=actor,
        person=inger,
        body=bodies["kd-net-midtjylland"],
        role="secretary",
        start=KD_NET_START,
    )
    memberships += 1
    for name, title, municipality, role in KKR_MIDTJYLLAND_LEADERS:
        services.membership_ensure(
            actor=actor,
            person=person(name, title, municipality),
            body=bodies["kkr-midtjylland"],
            role=role,
            start=KD_NET_START,
            municipality=by_name[municipality],
        )
        memberships += 1
    for name, title, municipality in SOSU_PAU_MEMBERS:
        services.membership_ensure(
            actor=actor,
            person=person(name, title, municipality),
            body=bodies["samarbejdsudvalget-sosu-pau"],
            role="member",
            start=dt.date(2022, 1, 1),
            municipality=by_name[municipality],
        )
        memberships += 1
    users = _load_demo_users(bodies=bodies, municipalities=by_name)
    return {
        "municipalities": municipalities,
        "organisations": len(organisations),
        "bodies": len(bodies),
        "memberships": memberships,
        "users": users,
    }


def _load_demo_users(*, bodies: dict[str, Body], municipalities: dict[str, Any]) -> int:
    from accounts import services as account_services
    from accounts.models import Affiliation, User
    from councils.models import Person

    created = 0
    for username, full_name, _description in DEMO_USERS:
        user, was_created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@example.org", "first_name": full_name},
        )
        if was_created:
            user.set_password(DEMO_PASSWORD)
            user.is_superuser = user.is_staff = username == "admin"
            user.save()
            created += 1
    users = {
        user.username: user for user in User.objects.filter(username__in=[u[0] for u in DEMO_USERS])
    }
    for slug in ("kkr-midtjylland", "kd-net-midtjylland"):
        account_services.affiliation_grant(
            actor=None,
            user=users["sekretariat"],
            kind=Affiliation.Kind.SECRETARIAT,
            body_id=bodies[slug].pk,
        )
    account_services.affiliation_grant(
        actor=None,
        user=users["kontakt"],
        kind=Affiliation.Kind.MUNICIPAL_CONTACT,
        municipality_id=municipalities["Aarhus"].pk,
    )
    Person.objects.filter(slug="jan-kallestrup", user__isnull=True).update(user=users["medlem"])
    return created
