"""Writes for requests for input: each function is keyword-only, takes the ``actor``, runs in
one transaction, saves through ``save_as`` (so the history names the actor) and sends every
e-mail through the outbox (``core.outbox.email_enqueue``, unique key per event and address).

Who may call which service is checked by the views through ``consultations.access``; the
services enforce the rules of the request's life: questions change only while nobody has
answered; a request is sent only when every recipient has a contact person; a response is
saved against the version its writer loaded; a submission after the deadline is refused
unless the request takes late answers (first answers only, marked late) or the secretariat
reopened it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts import rules
from accounts.models import User
from consultations.models import Answer, Question, Recipient, RequestForInput, Response
from core.errors import ConflictError
from core.history import save_as
from core.html import sanitize_html
from core.outbox import email_enqueue

REQUEST_FIELDS = ("title", "introduction", "deadline", "allows_late", "answers_visibility")
QUESTION_FIELDS = (
    "kind",
    "text",
    "help_text",
    "required",
    "choices",
    "unit",
    "min_value",
    "max_value",
)


def _link(path: str) -> str:
    return settings.SITE_URL + path


def _deadline_text(deadline: dt.datetime) -> str:
    return date_format(timezone.localtime(deadline), "DATETIME_FORMAT")


def _contact_addresses(municipality_ids: Iterable[int]) -> dict[int, list[str]]:
    """The e-mail addresses of each municipality's contact persons (the inverse of the
    contact-person role, asked of accounts.rules), one query."""
    ids = list(municipality_ids)
    addresses: dict[int, set[str]] = {m: set() for m in ids}
    rows = (
        User.objects.filter(rules.municipal_contact_users_q(ids))
        .exclude(email="")
        .values_list("affiliations__municipality_id", "email")
    )
    for municipality_id, email in rows:
        if municipality_id in addresses:
            addresses[municipality_id].add(email)
    return {m: sorted(emails) for m, emails in addresses.items()}


# --- Requests --------------------------------------------------------------------------------


def _clean_request_fields(fields: dict[str, Any]) -> dict[str, Any]:
    if "title" in fields:
        fields["title"] = (fields["title"] or "").strip()
        if not fields["title"]:
            raise ValidationError({"title": _("A request needs a title.")})
    if "introduction" in fields:
        fields["introduction"] = sanitize_html(fields["introduction"] or "", top_heading=2)
    return fields


def _set_recipients(*, actor: Any, request: RequestForInput, municipalities: Iterable[Any]) -> None:
    wanted = {getattr(m, "pk", m) for m in municipalities}
    current = set(request.recipients.values_list("municipality_id", flat=True))
    for recipient in request.recipients.filter(municipality_id__in=current - wanted):
        recipient._history_user = actor
        recipient.delete()
    for municipality_id in sorted(wanted - current):
        save_as(Recipient(request=request, municipality_id=municipality_id), actor=actor)


@transaction.atomic
def request_create(
    *,
    actor: Any,
    body: Any,
    title: str,
    deadline: dt.datetime,
    introduction: str = "",
    allows_late: bool = False,
    answers_visibility: str = RequestForInput.Visibility.SECRETARIAT,
    municipalities: Iterable[Any] = (),
) -> RequestForInput:
    """A draft request for input on behalf of ``body`` to ``municipalities``. The
    introduction is sanitised rich text."""
    fields = _clean_request_fields(
        {
            "title": title,
            "introduction": introduction,
            "deadline": deadline,
            "allows_late": allows_late,
            "answers_visibility": answers_visibility,
        }
    )
    request = RequestForInput(body=body, created_by=actor if _is_user(actor) else None, **fields)
    save_as(request, actor=actor)
    _set_recipients(actor=actor, request=request, municipalities=municipalities)
    return request


def _is_user(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


@transaction.atomic
def request_update(
    *,
    actor: Any,
    request_id: int,
    expected_version: int,
    municipalities: Iterable[Any] | None = None,
    **fields: Any,
) -> RequestForInput:
    """Change a draft request (title, introduction, deadline, late answers, who reads the
    answers, recipients). Once sent, only the deadline changes, through
    ``request_extend_deadline``. A stale version is a conflict naming what changed."""
    unknown = set(fields) - set(REQUEST_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    request = RequestForInput.objects.select_for_update().get(pk=request_id)
    if request.status != RequestForInput.Status.DRAFT:
        raise ValidationError(_("The request has been sent and can no longer be changed."))
    if request.version != expected_version:
        raise ConflictError(
            _(
                "Someone else changed this request while you were editing it. Their version "
                "is shown below; your changes were not saved. Check them and save again."
            ),
            changes=[
                (
                    str(RequestForInput._meta.get_field(name).verbose_name),
                    str(getattr(request, name)),
                )
                for name in REQUEST_FIELDS
            ],
        )
    fields = _clean_request_fields(fields)
    for name, value in fields.items():
        setattr(request, name, value)
    request.version += 1
    save_as(request, actor=actor)
    if municipalities is not None:
        _set_recipients(actor=actor, request=request, municipalities=municipalities)
    return request


@transaction.atomic
def request_send(*, actor: Any, request_id: int) -> RequestForInput:
    """Send a draft request: every contact person of every recipient gets an e-mail with a
    link. Refused (naming them) when a recipient has no contact person with an e-mail
    address, and when there are no recipients, no questions, or the deadline has passed."""
    request = RequestForInput.objects.select_for_update().select_related("body").get(pk=request_id)
    if request.status != RequestForInput.Status.DRAFT:
        raise ValidationError(_("The request has already been sent."))
    recipients = list(request.recipients.select_related("municipality"))
    if not recipients:
        raise ValidationError(_("Choose the municipalities the request goes to."))
    if not request.questions.exists():
        raise ValidationError(_("Add at least one question before sending."))
    if request.deadline <= timezone.now():
        raise ValidationError({"deadline": _("The deadline has passed. Choose a later one.")})
    addresses = _contact_addresses(r.municipality_id for r in recipients)
    without = [r.municipality.name for r in recipients if not addresses[r.municipality_id]]
    if without:
        raise ValidationError(
            _(
                "These recipients have no contact person with an e-mail address, so nobody "
                "would get the request: %(names)s. Ask the KKR secretariat to appoint one, "
                "or remove them from the recipients."
            )
            % {"names": ", ".join(sorted(without))}
        )
    request.status = RequestForInput.Status.SENT
    request.sent_at = timezone.now()
    request.version += 1
    save_as(request, actor=actor)
    values = {
        "body": request.body.name,
        "title": request.title,
        "deadline": _deadline_text(request.deadline),
    }
    for recipient in recipients:
        link = _link(
            reverse("consultations:response_form", args=[request.pk, recipient.municipality_id])
        )
        for address in addresses[recipient.municipality_id]:
            email_enqueue(
                key=f"rfi-sent:{request.pk}:{recipient.municipality_id}:{address}",
                to=address,
                subject=_("Request for input from %(body)s: %(title)s") % values,
                text=_(
                    "%(body)s asks %(municipality)s for input: %(title)s.\n\n"
                    "Answer by %(deadline)s here:\n%(link)s\n"
                )
                % {**values, "municipality": recipient.municipality.name, "link": link},
                body_id=request.body_id,
            )
    return request


@transaction.atomic
def request_extend_deadline(
    *, actor: Any, request_id: int, deadline: dt.datetime
) -> RequestForInput:
    """Move a sent request's deadline later; every recipient's contact persons are told."""
    request = RequestForInput.objects.select_for_update().select_related("body").get(pk=request_id)
    if request.status != RequestForInput.Status.SENT:
        raise ValidationError(_("Only a sent request that is not closed gets a new deadline."))
    if deadline <= request.deadline:
        raise ValidationError(
            {"deadline": _("The new deadline must be later than the current one.")}
        )
    request.deadline = deadline
    request.version += 1
    save_as(request, actor=actor, update_fields=["deadline", "version"])
    recipients = list(request.recipients.select_related("municipality"))
    addresses = _contact_addresses(r.municipality_id for r in recipients)
    text_deadline = _deadline_text(deadline)
    for recipient in recipients:
        link = _link(
            reverse("consultations:response_form", args=[request.pk, recipient.municipality_id])
        )
        for address in addresses[recipient.municipality_id]:
            email_enqueue(
                key=f"rfi-deadline:{request.pk}:{request.version}:{address}",
                to=address,
                subject=_("New deadline %(deadline)s: %(title)s")
                % {"deadline": text_deadline, "title": request.title},
                text=_(
                    "%(body)s has moved the deadline of “%(title)s” to %(deadline)s.\n%(link)s\n"
                )
                % {
                    "body": request.body.name,
                    "title": request.title,
                    "deadline": text_deadline,
                    "link": link,
                },
                body_id=request.body_id,
            )
    return request


@transaction.atomic
def request_close(*, actor: Any, request_id: int) -> RequestForInput:
    """Close a sent request: no more answers, also not late or reopened ones."""
    request = RequestForInput.objects.select_for_update().get(pk=request_id)
    if request.status != RequestForInput.Status.SENT:
        raise ValidationError(_("Only a sent request can be closed."))
    request.status = RequestForInput.Status.CLOSED
    request.closed_at = timezone.now()
    request.version += 1
    save_as(request, actor=actor, update_fields=["status", "closed_at", "version"])
    return request


# --- Questions -------------------------------------------------------------------------------


def _questions_locked(request: RequestForInput) -> bool:
    """Someone has started answering (a response exists): the questions stay as they are."""
    return Response.objects.filter(recipient__request=request).exists()


def _clean_question(fields: dict[str, Any]) -> dict[str, Any]:
    kind = fields.get("kind")
    if kind not in Question.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of question.")})
    fields["text"] = (fields.get("text") or "").strip()
    if not fields["text"]:
        raise ValidationError({"text": _("Write the question.")})
    choices = [str(c).strip() for c in fields.get("choices") or [] if str(c).strip()]
    if kind in (Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE):
        if len(choices) < 2:
            raise ValidationError({"choices": _("Give at least two choices, one a line.")})
        if len(set(choices)) != len(choices):
            raise ValidationError({"choices": _("Each choice may appear only once.")})
        fields["choices"] = choices
    else:
        fields["choices"] = []
    if kind == Question.Kind.NUMBER:
        low, high = fields.get("min_value"), fields.get("max_value")
        if low is not None and high is not None and high < low:
            raise ValidationError(
                {"max_value": _("The largest number must not be smaller than the smallest.")}
            )
    else:
        fields["unit"], fields["min_value"], fields["max_value"] = "", None, None
    return fields


@transaction.atomic
def question_add(
    *,
    actor: Any,
    request: RequestForInput,
    kind: str,
    text: str,
    help_text: str = "",
    required: bool = False,
    choices: list[str] | None = None,
    unit: str = "",
    min_value: Decimal | None = None,
    max_value: Decimal | None = None,
) -> Question:
    """Add a question at the end. Refused once somebody has started answering."""
    request = RequestForInput.objects.select_for_update().get(pk=request.pk)
    if request.status == RequestForInput.Status.CLOSED or _questions_locked(request):
        raise ValidationError(
            _("Somebody has started answering: the questions can no longer be changed.")
        )
    fields = _clean_question(
        {
            "kind": kind,
            "text": text,
            "help_text": help_text,
            "required": required,
            "choices": choices,
            "unit": unit,
            "min_value": min_value,
            "max_value": max_value,
        }
    )
    last = request.questions.order_by("-position").values_list("position", flat=True).first()
    question = Question(request=request, position=(last or 0) + 1, **fields)
    save_as(question, actor=actor)
    return question


@transaction.atomic
def question_update(*, actor: Any, question_id: int, **fields: Any) -> Question:
    """Change a question. Refused once somebody has started answering."""
    unknown = set(fields) - set(QUESTION_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    question = Question.objects.select_related("request").get(pk=question_id)
    request = RequestForInput.objects.select_for_update().get(pk=question.request_id)
    if request.status == RequestForInput.Status.CLOSED or _questions_locked(request):
        raise ValidationError(
            _("Somebody has started answering: the questions can no longer be changed.")
        )
    merged = {name: getattr(question, name) for name in QUESTION_FIELDS} | fields
    for name, value in _clean_question(merged).items():
        setattr(question, name, value)
    save_as(question, actor=actor)
    return question


# --- Responses -------------------------------------------------------------------------------


def answer_errors(questions: Iterable[Question], values: Mapping[int, Any]) -> dict[str, str]:
    """What is wrong with the answers for submitting, one message per question (keyed
    ``q<id>``, the form's field names): a required question left empty, a number outside
    the question's range, a choice that is not offered."""
    errors: dict[str, str] = {}
    for question in questions:
        value = values.get(question.pk)
        if value in (None, "", []):
            if question.required:
                errors[f"q{question.pk}"] = _("Answer “%(question)s”: it is required.") % {
                    "question": question.text
                }
            continue
        if question.kind == Question.Kind.NUMBER:
            try:
                number = Decimal(str(value))
            except InvalidOperation:
                errors[f"q{question.pk}"] = _("Write a number.")
                continue
            low, high = question.min_value, question.max_value
            if (low is not None and number < low) or (high is not None and number > high):
                errors[f"q{question.pk}"] = _(
                    "“%(question)s”: give a number from %(low)s to %(high)s%(unit)s."
                ) % {
                    "question": question.text,
                    "low": _number_text(low) if low is not None else "–",
                    "high": _number_text(high) if high is not None else "–",
                    "unit": f" {question.unit}" if question.unit else "",
                }
        elif question.kind in (Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE):
            chosen = value if isinstance(value, list) else [value]
            if any(choice not in question.choices for choice in chosen):
                errors[f"q{question.pk}"] = _("Choose among the choices offered.")
    return errors


def _number_text(value: Decimal) -> str:
    return (
        format(value.normalize(), "f") if value == value.to_integral() else str(value.normalize())
    )


def display_value(question: Question, value: Any) -> str:
    """An answer as text (the matrix, the export, a conflict message)."""
    if value in (None, "", []):
        return ""
    if question.kind == Question.Kind.YES_NO:
        return _("Yes") if value else _("No")
    if question.kind == Question.Kind.MULTIPLE_CHOICE and isinstance(value, list):
        return "; ".join(value)
    if question.kind == Question.Kind.DATE:
        try:
            return date_format(dt.date.fromisoformat(value), "DATE_FORMAT")
        except (TypeError, ValueError):
            return str(value)
    if question.kind == Question.Kind.NUMBER and question.unit:
        return f"{value} {question.unit}"
    return str(value)


def _normalise(question: Question, value: Any) -> Any:
    """The JSON value stored for a question (empty answers are ``None``)."""
    if value in (None, "", []):
        return None
    if question.kind == Question.Kind.NUMBER:
        return str(value)
    if question.kind == Question.Kind.DATE and isinstance(value, dt.date):
        return value.isoformat()
    if question.kind == Question.Kind.YES_NO:
        return bool(value)
    if question.kind == Question.Kind.MULTIPLE_CHOICE:
        return list(value)
    if question.kind == Question.Kind.LONG_TEXT:
        return sanitize_html(str(value), top_heading=3) or None
    return str(value).strip() or None


def _locked_response(
    *, request_id: int, municipality_id: int
) -> tuple[RequestForInput, Recipient, Response | None]:
    request = RequestForInput.objects.select_related("body").get(pk=request_id)
    recipient = (
        Recipient.objects.select_for_update()
        .select_related("municipality")
        .get(request_id=request_id, municipality_id=municipality_id)
    )
    response = Response.objects.filter(recipient=recipient).first()
    return request, recipient, response


def _check_version(response: Response | None, expected_version: int) -> None:
    """Optimistic locking (decision 0007): the form carries the response's version as loaded
    (0: there was none). When someone saved since, the answers they changed are named and
    nothing is saved; the page keeps what this writer typed."""
    current = response.version if response is not None else 0
    if current == expected_version:
        return
    loaded_at = None
    if response is not None and expected_version:
        loaded = response.history.filter(version=expected_version).order_by("-history_id").first()
        loaded_at = loaded.history_date if loaded is not None else None
    changed_ids: set[int] = set()
    if response is not None:
        history = Answer.history.filter(response_id=response.pk)
        if loaded_at is not None:
            history = history.filter(history_date__gt=loaded_at)
        changed_ids = set(history.values_list("question_id", flat=True))
    answers = (
        {
            a.question_id: a
            for a in Answer.objects.filter(
                response=response, question_id__in=changed_ids
            ).select_related("question")
        }
        if response is not None
        else {}
    )
    changes = [
        (answer.question.text, display_value(answer.question, answer.value))
        for answer in sorted(answers.values(), key=lambda a: (a.question.position, a.question_id))
    ]
    raise ConflictError(
        _(
            "Another contact person saved this answer while you were writing. Their answers "
            "are shown below; what you typed is still in the form and was not saved. Check it "
            "and save again."
        ),
        changes=changes,
    )


def _store_answers(
    *, actor: Any, response: Response, questions: list[Question], values: Mapping[int, Any]
) -> None:
    existing = {a.question_id: a for a in response.answers.all()}
    for question in questions:
        value = _normalise(question, values.get(question.pk))
        answer = existing.get(question.pk)
        if answer is None:
            if value is None:
                continue
            answer = Answer(response=response, question=question, value=value)
            save_as(answer, actor=actor)
        elif answer.value != value:
            answer.value = value
            save_as(answer, actor=actor, update_fields=["value"])


def _may_still_answer(request: RequestForInput, response: Response | None) -> bool:
    """Before the deadline; after it only a reopened response, or a first answer when the
    request takes late answers."""
    if request.status != RequestForInput.Status.SENT:
        return False
    if response is not None and response.status == Response.Status.REOPENED:
        return True
    if timezone.now() < request.deadline:
        return True
    return request.allows_late and (response is None or response.submitted_at is None)


def _deadline_error(request: RequestForInput) -> ValidationError:
    if request.status == RequestForInput.Status.CLOSED:
        return ValidationError(_("The request is closed: answers can no longer be changed."))
    return ValidationError(
        _(
            "The deadline was %(deadline)s. The answer can no longer be sent or changed; ask "
            "the secretariat to reopen it."
        )
        % {"deadline": _deadline_text(request.deadline)},
        code="deadline",
    )


@transaction.atomic
def response_save_draft(
    *,
    actor: Any,
    request_id: int,
    municipality_id: int,
    expected_version: int,
    values: Mapping[int, Any],
) -> Response:
    """Save the municipality's answers as a draft (nothing is checked but their shape); the
    contact persons come back to it. Refused after the deadline (see ``_may_still_answer``)
    and once submitted (a submitted answer is changed by submitting again)."""
    request, recipient, response = _locked_response(
        request_id=request_id, municipality_id=municipality_id
    )
    _check_version(response, expected_version)
    if not _may_still_answer(request, response):
        raise _deadline_error(request)
    if response is not None and response.status == Response.Status.SUBMITTED:
        raise ValidationError(_("The answer has been submitted: submit again to change it."))
    if response is None:
        response = Response(recipient=recipient)
        save_as(response, actor=actor)
    else:
        response.version += 1
        save_as(response, actor=actor)
    _store_answers(
        actor=actor, response=response, questions=list(request.questions.all()), values=values
    )
    return response


@transaction.atomic
def response_submit(
    *,
    actor: Any,
    request_id: int,
    municipality_id: int,
    expected_version: int,
    values: Mapping[int, Any],
) -> Response:
    """Submit the municipality's answers: every required question answered and every number
    in its range (messages per question). Until the deadline it may be submitted again;
    each submission is a history row of the response and its answers. After the deadline
    it is refused with the deadline named, unless the secretariat reopened it or the
    request takes late answers (a first answer only, marked late)."""
    request, recipient, response = _locked_response(
        request_id=request_id, municipality_id=municipality_id
    )
    _check_version(response, expected_version)
    if not _may_still_answer(request, response):
        raise _deadline_error(request)
    questions = list(request.questions.all())
    normalised = {q.pk: _normalise(q, values.get(q.pk)) for q in questions}
    errors = answer_errors(questions, normalised)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    late = now >= request.deadline and (
        response is None or response.status != Response.Status.REOPENED
    )
    if response is None:
        response = Response(recipient=recipient)
    else:
        response.version += 1
    response.status = Response.Status.SUBMITTED
    response.submitted_at = now
    response.submitted_by = actor if _is_user(actor) else None
    response.is_late = response.is_late or late
    save_as(response, actor=actor)
    _store_answers(actor=actor, response=response, questions=questions, values=normalised)
    return response


@transaction.atomic
def response_reopen(*, actor: Any, request_id: int, municipality_id: int) -> Response:
    """The secretariat reopens a submitted answer (typically after the deadline): the
    municipality may change and submit it again. Its contact persons are told."""
    request, recipient, response = _locked_response(
        request_id=request_id, municipality_id=municipality_id
    )
    if request.status != RequestForInput.Status.SENT:
        raise ValidationError(
            _("Only answers to a sent request that is not closed can be reopened.")
        )
    if response is None or response.status != Response.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted answer can be reopened."))
    response.status = Response.Status.REOPENED
    response.version += 1
    save_as(response, actor=actor)
    link = _link(reverse("consultations:response_form", args=[request.pk, municipality_id]))
    for address in _contact_addresses([municipality_id])[municipality_id]:
        email_enqueue(
            key=f"rfi-reopened:{response.pk}:{response.version}:{address}",
            to=address,
            subject=_("Your answer is reopened: %(title)s") % {"title": request.title},
            text=_(
                "%(body)s has reopened the answer of %(municipality)s to “%(title)s”. Change it "
                "and submit it again here:\n%(link)s\n"
            )
            % {
                "body": request.body.name,
                "municipality": recipient.municipality.name,
                "title": request.title,
                "link": link,
            },
            body_id=request.body_id,
        )
    return response


# --- Reminders -------------------------------------------------------------------------------

REMIND_DAYS_BEFORE = (7, 2)


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind the contact persons of recipients that have not submitted, 7 and 2 days before
    the deadline and the day after it (when late answers are taken). Idempotent: the
    outbox key names the request, the municipality, the address and the day, so a job
    that runs twice a day sends nothing twice. Returns the number of e-mails recorded."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    requests = RequestForInput.objects.filter(status=RequestForInput.Status.SENT).select_related(
        "body"
    )
    for request in requests:
        deadline_day = timezone.localdate(request.deadline)
        days_left = (deadline_day - today).days
        if not (days_left in REMIND_DAYS_BEFORE or (days_left == -1 and request.allows_late)):
            continue
        waiting = list(
            request.recipients.filter(
                Q(response__isnull=True) | ~Q(response__status=Response.Status.SUBMITTED)
            ).select_related("municipality")
        )
        if not waiting:
            continue
        addresses = _contact_addresses(r.municipality_id for r in waiting)
        with transaction.atomic():
            for recipient in waiting:
                link = _link(
                    reverse(
                        "consultations:response_form", args=[request.pk, recipient.municipality_id]
                    )
                )
                for address in addresses[recipient.municipality_id]:
                    sent += email_enqueue(
                        key=f"rfi-reminder:{request.pk}:{recipient.municipality_id}:{today.isoformat()}:{address}",
                        to=address,
                        subject=_("Reminder: %(title)s, answer by %(deadline)s")
                        % {"title": request.title, "deadline": _deadline_text(request.deadline)},
                        text=_(
                            "%(body)s is waiting for the answer of %(municipality)s to "
                            "“%(title)s”. The deadline is %(deadline)s.\n%(link)s\n"
                        )
                        % {
                            "body": request.body.name,
                            "municipality": recipient.municipality.name,
                            "title": request.title,
                            "deadline": _deadline_text(request.deadline),
                            "link": link,
                        },
                        body_id=request.body_id,
                    )
                Recipient.objects.filter(pk=recipient.pk).update(reminded_on=today)
    return sent
