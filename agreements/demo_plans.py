"""Demo data for action plans, evaluations, linked meeting items and plan matrices (seeds 000,
001 and 004), entered through the services as a secretariat would:

* the joint regional-municipal action plan of Syddanmark 2016-19 (seed 000): its three
  tracks, the administrative forum following two of them, a development agreement per city
  region (as activities of the city-region track), the two political discussions a year on
  qualified labour (an activity with a milestone per discussion), the validity tied to the
  growth and development strategy 2016-19, and the joint evaluation before the end of 2017;
  a KKR Syddanmark meeting of November 2017 whose items are linked to the plan;
* the Skåne Nordost matrix (seed 004) with its six themes, as in the seed (Swedish), and
  its three footnotes;
* KKR Syddanmark's contract with the EU office SDEO (renewed every second year), the
  partnership agreement with UC SYD and UCL 2023-25 with its three primary goals, and the
  framework agreement on Danish education for adult foreigners 2021-25 (seed 001).

What the seeds do not give (dates of activities and milestones, the city regions' names,
the meeting of November 2017 and its decisions, the evaluation's conclusion) is invented
and listed in docs/demo-data.md. Loading twice changes nothing (each agreement is looked up
by its title).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from agreements import services
from agreements import services_plans as plans
from agreements.models import Activity, Agreement, AgreementKind
from councils.models import Body, Organisation
from councils.services.base import body_upsert, organisation_upsert

ACTION_PLAN_TITLE = "Fælles regional-kommunal aktionsplan 2016-19 (Syddanmark)"
MATRIX_AGREEMENT_TITLE = "Samverkan för kompetens och lärande i Skåne Nordost"
SDEO_TITLE = "Resultatkontrakt mellem KKR Syddanmark og SDEO 2023-2024"
UC_TITLE = "Partnerskabsaftale mellem KKR Syddanmark, UC SYD og UCL 2023-2025"
FRAMEWORK_TITLE = (
    "Rammeaftale for KKR Syddanmark - samarbejde om danskuddannelse til voksne udlændinge 2021-2025"
)

CITY_REGIONS = ["Fyn", "Trekantområdet", "Sydvestjylland", "Sønderjylland"]


def _organisation(name: str, kind: str, short_name: str = "") -> Organisation:
    existing = Organisation.objects.filter(name=name).first()
    if existing is not None:
        return existing
    return organisation_upsert(actor=None, name=name, kind=kind, short_name=short_name)


def _forum(kkr: Body, slug: str, name: str, description: str) -> Body:
    existing = Body.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    return body_upsert(
        actor=None,
        slug=slug,
        name=name,
        kind=Body.Kind.FORUM,
        region=kkr.region,
        description=description,
    )


# --- The Syddanmark action plan 2016-19 (seed 000) -------------------------------------------


def _action_plan(kkr: Body) -> None:
    region = _organisation("Region Syddanmark", Organisation.Kind.AUTHORITY, "RSD")
    forum = _forum(
        kkr,
        "administrativt-forum-syddanmark",
        "Regionalt-kommunalt administrativt forum (Syddanmark)",
        "Følger aktivitetssporene om byregionalt samarbejde og syddanskernes liv i de enkelte "
        "kommuner. Sammensætning og mødefrekvens aftales i dialog med kommunerne.",
    )
    coordination = _forum(
        kkr,
        "koordinationsudvalget-syddanmark",
        "Det fælles regionale og kommunale koordinationsudvalg for vækst- og udviklingsstrategien",
        "Følger indsatsen i aktionsplanen løbende og kan undervejs anbefale nye indsatser.",
    )
    plan = services.agreement_create(
        actor=None,
        body=kkr,
        kind=services.builtin_kind(AgreementKind.Builtin.ACTION_PLAN),
        title=ACTION_PLAN_TITLE,
        start=dt.date(2016, 1, 1),
        end=dt.date(2019, 12, 31),
        summary=(
            "<p>Aktionsplanen er en platform til dialog og udviklingssamarbejde inden for de "
            "tre aktivitetsspor. De tre spor er aftalt politisk og arbejdet søges forankret i "
            "KKV, hvor resultater synliggøres i et politisk samarbejde.</p>"
            "<p><strong>Gyldighedsperiode:</strong> Aktionsplanen er koblet til den regionale "
            "vækst- og udviklingsstrategi 2016-19. Et tæt samarbejde og en løbende dialog skal "
            "sikre, at indsatsen løbende tilpasses behov og udvikling.</p>"
        ),
    )
    services.party_add(actor=None, agreement=plan, body=kkr, role="Kommunerne i Syddanmark")
    services.party_add(actor=None, agreement=plan, organisation=region, role="Region")

    city = plans.track_add(
        actor=None,
        agreement=plan,
        title="Byregionalt samarbejde",
        owner_body=kkr,
        followed_by=[forum, coordination],
        description=(
            "<p>Indsatsen kan suppleres med en udviklingsaftale i hver af de fire byregioner i "
            "Syddanmark. Udviklingsaftalens samarbejdstemaer, det politiske samarbejde, "
            "processen og de deltagende parters bidrag aftales i en dialog mellem regionen og "
            "de deltagende kommuner i hver enkelt byregion.</p>"
        ),
    )
    for n, name in enumerate(CITY_REGIONS):
        activity = plans.activity_add(
            actor=None,
            track=city,
            title=f"Udviklingsaftale for byregion {name}",
            responsible_organisation=region,
            responsible_text=f"og kommunerne i byregion {name}",
            start=dt.date(2016, 9, 1),
            end=dt.date(2019, 12, 31),
            status=Activity.Status.IN_PROGRESS if n < 2 else Activity.Status.PLANNED,
        )
        plans.milestone_add(
            actor=None,
            activity=activity,
            title="Samarbejdstemaer aftalt",
            due_on=dt.date(2017, 3, 31),
            done_on=dt.date(2017, 3, 15) if n < 2 else None,
        )
        plans.milestone_add(
            actor=None,
            activity=activity,
            title="Udviklingsaftalen underskrevet",
            due_on=dt.date(2017, 6, 30),
            done_on=dt.date(2017, 6, 20) if n == 0 else None,
        )

    life = plans.track_add(
        actor=None,
        agreement=plan,
        title="Syddanskernes liv i de enkelte kommuner",
        owner_body=kkr,
        followed_by=[forum, coordination],
    )
    plans.activity_add(
        actor=None,
        track=life,
        title="Det administrative forum etableres",
        description=(
            "Forummets sammensætning og mødefrekvens aftales i en dialog med kommunerne. "
            "Forummet skal kvalificere den fælles indsats og sikre en tæt sammenhæng til de "
            "strategiske udviklingsaktiviteter i kommunerne."
        ),
        responsible_organisation=region,
        responsible_text="og KKR Syddanmarks sekretariat",
        start=dt.date(2016, 3, 1),
        end=dt.date(2016, 12, 31),
        status=Activity.Status.DONE,
    )

    labour = plans.track_add(
        actor=None,
        agreement=plan,
        title="Kvalificeret arbejdskraft",
        owner_body=kkr,
        followed_by=[coordination],
        description=(
            "<p>Arbejdet foregår under inddragelse af relaterede fora på bl.a. uddannelses-, "
            "erhvervs- og beskæftigelsesområdet (Vækstforum, de regionale arbejdsmarkedsråd, "
            "KKR, Styregruppen for Syddansk Uddannelsesaftale mv.).</p>"
        ),
    )
    discussions = plans.activity_add(
        actor=None,
        track=labour,
        title="To årlige politiske og strategiske drøftelser om kvalificeret arbejdskraft",
        description=(
            "Drøftelserne skal styrke dialogen og koordineringen mellem de eksisterende fora og "
            "bidrage til fælles pejlemærker for Syddanmark."
        ),
        responsible_text="Arbejdsgruppe med deltagelse af relevante parter",
        start=dt.date(2016, 1, 1),
        end=dt.date(2019, 12, 31),
        status=Activity.Status.IN_PROGRESS,
    )
    for year in range(2016, 2020):
        for month, season in ((5, "forår"), (11, "efterår")):
            due = dt.date(year, month, 15)
            plans.milestone_add(
                actor=None,
                activity=discussions,
                title=f"Politisk drøftelse, {season} {year}",
                due_on=due,
                done_on=due if year < 2018 else None,
            )
    plans.activity_add(
        actor=None,
        track=labour,
        title="Rammerne for aktivitetssporet og forberedelsen af møderne",
        responsible_text="Arbejdsgruppe med deltagelse af relevante parter",
        start=dt.date(2016, 1, 1),
        end=dt.date(2016, 6, 30),
        status=Activity.Status.DONE,
    )

    evaluation = plans.evaluation_add(
        actor=None,
        agreement=plan,
        title="Fælles politisk drøftelse/evaluering af indsatsen",
        due_on=dt.date(2017, 12, 31),
    )
    plans.evaluation_update(
        actor=None,
        evaluation_id=evaluation.pk,
        expected_version=evaluation.version,
        done_on=dt.date(2017, 11, 23),
        conclusion=(
            "<p>Drøftet med henblik på supplerende opfølgingsaktiviteter i anden halvdel af "
            "strategiens gyldighedsperiode: de to byregionale udviklingsaftaler videreføres, og "
            "drøftelserne om kvalificeret arbejdskraft fortsætter to gange årligt. "
            "(Opfundet demotekst.)</p>"
        ),
    )
    services.agreement_put_in_force(actor=None, agreement_id=plan.pk)
    _linked_meeting(kkr, plan, labour)


def _linked_meeting(kkr: Body, plan: Agreement, labour: Any) -> None:
    """A KKR Syddanmark meeting of November 2017 (invented) whose items are linked to the
    plan and its qualified-labour track."""
    from meetings import services as meeting_services
    from meetings.models import Meeting

    starts = timezone.make_aware(dt.datetime(2017, 11, 23, 10, 0))
    if Meeting.objects.filter(body=kkr, starts_at=starts).exists():
        return
    meeting = meeting_services.meeting_schedule(
        actor=None, body=kkr, starts_at=starts, place="Vejle Rådhus"
    )
    evaluation = meeting_services.agenda_item_add(
        actor=None,
        meeting=meeting,
        title="Evaluering af den fælles regional-kommunale aktionsplan",
        kind="decision",
        case_text="<p>Den fælles politiske drøftelse/evaluering af aktionsplanen.</p>",
        decision="<p>KKR Syddanmark tiltrådte evalueringen og de supplerende "
        "opfølgingsaktiviteter. (Opfundet demotekst.)</p>",
    )
    labour_item = meeting_services.agenda_item_add(
        actor=None,
        meeting=meeting,
        title="Politisk drøftelse om kvalificeret arbejdskraft, efterår 2017",
        kind="discussion",
        decision="<p>Drøftet. Pejlemærkerne for kvalificeret arbejdskraft sendes til "
        "Vækstforum. (Opfundet demotekst.)</p>",
    )
    meeting_services.agenda_publish(actor=None, meeting_id=meeting.pk)
    meeting_services.minutes_publish(actor=None, meeting_id=meeting.pk, confirm_missing=True)
    plans.item_link_add(actor=None, agreement=plan, item=evaluation)
    plans.item_link_add(actor=None, agreement=plan, item=labour_item, track=labour)


# --- The Skåne Nordost matrix (seed 004) -----------------------------------------------------

REG, MUN = "Regional nivå SKNO", "Kommunnivå"
NOW, GOAL, ACT = "Nuläge", "Mål", "Aktiviteter"

# theme, {(section, level): cell text} — as in the seed (Swedish).
MATRIX: list[tuple[str, dict[tuple[str, str], str]]] = [
    (
        "Visioner och strategier",
        {
            (NOW, REG): (
                "<p>Samverkanskommitten för SKNO<sup>1</sup> med projektledare svarar för "
                "samordning av strategier och resurser, för att komma tillrätta med "
                "balansproblemet mellan sydvästra och nordöstra Skåne.</p>"
                "<p>Obalansen visar sig bl.a. i befolkningsökningen. I Skåne som helhet har "
                "befolkningen ökat med en 1% och motsvarande ökning för SKNO är på 0,6%.</p>"
                "<p>Det innebär att SKNO minskar i befolkningen jämfört med Skåne som helhet.</p>"
                "<p>SKNO samverkanskommitténs målsättning är att befolkningsökningen skall vara "
                "densamma som i Skåne 1%.</p>"
                "<p>Förutsättningen för detta är att skapa förutsättningar för boende och "
                "företagsetablering/utveckling.</p>"
                "<p>Företagens etablering och utveckling är beroende av kompetent arbetskraft. "
                "En utvecklad infrastruktur för att ge möjligheter till utbildning och "
                "kompetens förstärkning har man i SKNO satsat på sedan 2001</p>"
                "<p>Det finns en etablerad infrastruktur för lärande i SKNO genom etableringen "
                "av lärcentra i alla sju kommuner. Motsvarande infrastruktur finns också i "
                "västra Blekinge och södra Småland.</p>"
                "<p>En gemensam struktur för Valideringsråd med arbetsmarknadens parter, "
                "vuxenutbildning och Af har bildats för att leda och övervaka arbetet med "
                "validering.</p>"
                "<p>Den fysiska noden för Regionalt yrkescentrum är Lärcentra.</p>"
                "<p>Regionalt yrkescentrum skall svara för samordning av</p>"
                "<ul><li>Lärcentra</li><li>Vägledning och validering</li>"
                "<li>Yrkesutbildningar</li><li>Företagskontakter</li>"
                "<li>Inkubator för produktutveckling och idéer</li><li>Företagshotell</li>"
                "<li>Konferenser</li></ul>"
            ),
            (NOW, MUN): (
                "<p>Kommunerna har utifrån sina olika förutsättningar samordnat "
                "verksamheterna.</p>"
                "<p>En del kommuner har skapat en inre nätverksstruktur som samordnar de olika "
                "politikområdena.</p>"
                "<p>Kommunerna är olika stora och har därmed olika förutsättningar att möta "
                "kraven på samordning. Kommunerna i SKNO varierar mellan 6.800 till 76.000 "
                "invånare. Diskrepansen i storlek påverkar förutsättningarna för att etablera "
                "ett stöd för den regionala nivån.</p>"
                "<p>Satsningen på lärcentra är genomförd i alla kommuner och svarar mot dem "
                "standard som NITUS<sup>2</sup> fastslagit.</p>"
            ),
            (GOAL, REG): "<p>Etablera ett regionalt yrkescentrum för innovation och utveckling</p>",
            (GOAL, MUN): (
                "<p>Etablera lokala nätverksstrukturer som skall stödja utvecklingen av "
                "regionalt yrkescentrum</p>"
            ),
            (ACT, REG): (
                "<p>Samordnade aktiviteter och via olika processer för att föra samman statliga "
                "organ, kommuner, företag och fackliga organisationer. Information och möten "
                "med politiker, tjänstemän och företrädare för stat och näringsliv. "
                "Dialogkonferens enligt open space metoden för skapa en samsyn och gemensam bas "
                "för arbetet.</p>"
            ),
            (ACT, MUN): (
                "<p>Information och möten med kommunledning tjänstemän, arbetsgivare och "
                "fackliga organisationer som berörs i kommunen samt motsvarande på statlig "
                "nivå. Genomföra SWOT analys i respektive kommun.</p>"
            ),
        },
    ),
    (
        "Syn på lärande och utbildning",
        {
            (NOW, REG): (
                "<p>I \u201dTillväxtanalys SKNO\u201d har man identifierat en rad bristyrken. "
                "Analys visar på vilka behov som finns och dessa behov styr utveckling och "
                "utbud av utbildningar. Yrkesutbildningar ser man som viktiga för att stärka "
                "utvecklingen i delregionen</p>"
            ),
            (NOW, MUN): (
                "<p>Det finns ett utbud av utbildningar i kommunerna, men med en tyngdpunkt på "
                "kärnämnen. Flera kommuner har yrkesutbildningar. Samordnar man dessa "
                "utbildningar skulle SKNO erhålla en kvalitativt god och bred utbildningsbas. "
                "Behovet från företagen är inte klart uttryckt och definierat. Invånarna i "
                "kommunerna har behov av kompletterande utbildningar för att svara mot "
                "behoven.</p>"
            ),
            (GOAL, REG): (
                "<p>Samordna ett delregionalt råd representerade av intressenterna på "
                "arbetsmarknaden</p>"
            ),
            (GOAL, MUN): (
                "<p>Etablera lokala intressentgrupper från Arbetsmarknadens parter, kommun &amp; "
                "stat som tillsammans definierar behov och former för utbildning.</p>"
            ),
            (ACT, REG): "<p>Samordna och verkställa de behov som förs fram på lokal nivå</p>",
            (ACT, MUN): (
                "<p>Analysera behoven inom respektive kommun Engagera intressenterna och skapa "
                "möten. Samverka kring utbildningsutbudet och skapa kostnadseffektiva "
                "utbildningsmoduler baserade på framförda behov.</p>"
            ),
        },
    ),
    (
        "Gränsöverskridande samverkan",
        {
            (NOW, REG): (
                "<p>På regionala nivå sker begränsad gränsöverskridande verksamhet med andra "
                "kommuner. Samverkan sker mellan delregioner i Skåne och medverkar i "
                "kommunförbundets aktiviteter i Skåne. Viss koppling finns med Gränslöst i "
                "västra Blekinge och södra Kronoberg.</p>"
                "<p>Det finns ingen samordning med Entreprenörregionen.</p>"
            ),
            (NOW, MUN): (
                "<p>Kommunerna är genom samverkansorganet inom SKNO med i ett stort antal "
                "aktiviteter som stärker gränsöverskridande samverkan.</p>"
                "<p>Inom utbildning arbetar man för att skapa en gemensam infrastruktur för "
                "lärande med validering, lärcentra och vuxenutbildning.</p>"
                "<p>Yrkesvux med en form av lärlingsutbildning utvecklas mellan kommunerna. Det "
                "finns en nära samverkan mellan några kommuner för att utveckla "
                "yrkesutbildningar.</p>"
                "<p>Samverkan sker inom ramen för olika EU och Nordplus projekt.</p>"
                "<p>Valideringsråd har bildats där Af, kommun, näringsliv och fackliga "
                "organisationer samverkar för att stärka kvaliteten och legitimiteten i "
                "genomförda meritportföljer och yrkesbedömning.</p>"
            ),
            (GOAL, REG): (
                "<p>Stärka samverkan med regioner i närområdet för att på ett kostnadseffektivt "
                "sätt verkar för att utveckla kompetenser.</p>"
            ),
            (GOAL, MUN): (
                "<p>Utveckla noder som via lokala nätverk identifiera behoven i gränslandet.</p>"
            ),
            (ACT, REG): (
                "<p>Utveckla kontakterna med Gränslöst kring Utbildnings- och "
                "arbetsmarknadsfrågor.</p>"
                "<p>Etablera en relation med Entreprenörregionen för att stärka utvecklingen av "
                "företag och arbetsmarknad</p>"
            ),
            (ACT, MUN): (
                "<p>Sammanställ och registrera personer som har svarar mot definitionen av "
                "nod.</p>"
                "<p>Ordna möten mellan de som representerar noder.</p>"
                "<p>Stärka lärcentras roll i som mäklare, motor och mötesplats för att utveckla "
                "samverkan över gränserna både vad avser regionalutveckling som mellan "
                "intressenter.</p>"
            ),
        },
    ),
    (
        "Investeringar i utvecklingsarbete",
        {
            (NOW, REG): (
                "<p>Styrelsen för SKNO genomför investeringar som skall leda till "
                "måluppfyllelsen genom en rad projekt som Entreprenörprogram, Leader projekt för "
                "att utveckla landsbygden mfl. projekt.</p>"
            ),
            (NOW, MUN): (
                "<p>Kommunerna genomför en rad utvecklingsprojekt inom ramen för ESF och "
                "Nordplus. Utveckling av ePortfolio system inom ramen för ESF och "
                "Flyktingfondprojekt kommer att lägga grunden till ett gemensamt HR instrument "
                "vars syfte är att synliggöra individens kompetens och matchning av behov på "
                "arbetsmarknaden. Utvecklingen av kontakter med Danmark där ett par kommuner "
                "deltar inom SKNO. Detta är en del i utvecklingen av tradition och kultur, för "
                "att skapa incitament och förändring. Mullbänken en inkubator för att ta "
                "tillvara produktidéer hos företag och enskilda har Sparbanksstiftelsen och "
                "Hässleholms kommun investerat i som ett led i att utveckla produkter och "
                "företag.</p>"
            ),
            (GOAL, REG): (
                "<p>Skapa en lärande infrastruktur för att stärka individer och företag i "
                "regionen.</p>"
            ),
            (GOAL, MUN): (
                "<p>Med lärcentra som bas stärka utvecklingsarbetet inom näringsliv och "
                "samhälle.</p>"
            ),
            (ACT, REG): (
                "<p>Samordna kommunaktiviteter för att verkställa äskanden, projektansökning "
                "samt samordna medfinansiering av projekt.</p>"
            ),
            (ACT, MUN): (
                "<p>Utveckla utbildningar inom ramen för utbildningsanslag. Ansöka om medel för "
                "utveckling i samverkan Med andra aktörer som högskola e.lik.</p>"
            ),
        },
    ),
    (
        "Operativt samarbete med näringsliv och offentlig verksamhet",
        {
            (NOW, REG): (
                "<p>Tillsammans med Region Skåne genomförs årliga planer enligt beslutade i RDP "
                "<sup>3</sup> .</p>"
            ),
            (NOW, MUN): (
                "<p>Kommunerna har olika system för hur man samverkar mellan näringsliv och "
                "offentlig verksamhet. En del kommuner bygger upp nätverksstrukturer för att "
                "samordna politikområdena och de olika intressenterna i kommunen. Medan en del "
                "kommuner bygger på befintlig förvaltningsstruktur.</p>"
            ),
            (GOAL, REG): "<p>Skapa ett Regionalt yrkescentra</p>",
            (GOAL, MUN): (
                "<p>Skapa tydliggöra system för hur man samverkar inom kommunerna, för att "
                "skapa en tydlig organisering i SKNO.</p>"
            ),
            (ACT, REG): (
                "<p>Kommunvisa dialogkonferenser med alla intressenter.</p>"
                "<p>Skapa incitament för att utveckla gemensamma synsätt, för att stärka "
                "samverkan och utveckling av Regionalt yrkescentrum.</p>"
                "<p>Utveckla en modell för samverkan med utgångspunkt i erfarenheter från ovan "
                "nämnda projekt.</p>"
            ),
            (ACT, MUN): (
                "<p>Informera parterna i de sju kommunerna.</p>"
                "<p>Kartlägga hur man arbetar i kommunerna med samverkan.</p>"
                "<p>Utveckling av projekt för att gemensamt forma Verksamhet eller åtgärder</p>"
            ),
        },
    ),
    (
        "Samordning av aktörer, resurser och aktiviteter",
        {
            (NOW, REG): (
                "<p>Samarbetskommittén SKNO – politisk nivå</p>"
                "<p>Styrgruppen Kompetensutveckling Livslångt lärande som representerar "
                "förvaltningschefer eller motsvarande med ansvar för vuxenutbildning i "
                "kommunerna.</p>"
                "<p>Valideringsråd med deltagande från kommun, Af och arbetsmarknadens "
                "parter.</p>"
                "<p>Operativa samordningsgrupper på tjänstemannanivå.</p>"
                "<ul><li>Lärcentragruppen</li><li>Valideringsgruppen</li>"
                "<li>Vuxenutbildningsgruppen</li></ul>"
            ),
            (NOW, MUN): (
                "<p>Vissa kommuner har en utvecklad modell för samverkan och disponering av "
                "resurser.</p>"
                "<p>Vanligast är dock att stuprören är rådande, vilket innebär att resurser, "
                "tillit och förtroende följer den politiska organisationen.</p>"
            ),
            (GOAL, REG): (
                "<p>Gemensamma normer och värderingar baserade på acceptans av varandras "
                "förutsättningar.</p>"
            ),
            (GOAL, MUN): (
                "<p>Utveckla gemensamt synsätt i respektive kommun med de aktörer som finns "
                "inom kommunerna.</p>"
            ),
            (ACT, REG): (
                "<p>Starta och utveckla samordningsgrupper delregionalt mellan olika "
                "kompetensområde som socialförvaltning, vuxenutbildning och arbetsmarknad.</p>"
                "<p>Regelbundna möten för att verkställa delregionala aktiviteter inom "
                "arbetsmarknad och kompetensutveckling.</p>"
                "<p>Gemensam information via webb eller andra kanaler.</p>"
            ),
            (ACT, MUN): (
                "<p>Utveckla lokala grupper för samordning och aktiviteter som främjar "
                "utvecklingen inom socialförvaltning, vuxenutbildning och arbetsmarknad.</p>"
                "<p>Starta aktiviteter som främjar förtroende och tillit inom kommuner mellan "
                "politikområdena.</p>"
            ),
        },
    ),
]

FOOTNOTES = [
    (
        1,
        "Skåne Nordost kommunerna Bromölla, Hässleholm, Hörby, Kristianstad, Osby, Perstorp "
        "och Östra Göinge.",
    ),
    (2, "Nätverk för kommunala lärcentra i Sverige"),
    (3, "Regiondelsprogram"),
]


def _skane_nordost(body: Body) -> None:
    skno = _organisation("Skåne Nordost", Organisation.Kind.ASSOCIATION, "SKNO")
    agreement = services.agreement_create(
        actor=None,
        body=body,
        kind=services.builtin_kind(AgreementKind.Builtin.ACTION_PLAN),
        title=MATRIX_AGREEMENT_TITLE,
        start=dt.date(2009, 1, 1),
        summary=(
            "<p>Delregional samverkansmatris för de sju kommunerna i Skåne Nordost: teman × "
            "nivå (regional SKNO / kommun) × nuläge, mål och aktiviteter.</p>"
        ),
    )
    services.party_add(actor=None, agreement=agreement, organisation=skno, role="Samverkan")
    matrix = plans.matrix_create(
        actor=None,
        agreement=agreement,
        title="Samverkansmatris Skåne Nordost",
        levels=[REG, MUN],
        sections=[NOW, GOAL, ACT],
        introduction="<p>Matrisen förklaras i Bilagan \u201dInledning och instruktion\u201d.</p>",
    )
    for theme, cells in MATRIX:
        plans.matrix_theme_add(actor=None, matrix=matrix, name=theme, cells=cells)
    for number, text in FOOTNOTES:
        plans.matrix_footnote_set(actor=None, matrix=matrix, number=number, text=text)
    services.agreement_put_in_force(actor=None, agreement_id=agreement.pk)


# --- Seed 001: SDEO, UC SYD/UCL, the framework agreement on Danish education ----------------


def _seed_001(kkr: Body) -> None:
    region = _organisation("Region Syddanmark", Organisation.Kind.AUTHORITY, "RSD")
    sdeo = _organisation("Det Syddanske EU-kontor", Organisation.Kind.OTHER, "SDEO")
    contract = services.agreement_create(
        actor=None,
        body=kkr,
        kind=services.builtin_kind(AgreementKind.Builtin.PERFORMANCE_CONTRACT),
        title=SDEO_TITLE,
        start=dt.date(2023, 1, 1),
        end=dt.date(2024, 12, 31),
        summary=(
            "<p>Kommunerne i Syddanmark driver sammen med Region Syddanmark et EU-kontor i "
            "Bruxelles. Det Syddanske EU-Kontor hjælper institutioner, offentlige myndigheder "
            "og virksomheder med internationalt samarbejde og internationale "
            "udviklingsprojekter. KKR Syddanmark indgår hvert andet år en resultatkontrakt med "
            "SDEO.</p>"
        ),
    )
    services.party_add(actor=None, agreement=contract, body=kkr, role="Opdragsgiver")
    services.party_add(actor=None, agreement=contract, organisation=region, role="Medejer")
    services.party_add(actor=None, agreement=contract, organisation=sdeo, role="EU-kontor")
    services.agreement_put_in_force(actor=None, agreement_id=contract.pk)

    uc_syd = _organisation("UC SYD", Organisation.Kind.EDUCATION, "UC SYD")
    ucl = _organisation("UCL Erhvervsakademi og Professionshøjskole", Organisation.Kind.EDUCATION)
    partnership = services.agreement_create(
        actor=None,
        body=kkr,
        kind=services.builtin_kind(AgreementKind.Builtin.PARTNERSHIP),
        title=UC_TITLE,
        start=dt.date(2023, 1, 1),
        end=dt.date(2025, 12, 31),
        summary=(
            "<p>Aftalen løber i en treårig periode fra den 1. januar 2023 til og med december "
            "2025 og indeholder tre primære mål og en række yderligere fokuspunkter. Den "
            "demografiske udvikling og de store rekrutteringsudfordringer på velfærdsområderne "
            "fordrer, at kommunerne og professionshøjskolerne samarbejder om at finde fælles "
            "løsninger.</p>"
        ),
    )
    services.party_add(actor=None, agreement=partnership, body=kkr, role="Kommunerne")
    services.party_add(actor=None, agreement=partnership, organisation=uc_syd, role="Part")
    services.party_add(actor=None, agreement=partnership, organisation=ucl, role="Part")
    for title in (
        "Øge søgning og rekruttering til uddannelserne og kommunernes jobområder",
        "Styrke fastholdelse af studerende i uddannelserne og i professionerne",
        "Sikre god overgang til job og karriere",
    ):
        services.goal_add(actor=None, agreement=partnership, title=title)
    services.agreement_put_in_force(actor=None, agreement_id=partnership.pk)

    framework = services.agreement_create(
        actor=None,
        body=kkr,
        kind=services.builtin_kind(AgreementKind.Builtin.FRAMEWORK),
        title=FRAMEWORK_TITLE,
        start=dt.date(2021, 7, 1),
        end=dt.date(2025, 7, 31),
        summary=(
            "<p>Kommunalbestyrelserne indgår regionale rammeaftaler om danskuddannelse i hver "
            "region i regi af KKR mindst hvert 4. år: en fælleskommunal rammeaftale om "
            "samarbejde og koordinering af tilbud om danskuddannelse til voksne "
            "udlændinge.</p>"
        ),
    )
    services.party_add(actor=None, agreement=framework, body=kkr, role="Kommunerne i regionen")
    services.agreement_put_in_force(actor=None, agreement_id=framework.pk)


def load_plan_demo() -> None:
    """The demo action plan, matrix and seed-001 agreements (after the councils demo)."""
    syddanmark = Body.objects.filter(slug="kkr-syddanmark").first()
    skno = Body.objects.filter(slug="skane-nordost-samverkanskommitte").first()
    if syddanmark is not None and not Agreement.objects.filter(title=ACTION_PLAN_TITLE).exists():
        _action_plan(syddanmark)
    if skno is not None and not Agreement.objects.filter(title=MATRIX_AGREEMENT_TITLE).exists():
        _skane_nordost(skno)
    if syddanmark is not None and not Agreement.objects.filter(title=SDEO_TITLE).exists():
        _seed_001(syddanmark)
