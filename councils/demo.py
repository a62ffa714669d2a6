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
from councils.demo_kkr import SECRETARIAT_USERS, load_kkr_depth
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
    ("Landsorganisationen i Danmark", "LO", Organisation.Kind.LABOUR_MARKET),
    ("FTF", "FTF", Organisation.Kind.LABOUR_MARKET),
    ("VIA University College", "VIA UC", Organisation.Kind.EDUCATION),
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
    (
        "via-uddannelsesudvalg-kristendom-kultur-kommunikation",
        "VIA UC: Uddannelsesudvalget for Kristendom, kultur og kommunikation",
        "",
        Body.Kind.COMMITTEE,
        "1082",
        None,
        "VIA University College",
        "Uddannelsesudvalg for professionsbacheloruddannelsen i Kristendom, kultur og "
        "kommunikation.",
    ),
    (
        "via-uddannelsesudvalg-ergoterapeut",
        "VIA UC: Uddannelsesudvalget for Ergoterapeutuddannelsen",
        "",
        Body.Kind.COMMITTEE,
        "1082",
        None,
        "VIA University College",
        "Uddannelsesudvalg for ergoterapeutuddannelsen.",
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
    # A secretariat per region (issue 18; councils.demo_kkr grants their bodies).
    *[(username, name, description) for username, name, description, _ in SECRETARIAT_USERS],
]


def _slug(name: str) -> str:
    from core.slugs import readable_slug

    return readable_slug(name)


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
    _load_composition(
        actor=actor, bodies=bodies, organisations=organisations, municipalities=by_name
    )
    users = _load_demo_users(bodies=bodies, municipalities=by_name)
    depth = load_kkr_depth(actor=actor)
    return {
        "municipalities": municipalities,
        "organisations": len(organisations),
        "bodies": len(bodies),
        "memberships": memberships,
        "users": users,
        **depth,
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


# ELENA/CeDEPI steering group as listed at KD-Net item 15.2 (22 August 2014); Rune Asmussen
# joined by that decision.
ELENA_MEMBERS = [
    ("Carsten Kronborg", "Region Midtjylland", None, "chair"),
    ("Henrik Brask Pedersen", "Region Midtjylland", None, "member"),
    ("Martin Petersen", "", "Ringkøbing-Skjern", "member"),
    ("Arne Gynther", "", "Syddjurs", "member"),
    ("Per Christensen", "", "Viborg", "member"),
    ("Jacob Philipsen", "", "Herning", "member"),
]


def _load_composition(
    *,
    actor: Any,
    bodies: dict[str, Body],
    organisations: dict[str, Organisation],
    municipalities: dict[str, Any],
) -> None:
    """Seats from the seeds; only bodies without seats get them, so reloading adds nothing."""
    from councils.models import Person

    def seats(slug: str, specs: list[tuple]) -> None:
        body = bodies[slug]
        if body.seats.exists():
            return
        for count, label, role, organisation, appointing, politician in specs:
            services.seats_create(
                actor=actor,
                body=body,
                count=count,
                label=label,
                role=role,
                nominating_organisation=organisations.get(organisation) if organisation else None,
                appointing_body=bodies.get(appointing) if appointing else None,
                requires_elected_politician=politician,
            )

    # RAR: composition by nominating organisation (the RAR memo in seed 003).
    for rar in ("rar-fyn", "rar-sydjylland"):
        seats(
            rar,
            [
                (6, "Indstillet af DA", "member", "Dansk Arbejdsgiverforening", None, False),
                (5, "Indstillet af LO", "member", "Landsorganisationen i Danmark", None, False),
                (1, "Indstillet af FTF", "member", "FTF", None, False),
                (1, "Indstillet af Akademikerne", "member", "Akademikerne", None, False),
                (1, "Indstillet af Lederne", "member", "Lederne", None, False),
                (5, "Kommunale medlemmer", "member", None, "kkr-syddanmark", True),
                (1, "Indstillet af DH", "member", "Danske Handicaporganisationer", None, False),
                (1, "Fra regionsrådet", "member", "Region Syddanmark", None, True),
                (
                    3,
                    "Tilforordnede (Vækstforum, VEU-center, uddannelsesinstitutioner)",
                    "observer",
                    None,
                    None,
                    False,
                ),
            ],
        )
    # Erhvervshus boards: 11 members, of whom KKR Syddanmark appoints 4 (seed 001).
    for hub in ("erhvervshus-fyn", "erhvervshus-sydjylland"):
        seats(
            hub,
            [
                (1, "Formand udpeget af KKR Syddanmark", "chair", None, "kkr-syddanmark", True),
                (
                    3,
                    "Kommunale politikere udpeget af KKR Syddanmark",
                    "member",
                    None,
                    "kkr-syddanmark",
                    True,
                ),
                (
                    6,
                    "Indstillet af erhvervsorganisationer og videninstitutioner",
                    "member",
                    None,
                    None,
                    False,
                ),
                (1, "Observatør", "observer", None, None, False),
            ],
        )
    # Danmarks Erhvervsfremmebestyrelse: one member from each KKR.
    seats(
        "danmarks-erhvervsfremmebestyrelse",
        [
            (1, f"Udpeget af {bodies[kkr].name}", "member", None, kkr, True)
            for kkr in (
                "kkr-nordjylland",
                "kkr-midtjylland",
                "kkr-syddanmark",
                "kkr-hovedstaden",
                "kkr-sjaelland",
            )
        ],
    )
    # VIA UC education committees: seats KD-Net appoints to, still vacant (item 15.1).
    for slug in (
        "via-uddannelsesudvalg-kristendom-kultur-kommunikation",
        "via-uddannelsesudvalg-ergoterapeut",
    ):
        if not bodies[slug].terms.exists():
            services.term_create(
                actor=actor, body=bodies[slug], start=dt.date(2014, 8, 1), end=dt.date(2018, 7, 31)
            )
        seats(
            slug,
            [
                (
                    1,
                    "Kommunal repræsentant udpeget af KD-Net",
                    "member",
                    None,
                    "kd-net-midtjylland",
                    False,
                )
            ],
        )
    # The SOSU/PAU committee's three named members hold its three seats.
    committee = bodies["samarbejdsudvalget-sosu-pau"]
    if not committee.seats.exists():
        new_seats = services.seats_create(
            actor=actor,
            body=committee,
            count=3,
            label="Kommunal repræsentant",
            appointing_body=bodies["kkr-syddanmark"],
        )
        for seat, membership in zip(new_seats, committee.memberships.order_by("pk"), strict=False):
            membership.seat = seat
            membership.save(update_fields=["seat"])
    # ELENA/CeDEPI: its members, and Rune Asmussen appointed at KD-Net item 15.2.
    elena = bodies["styregruppe-elena-cedepi"]
    if not elena.seats.exists():
        chair = services.seats_create(
            actor=actor, body=elena, count=1, label="Formand", role="chair"
        )
        members = services.seats_create(
            actor=actor,
            body=elena,
            count=6,
            label="Medlem",
            appointing_body=bodies["kd-net-midtjylland"],
        )
        start = dt.date(2014, 1, 1)
        for (name, title, municipality, _role), seat in zip(
            ELENA_MEMBERS, [*chair, *members], strict=False
        ):
            person = services.person_upsert(
                actor=actor,
                slug=_slug(name),
                name=name,
                title=title,
                municipality=municipalities.get(municipality) if municipality else None,
            )
            services.membership_appoint(
                actor=actor,
                seat=seat,
                person=person,
                start=start,
                municipality=municipalities.get(municipality) if municipality else None,
            )
        rune = services.person_upsert(
            actor=actor,
            slug="rune-asmussen",
            name="Rune Asmussen",
            municipality=municipalities["Randers"],
        )
        services.membership_appoint(
            actor=actor,
            seat=members[-1],
            person=rune,
            start=dt.date(2014, 8, 22),
            municipality=municipalities["Randers"],
            decided_on=dt.date(2014, 8, 22),
            decision_reference="KD-Net Midtjylland 22. august 2014, punkt 15.2",
        )
    Person.objects.filter(slug__in=["jan-petersen", "carsten-kissmeyer"]).update(
        is_elected_politician=True
    )
