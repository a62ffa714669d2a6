"""Demo data for requests for input: the KD-Net Midtjylland request of August 2014 about the
municipalities' growth strategies (answered by most, two late, some missing), and an open
request with a deadline ahead that the demo contact person (Aarhus) can answer, and an open
request from RAR Fyn to the organisations nominating to its seats (DA and LO, decision 0023),
which the demo user ``kontakt-da`` answers for DA.

The 2014 request is history: it is recorded as it ended (sent, answered, deadline passed),
written directly through the models with ``save_as`` because the services rightly refuse to
send a request whose deadline has passed. Loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from accounts import services as account_services
from accounts.models import Affiliation, User
from consultations.models import Answer, Question, Recipient, RequestForInput, Response
from core.history import save_as
from councils.models import Body, Municipality, Organisation
from meetings.models import AgendaItem

GROWTH_TITLE = "Input til vækststrategier 2014"
# The item of the KD-Net Midtjylland meeting of 22 August 2014 about KKR Midtjylland's meeting
# of 12 September 2014, which the summary of the answers was for (meetings.demo).
GROWTH_ITEM_TITLE = "Møde i KKR Midtjylland"
OPEN_TITLE = "Kommunernes prioriteter for infrastruktur 2026"
ORGANISATION_TITLE = "Arbejdsmarkedets parters input til beskæftigelsesindsatsen 2027"
# The organisations RAR Fyn asks (they nominate to its seats) and the demo user who answers
# for the first (its password is the demo password, set by councils' demo users).
ORGANISATION_NAMES = ("Dansk Arbejdsgiverforening", "Landsorganisationen i Danmark")
ORGANISATION_CONTACT = ("kontakt-da", "Kontaktperson DA")


def _aware(year: int, month: int, day: int, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour))


def _questions(request: RequestForInput, specs: list[dict[str, Any]]) -> list[Question]:
    questions = []
    for position, spec in enumerate(specs, start=1):
        question = Question(request=request, position=position, **spec)
        save_as(question, actor=None)
        questions.append(question)
    return questions


def _growth_request(body: Body, municipalities: list[Municipality]) -> None:
    request = RequestForInput(
        body=body,
        title=GROWTH_TITLE,
        introduction=(
            "<p>KD-Net Midtjylland inviterer de 19 kommuner til at sende input til deres "
            "vækststrategier til KKR-sekretariatet. Input samles i en opsummering til KKR "
            "Midtjyllands møde den 12. september 2014.</p>"
        ),
        deadline=_aware(2014, 9, 8),
        allows_late=True,
        answers_visibility=RequestForInput.Visibility.RECIPIENTS_AFTER_DEADLINE,
        status=RequestForInput.Status.CLOSED,
        sent_at=_aware(2014, 8, 22, 14),
        closed_at=_aware(2014, 9, 11, 9),
    )
    save_as(request, actor=None)
    themes = ["Uddannelse", "Erhvervsudvikling", "Infrastruktur", "Turisme", "Energi"]
    questions = _questions(
        request,
        [
            {"kind": "long_text", "text": "Kommunens vigtigste vækstinitiativer", "required": True},
            {"kind": "multiple_choice", "text": "Temaer i strategien", "choices": themes},
            {
                "kind": "number",
                "text": "Afsatte midler til vækstinitiativer",
                "unit": "mio. kr.",
                "min_value": 0,
                "max_value": 1000,
            },
            {"kind": "yes_no", "text": "Ønsker kommunen at deltage i en fælles indsats?"},
        ],
    )
    for n, municipality in enumerate(municipalities):
        recipient = Recipient(request=request, municipality=municipality)
        save_as(recipient, actor=None)
        if n % 4 == 3:  # about a quarter did not answer
            continue
        late = n in (2, 6)
        response = Response(
            recipient=recipient,
            status=Response.Status.SUBMITTED,
            submitted_at=_aware(2014, 9, 9 if late else 5 + n % 3, 10),
            is_late=late,
        )
        save_as(response, actor=None)
        values = [
            f"<p>{municipality.name} satser på {themes[n % 5].lower()} og samarbejde med "
            "erhvervslivet.</p>",
            [themes[n % 5], themes[(n + 2) % 5]],
            str(5 + n * 3),
            n % 2 == 0,
        ]
        for question, value in zip(questions, values, strict=True):
            save_as(Answer(response=response, question=question, value=value), actor=None)


def _open_request(body: Body, municipalities: list[Municipality]) -> None:
    request = RequestForInput(
        body=body,
        title=OPEN_TITLE,
        introduction="<p>KKR Midtjylland beder kommunerne prioritere de regionale "
        "infrastrukturprojekter.</p>",
        deadline=timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
        + dt.timedelta(days=21),
        answers_visibility=RequestForInput.Visibility.SECRETARIAT,
        status=RequestForInput.Status.SENT,
        sent_at=timezone.now(),
    )
    save_as(request, actor=None)
    _questions(
        request,
        [
            {
                "kind": "single_choice",
                "text": "Vigtigste projekt",
                "choices": ["Rute 15", "Letbane etape 2", "Elektrificering af jernbanen"],
                "required": True,
            },
            {
                "kind": "number",
                "text": "Forventet kommunal medfinansiering",
                "unit": "mio. kr.",
                "min_value": 0,
                "max_value": 500,
            },
            {"kind": "short_text", "text": "Kontaktperson i forvaltningen"},
            {"kind": "date", "text": "Hvornår behandler byrådet sagen?"},
            {"kind": "long_text", "text": "Bemærkninger"},
        ],
    )
    for municipality in municipalities:
        save_as(Recipient(request=request, municipality=municipality), actor=None)


def _organisation_contact(organisation: Organisation) -> None:
    """The demo contact person of DA: signs in as ``kontakt-da`` (the demo password)."""
    from councils.demo import DEMO_PASSWORD

    username, name = ORGANISATION_CONTACT
    user, created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.org", "first_name": name}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    account_services.affiliation_grant(
        actor=None,
        user=user,
        kind=Affiliation.Kind.ORGANISATION_CONTACT,
        organisation_id=organisation.pk,
    )


def _organisation_request(body: Body, organisations: list[Organisation]) -> None:
    """RAR Fyn asks the organisations nominating to its seats (invented: the seeds have no
    such request); sent, deadline ahead, nobody has answered yet."""
    request = RequestForInput(
        body=body,
        title=ORGANISATION_TITLE,
        introduction="<p>RAR Fyn beder arbejdsmarkedets parter om input til de regionale "
        "beskæftigelsesindsatser i 2027, før rådet drøfter dem.</p>",
        deadline=timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
        + dt.timedelta(days=28),
        answers_visibility=RequestForInput.Visibility.RECIPIENTS_AFTER_DEADLINE,
        status=RequestForInput.Status.SENT,
        sent_at=timezone.now(),
    )
    save_as(request, actor=None)
    _questions(
        request,
        [
            {
                "kind": "long_text",
                "text": "Hvilke brancher mangler arbejdskraft?",
                "required": True,
            },
            {
                "kind": "multiple_choice",
                "text": "Indsatser, organisationen vil prioritere",
                "choices": ["Opkvalificering", "Rekruttering fra udlandet", "Flere lærepladser"],
            },
            {"kind": "yes_no", "text": "Vil organisationen deltage i en fælles kampagne?"},
        ],
    )
    for organisation in organisations:
        save_as(Recipient(request=request, organisation=organisation), actor=None)


def _link_growth_request(kd_net: Body) -> None:
    """Link the 2014 request to the meeting item its answers fed, when the meetings demo has
    it, so the secretariat's "attach the PDF to the meeting item" shows in the demo."""
    request = RequestForInput.objects.filter(title=GROWTH_TITLE, meeting_item__isnull=True).first()
    if request is None:
        return
    item = (
        AgendaItem.objects.filter(
            meeting__body=kd_net,
            meeting__starts_at__date=dt.date(2014, 8, 22),
            title=GROWTH_ITEM_TITLE,
        )
        .order_by("pk")
        .first()
    )
    if item is not None:
        request.meeting_item = item
        save_as(request, actor=None, update_fields=["meeting_item"])


def load_consultation_demo() -> dict[str, int]:
    kd_net = Body.objects.filter(slug="kd-net-midtjylland").first()
    kkr = Body.objects.filter(slug="kkr-midtjylland").first()
    if kd_net is not None and kkr is not None and kkr.region_id is not None:
        municipalities = list(Municipality.objects.filter(region_id=kkr.region_id).order_by("name"))
        if not RequestForInput.objects.filter(title=GROWTH_TITLE).exists():
            _growth_request(kd_net, municipalities)
        if not RequestForInput.objects.filter(title=OPEN_TITLE).exists():
            _open_request(kkr, municipalities)
        _link_growth_request(kd_net)
    rar_fyn = Body.objects.filter(slug="rar-fyn").first()
    organisations = list(
        Organisation.objects.filter(
            name__in=ORGANISATION_NAMES, nominated_seats__body=rar_fyn
        ).distinct()
    )
    if rar_fyn is not None and organisations:
        organisations.sort(key=lambda o: ORGANISATION_NAMES.index(o.name))
        _organisation_contact(organisations[0])
        if not RequestForInput.objects.filter(title=ORGANISATION_TITLE).exists():
            _organisation_request(rar_fyn, organisations)
    return {"requests for input": RequestForInput.objects.count()}
