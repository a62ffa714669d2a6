"""Demo data for agreements (seeds 001 and 003), entered through the services as a
secretariat would:

* KKR Syddanmark's performance contracts 2023 with Erhvervshus Fyn and Erhvervshus
  Sydjylland (seed 001 names them; their goals, indicators and measurements are invented,
  see docs/demo-data.md);
* the Væksthus Midtjylland agreement complex of 2015 (seed 003): the national agreement
  between KL and the Ministry of Business and Growth, the regional agreement between KKR
  Midtjylland and Væksthus Midtjylland, and one local agreement (Aarhus), with the economy
  the seed gives (DKK 101.292 million nationally, 22.668 million for Væksthus Midtjylland),
  and the 2016 renewal of the regional agreement as a draft with its targets still to set.

Loading twice changes nothing (each agreement is looked up by its title).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from agreements import services
from agreements.models import Agreement, AgreementKind, Goal, Indicator
from councils.models import Body, Municipality, Organisation
from councils.services.base import organisation_upsert

FYN_TITLE = "Resultatkontrakt 2023 mellem KKR Syddanmark og Erhvervshus Fyn"
SYDJYLLAND_TITLE = "Resultatkontrakt 2023 mellem KKR Syddanmark og Erhvervshus Sydjylland"
NATIONAL_TITLE = "Aftale mellem KL og Erhvervs- og Vækstministeriet om væksthusene 2011-2015"
REGIONAL_TITLE = "Aftale mellem KKR Midtjylland og Væksthus Midtjylland 2015"
LOCAL_TITLE = "Lokal aftale mellem Aarhus Kommune og Væksthus Midtjylland 2015"
RENEWAL_TITLE = "Aftale mellem KKR Midtjylland og Væksthus Midtjylland 2016"

Y2023 = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
Y2015 = (dt.date(2015, 1, 1), dt.date(2015, 12, 31))

# goal title, description, [(indicator name, unit, baseline, baseline year, target,
# direction, [(year, date or None, value)])]
IndicatorSpec = tuple[str, str, int | None, int | None, int | None, str, list[tuple[Any, ...]]]
GoalSpec = tuple[str, str, list[IndicatorSpec]]

FYN_GOALS: list[GoalSpec] = [
    (
        "Flere virksomheder i vækst",
        "Erhvervshuset vejleder flere fynske virksomheder med vækstpotentiale og henviser dem "
        "til private rådgivere og statslige tilbud.",
        [
            (
                "Virksomheder i specialiseret vejledningsforløb",
                "virksomheder",
                820,
                2022,
                900,
                "at_least",
                [(2023, dt.date(2023, 6, 30), 430), (2023, dt.date(2023, 12, 31), 905)],
            ),
            (
                "Virksomhedernes tilfredshed med vejledningen",
                "pct.",
                88,
                2022,
                90,
                "at_least",
                [(2023, None, 86)],
            ),
        ],
    ),
    (
        "Grøn omstilling",
        "Flere små og mellemstore virksomheder får en plan for grøn omstilling.",
        [
            (
                "Virksomheder med en grøn omstillingsplan",
                "virksomheder",
                60,
                2022,
                150,
                "at_least",
                [(2023, None, 96)],
            ),
        ],
    ),
    (
        "Kvalificeret arbejdskraft",
        "Erhvervshuset henviser virksomheder med rekrutteringsbehov til jobcentrenes "
        "virksomhedsservice.",
        [
            (
                "Henvisninger til jobcentrenes virksomhedsservice",
                "henvisninger",
                None,
                None,
                250,
                "at_least",
                [],
            ),
        ],
    ),
]

SYDJYLLAND_GOALS: list[GoalSpec] = [
    (
        "Flere virksomheder i vækst",
        "Erhvervshuset vejleder flere sydjyske virksomheder med vækstpotentiale.",
        [
            (
                "Virksomheder i specialiseret vejledningsforløb",
                "virksomheder",
                1010,
                2022,
                1100,
                "at_least",
                [(2023, dt.date(2023, 6, 30), 560), (2023, dt.date(2023, 12, 31), 1125)],
            ),
            (
                "Gennemsnitlig ventetid på første møde",
                "arbejdsdage",
                4,
                2022,
                3,
                "at_most",
                [(2023, None, 3)],
            ),
        ],
    ),
    (
        "Automatisering og digitalisering",
        "Produktionsvirksomheder får hjælp til at automatisere og digitalisere.",
        [
            (
                "Virksomheder i automatiseringsforløb",
                "virksomheder",
                45,
                2022,
                80,
                "at_least",
                [(2023, None, 74)],
            ),
        ],
    ),
]

REGIONAL_GOALS: list[GoalSpec] = [
    (
        "Flere iværksættere og virksomheder i vækstforløb",
        "Vejledning og vækstkortlægning af iværksættere og virksomheder med vækstpotentiale "
        "(Det midtjyske Vækstunivers).",
        [
            (
                "Vejledte iværksættere og virksomheder",
                "virksomheder",
                1450,
                2014,
                1500,
                "at_least",
                [(2015, None, 1560)],
            ),
            (
                "Kontakt til henviste virksomheder inden for to arbejdsdage",
                "pct.",
                None,
                None,
                95,
                "at_least",
                [(2015, None, 91)],
            ),
        ],
    ),
    (
        "Knudepunkt i erhvervsservicesystemet",
        "Væksthuset henviser til private og offentlige tilbud og samarbejder med den lokale "
        "erhvervsservice.",
        [
            (
                "Henvisninger til private rådgivere",
                "henvisninger",
                700,
                2014,
                800,
                "at_least",
                [(2015, None, 690)],
            ),
        ],
    ),
]


def _goals(agreement: Agreement, specs: list[GoalSpec]) -> None:
    for title, description, indicators in specs:
        goal: Goal = services.goal_add(
            actor=None, agreement=agreement, title=title, description=description
        )
        for name, unit, baseline, baseline_year, target, direction, values in indicators:
            indicator = services.indicator_add(
                actor=None,
                goal=goal,
                name=name,
                unit=unit,
                baseline_value=Decimal(baseline) if baseline is not None else None,
                baseline_year=baseline_year,
                target_value=Decimal(target) if target is not None else None,
                target_year=agreement.end.year if agreement.end and target is not None else None,
                direction=direction,
                frequency=(
                    Indicator.Frequency.HALF_YEARLY
                    if any(day is not None for _year, day, _value in values)
                    else Indicator.Frequency.YEARLY
                ),
                source="Erhvervshusets indberetning" if "Erhvervshus" in agreement.title else "",
            )
            for year, day, value in values:
                services.measurement_record(
                    actor=None,
                    indicator_id=indicator.pk,
                    year=year,
                    measured_on=day,
                    value=Decimal(value),
                    note="Opfundet demotal",
                )


def _organisation(name: str, kind: str, short_name: str = "") -> Organisation:
    existing = Organisation.objects.filter(name=name).first()
    if existing is not None:
        return existing
    return organisation_upsert(actor=None, name=name, kind=kind, short_name=short_name)


def _erhvervshus_contract(kkr: Body, hub_slug: str, title: str, goals: list[GoalSpec]) -> None:
    hub = Body.objects.filter(slug=hub_slug).first()
    agreement = services.agreement_create(
        actor=None,
        body=kkr,
        kind=services.builtin_kind(AgreementKind.Builtin.PERFORMANCE_CONTRACT),
        title=title,
        start=Y2023[0],
        end=Y2023[1],
        summary=(
            "<p>KKR Syddanmark indgår hvert år en resultatkontrakt med erhvervshuset om "
            "konkrete mål og indsatser for den decentrale erhvervsfremme i Syddanmark.</p>"
        ),
    )
    services.party_add(actor=None, agreement=agreement, body=kkr, role="Opdragsgiver")
    if hub is not None:
        services.party_add(actor=None, agreement=agreement, body=hub, role="Erhvervshus")
    _goals(agreement, goals)
    services.agreement_put_in_force(actor=None, agreement_id=agreement.pk)


def _vaeksthus_complex(kkr: Body) -> None:
    kl = _organisation("Kommunernes Landsforening", Organisation.Kind.ASSOCIATION, "KL")
    ministry = _organisation("Erhvervs- og Vækstministeriet", Organisation.Kind.AUTHORITY)
    vaeksthus = _organisation("Væksthus Midtjylland", Organisation.Kind.BUSINESS)
    national = services.agreement_create(
        actor=None,
        body=kkr,
        kind=services.builtin_kind(AgreementKind.Builtin.FRAMEWORK),
        title=NATIONAL_TITLE,
        start=dt.date(2011, 1, 1),
        end=dt.date(2015, 12, 31),
        summary=(
            "<p>Den nationale aftale fastlægger de overordnede rammer for væksthusene i "
            "Danmark: årlige mål for aktivitetsniveau, henvisninger, tilfredshed og vækst hos "
            "vejledte virksomheder, og fordelingen af den økonomiske ramme. Kommunerne "
            "kompenseres for finansieringen over bloktilskuddet.</p>"
        ),
    )
    services.party_add(actor=None, agreement=national, organisation=kl, role="Part")
    services.party_add(actor=None, agreement=national, organisation=ministry, role="Part")
    services.economy_line_add(
        actor=None,
        agreement=national,
        amount=Decimal("101292000"),
        year=2015,
        source="Basisbevilling til væksthusene i alt",
    )
    regional = services.agreement_create(
        actor=None,
        body=kkr,
        kind=services.builtin_kind(AgreementKind.Builtin.PERFORMANCE_CONTRACT),
        title=REGIONAL_TITLE,
        start=Y2015[0],
        end=Y2015[1],
        parent=national,
        summary=(
            "<p>Aftalen indeholder mål og aktiviteter for Væksthus Midtjyllands virke i 2015: "
            "de bedste udviklingsmuligheder for iværksættere og virksomheder med "
            "vækstpotentiale i form af vejledning og vækstkortlægning, overblik over og "
            "henvisning til videntilførsel samt medfinansiering til vækst.</p>"
            "<p>Aftalekomplekset har tre niveauer: den nationale aftale mellem KL og Erhvervs- "
            "og Vækstministeriet, denne regionale aftale, og lokale aftaler mellem den enkelte "
            "kommune og Væksthus Midtjylland inden for rammerne af den regionale.</p>"
        ),
    )
    services.party_add(actor=None, agreement=regional, body=kkr, role="Opdragsgiver")
    services.party_add(actor=None, agreement=regional, organisation=vaeksthus, role="Operatør")
    services.economy_line_add(
        actor=None,
        agreement=regional,
        amount=Decimal("22668000"),
        year=2015,
        source="Basisbevilling til Væksthus Midtjylland (national aftale)",
    )
    _goals(regional, REGIONAL_GOALS)
    local = services.agreement_create(
        actor=None,
        body=kkr,
        kind=services.builtin_kind(AgreementKind.Builtin.CONTRACT),
        title=LOCAL_TITLE,
        start=Y2015[0],
        end=Y2015[1],
        parent=regional,
        summary=(
            "<p>Den lokale aftale målretter Væksthus Midtjyllands aktiviteter efter kommunens "
            "erhvervspolitiske mål, inden for aktivitetsmålene i den regionale aftale.</p>"
        ),
    )
    aarhus = Municipality.objects.filter(name__startswith="Aarhus").first()
    if aarhus is not None:
        services.party_add(actor=None, agreement=local, municipality=aarhus, role="Kommune")
    services.party_add(actor=None, agreement=local, organisation=vaeksthus, role="Operatør")
    for agreement in (national, regional, local):
        services.agreement_put_in_force(actor=None, agreement_id=agreement.pk)
    services.agreement_renew(
        actor=None,
        agreement_id=regional.pk,
        title=RENEWAL_TITLE,
        start=dt.date(2016, 1, 1),
        end=dt.date(2016, 12, 31),
    )


def load_agreement_demo() -> dict[str, int]:
    """The demo agreements (after the councils demo, which makes the bodies)."""
    syddanmark = Body.objects.filter(slug="kkr-syddanmark").first()
    midtjylland = Body.objects.filter(slug="kkr-midtjylland").first()
    if syddanmark is not None:
        for slug, title, goals in (
            ("erhvervshus-fyn", FYN_TITLE, FYN_GOALS),
            ("erhvervshus-sydjylland", SYDJYLLAND_TITLE, SYDJYLLAND_GOALS),
        ):
            if not Agreement.objects.filter(title=title).exists():
                _erhvervshus_contract(syddanmark, slug, title, goals)
    if midtjylland is not None and not Agreement.objects.filter(title=REGIONAL_TITLE).exists():
        _vaeksthus_complex(midtjylland)
    # The action plan, the Skåne Nordost matrix and the agreements of seed 001.
    from agreements.demo_plans import load_plan_demo

    load_plan_demo()
    services.agreements_expire()
    return {"agreements": Agreement.objects.count()}
