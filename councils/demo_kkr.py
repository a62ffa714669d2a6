"""Demo depth (issue 18): the five KKR with chair, vice-chair and a mayor for every
municipality of the region; a secretariat log-in per region; holders of the seats KKR
appoints to (RAR, Erhvervshus boards, Danmarks Erhvervsfremmebestyrelse); and the Skåne
Nordost committee's board of two per municipality with a chair from Kristianstad.

Names come from the seeds where they give them (KKR Midtjylland's chair, vice-chair and the
mayors on the participant list of the Brussels visit in seed 003); every other name is
invented and listed as such in docs/demo-data.md. Everything goes through the services, and
a second run finds every record in place and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.history import save_as
from core.slugs import readable_slug
from councils import services
from councils.models import Body, Membership, MembershipRole, Municipality, Person, Seat

# The KKR Midtjylland leadership and members start with the seed's period (2014); the
# other KKR with the current municipal term, whose start the seeds do not give.
KKR_MIDTJYLLAND_START = dt.date(2014, 1, 1)
KKR_START = dt.date(2022, 1, 1)
SEAT_START = dt.date(2022, 1, 1)
SKNO_START = dt.date(2023, 1, 1)

# Mayors named in seed 003 (participant list of the Brussels visit, 5-6 March 2015).
SEED_MAYORS_MIDTJYLLAND = {
    "Favrskov": "Nils Borring",
    "Holstebro": "H.C. Østerby",
    "Ikast-Brande": "Carsten Kissmeyer",
    "Lemvig": "Erik Flyvholm",
    "Norddjurs": "Jan Petersen",
    "Odder": "Uffe Jensen",
    "Randers": "Claus Omann Jensen",
    "Silkeborg": "Steen Vindum",
    "Skanderborg": "Jørgen Gaarde",
    "Struer": "Mads Jakobsen",
    "Syddjurs": "Claus Wistoft",
    "Viborg": "Torsten Nielsen",
}

# slug, region code, chair's municipality, vice-chair's municipality (invented but
# Midtjylland, where seed 003 names Jan Petersen, Norddjurs, and Carsten Kissmeyer,
# Ikast-Brande).
KKRS = [
    ("kkr-hovedstaden", "1084", "Hillerød", "København"),
    ("kkr-sjaelland", "1085", "Ringsted", "Næstved"),
    ("kkr-syddanmark", "1083", "Vejle", "Odense"),
    ("kkr-midtjylland", "1082", "Norddjurs", "Ikast-Brande"),
    ("kkr-nordjylland", "1081", "Hjørring", "Aalborg"),
]

# Invented mayors: a first name and a surname, none of them a surname in the seeds. 29 and
# 31 are coprime, so the pairs (i mod 29, i mod 31) stay distinct for the 86 needed.
_FIRST = [
    "Anne",
    "Bente",
    "Camilla",
    "Dorte",
    "Ellen",
    "Frida",
    "Grethe",
    "Hanne",
    "Ida",
    "Karen",
    "Lene",
    "Mette",
    "Nanna",
    "Pia",
    "Rikke",
    "Sofie",
    "Tina",
    "Anders",
    "Bjarne",
    "Christian",
    "Erik",
    "Frank",
    "Henrik",
    "Kim",
    "Lars",
    "Mogens",
    "Ole",
    "Søren",
    "Thomas",
]
_LAST = [
    "Abildgaard",
    "Bech",
    "Bruun",
    "Dalsgaard",
    "Ebbesen",
    "Fogh",
    "Gregersen",
    "Holm",
    "Iversen",
    "Juul",
    "Kirkegaard",
    "Lauridsen",
    "Mortensen",
    "Nørgaard",
    "Overgaard",
    "Poulsen",
    "Quist",
    "Riis",
    "Skovgaard",
    "Thygesen",
    "Ulriksen",
    "Vinther",
    "Winther",
    "Yde",
    "Bak",
    "Dahl",
    "Eskildsen",
    "Friis",
    "Grønbech",
    "Hvidt",
    "Krogh",
]

# The seats KKR Syddanmark appoints to (seed 001), by the municipality of the mayor who
# holds them (invented).
RAR_HOLDERS = {
    "rar-fyn": ["Middelfart", "Assens", "Faaborg-Midtfyn", "Kerteminde", "Nyborg"],
    "rar-sydjylland": ["Haderslev", "Billund", "Sønderborg", "Tønder", "Esbjerg"],
}
HUB_HOLDERS = {  # chair first, then the three municipal politicians
    "erhvervshus-fyn": ["Svendborg", "Nordfyns", "Langeland", "Ærø"],
    "erhvervshus-sydjylland": ["Kolding", "Varde", "Vejen", "Aabenraa"],
}

# Skåne Nordost (seed 004 names the seven municipalities): two board members each, the
# chair from Kristianstad, the vice-chair from Hässleholm. Names invented.
SKNO_BOARD = [
    ("Kristianstad", "Helena Bergqvist", MembershipRole.CHAIR),
    ("Kristianstad", "Johan Åkesson", MembershipRole.MEMBER),
    ("Hässleholm", "Lars-Göran Nilsson", MembershipRole.VICE_CHAIR),
    ("Hässleholm", "Maria Sjöstrand", MembershipRole.MEMBER),
    ("Bromölla", "Karin Persson", MembershipRole.MEMBER),
    ("Bromölla", "Per Engström", MembershipRole.MEMBER),
    ("Hörby", "Eva Lindahl", MembershipRole.MEMBER),
    ("Hörby", "Mikael Ohlsson", MembershipRole.MEMBER),
    ("Osby", "Kerstin Håkansson", MembershipRole.MEMBER),
    ("Osby", "Anders Blom", MembershipRole.MEMBER),
    ("Perstorp", "Birgitta Wallin", MembershipRole.MEMBER),
    ("Perstorp", "Magnus Ek", MembershipRole.MEMBER),
    ("Östra Göinge", "Lena Sandberg", MembershipRole.MEMBER),
    ("Östra Göinge", "Nils Fransson", MembershipRole.MEMBER),
]
SKNO_SLUG = "skane-nordost-samverkanskommitte"

# A secretariat log-in per region (KKR Midtjylland's is ``sekretariat``, in councils.demo).
# username, name (invented), description, the bodies it keeps.
SECRETARIAT_USERS: list[tuple[str, str, str, tuple[str, ...]]] = [
    (
        "sekretariat-hovedstaden",
        "Signe Brandt",
        "secretariat of KKR Hovedstaden",
        ("kkr-hovedstaden",),
    ),
    ("sekretariat-sjaelland", "Jonas Lykke", "secretariat of KKR Sjælland", ("kkr-sjaelland",)),
    (
        "sekretariat-syddanmark",
        "Marianne Kjeldsen",
        "secretariat of KKR Syddanmark and its SOSU/PAU committee",
        ("kkr-syddanmark", "samarbejdsudvalget-sosu-pau"),
    ),
    (
        "sekretariat-nordjylland",
        "Rasmus Toft",
        "secretariat of KKR Nordjylland",
        ("kkr-nordjylland",),
    ),
    (
        "sekretariat-skane",
        "Ingrid Malmberg",
        "secretariat of the Skåne Nordost committee",
        (SKNO_SLUG,),
    ),
]


def invented_mayor_names(count: int) -> list[str]:
    """``count`` distinct invented names (deterministic, so a reload finds the same)."""
    return [f"{_FIRST[i % len(_FIRST)]} {_LAST[i % len(_LAST)]}" for i in range(count)]


def _politician(*, actor: Any, name: str, title: str, municipality: Municipality) -> Person:
    """The person (by the slug of their name), an elected politician; new ones are made in
    one write, since the demo makes a hundred of them."""
    slug = readable_slug(name)
    if not Person.objects.filter(slug=slug).exists():
        return services.person_create(
            actor=actor,
            name=name,
            title=title,
            municipality=municipality,
            is_elected_politician=True,
        )
    person = services.person_upsert(
        actor=actor, slug=slug, name=name, title=title, municipality=municipality
    )
    if not person.is_elected_politician:
        person.is_elected_politician = True
        save_as(person, actor=actor, update_fields=["is_elected_politician"])
    return person


def load_kkr_depth(*, actor: Any = None) -> dict[str, int]:
    """Load the KKR members, seat holders, Skåne Nordost's board and the secretariat
    log-ins; returns how many memberships exist in the bodies it fills."""
    bodies = {body.slug: body for body in Body.objects.all()}
    mayors = _load_kkr_members(actor=actor, bodies=bodies)
    _load_seat_holders(actor=actor, bodies=bodies, mayors=mayors)
    _load_skane_nordost_board(actor=actor, body=bodies[SKNO_SLUG])
    _load_secretariat_users(bodies=bodies)
    return {"KKR members": Membership.objects.filter(body__kind=Body.Kind.KKR).count()}


def _load_kkr_members(*, actor: Any, bodies: dict[str, Body]) -> dict[str, Person]:
    """Every municipality's mayor is a member of its region's KKR; one chairs it and one is
    vice-chair. Returns the mayors by municipality name."""
    municipalities = Municipality.objects.filter(region__country="DK").select_related("region")
    by_region: dict[str, list[Municipality]] = {}
    for municipality in municipalities.order_by("code"):
        by_region.setdefault(municipality.region.code, []).append(municipality)
    unnamed = [m for ms in by_region.values() for m in ms if m.name not in SEED_MAYORS_MIDTJYLLAND]
    names = dict(zip([m.name for m in unnamed], invented_mayor_names(len(unnamed)), strict=True))
    names.update(SEED_MAYORS_MIDTJYLLAND)
    mayors: dict[str, Person] = {}
    for slug, region_code, chair, vice_chair in KKRS:
        body = bodies[slug]
        start = KKR_MIDTJYLLAND_START if slug == "kkr-midtjylland" else KKR_START
        for municipality in by_region[region_code]:
            person = _politician(
                actor=actor,
                name=names[municipality.name],
                title="Borgmester",
                municipality=municipality,
            )
            mayors[municipality.name] = person
            role = {chair: "chair", vice_chair: "vice_chair"}.get(municipality.name, "member")
            services.membership_ensure(
                actor=actor,
                person=person,
                body=body,
                role=role,
                start=start,
                municipality=municipality,
            )
    return mayors


def _appoint_vacant(
    *, actor: Any, seats: list[Seat], people: list[tuple[Person, Municipality | None]]
) -> None:
    """Appoint ``people`` to ``seats`` in order, skipping seats anyone has ever held."""
    for seat, (person, municipality) in zip(seats, people, strict=False):
        if seat.memberships.exists():
            continue
        services.membership_appoint(
            actor=actor, seat=seat, person=person, start=SEAT_START, municipality=municipality
        )


def _load_seat_holders(*, actor: Any, bodies: dict[str, Body], mayors: dict[str, Person]) -> None:
    """The municipal seats of RAR Fyn and Sydjylland, the KKR seats of the Erhvervshus
    boards (chair first) and each KKR's seat in Danmarks Erhvervsfremmebestyrelse (its
    chair). The organisations' seats stay vacant: the seeds name nobody for them."""
    kkr_syd = bodies["kkr-syddanmark"]
    for slug, holders in {**RAR_HOLDERS, **HUB_HOLDERS}.items():
        seats = list(
            bodies[slug].seats.filter(appointing_body=kkr_syd, is_active=True).order_by("position")
        )
        _appoint_vacant(
            actor=actor,
            seats=seats,
            people=[(mayors[name], mayors[name].municipality) for name in holders],
        )
    chairs = {
        m.body_id: m.person
        for m in Membership.objects.filter(body__kind=Body.Kind.KKR, role="chair").select_related(
            "person__municipality"
        )
    }
    for seat in bodies["danmarks-erhvervsfremmebestyrelse"].seats.filter(is_active=True):
        person = chairs.get(seat.appointing_body_id or 0)
        if person is not None:
            _appoint_vacant(actor=actor, seats=[seat], people=[(person, person.municipality)])


def _load_skane_nordost_board(*, actor: Any, body: Body) -> None:
    """Two seats per municipality, appointed by the municipality's council; the chair's seat
    is Kristianstad's first, the vice-chair's Hässleholm's."""
    swedish = {m.name: m for m in Municipality.objects.filter(region__country="SE")}
    if not body.seats.exists():
        for place, _name, role in SKNO_BOARD:
            label = {
                MembershipRole.CHAIR: f"Ordförande ({place})",
                MembershipRole.VICE_CHAIR: f"Vice ordförande ({place})",
            }.get(role, f"Ledamot ({place})")
            services.seats_create(
                actor=actor,
                body=body,
                count=1,
                label=label,
                role=role,
                requires_elected_politician=True,
            )
    seats = list(body.seats.filter(is_active=True).order_by("position"))
    people = [
        (
            _politician(
                actor=actor,
                name=name,
                title="Kommunalråd",
                municipality=swedish[place],
            ),
            swedish[place],
        )
        for place, name, _role in SKNO_BOARD
    ]
    for seat, (person, municipality) in zip(seats, people, strict=False):
        if seat.memberships.exists():
            continue
        services.membership_appoint(
            actor=actor, seat=seat, person=person, start=SKNO_START, municipality=municipality
        )


def _load_secretariat_users(*, bodies: dict[str, Body]) -> None:
    """The log-ins themselves are made with the other demo users (councils.demo); here
    each gets the secretariat of its bodies."""
    from accounts import services as account_services
    from accounts.models import Affiliation, User

    users = {
        u.username: u for u in User.objects.filter(username__in=[r[0] for r in SECRETARIAT_USERS])
    }
    for username, _name, _description, slugs in SECRETARIAT_USERS:
        for slug in slugs:
            account_services.affiliation_grant(
                actor=None,
                user=users[username],
                kind=Affiliation.Kind.SECRETARIAT,
                body_id=bodies[slug].pk,
            )
