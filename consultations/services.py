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
import html
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from accounts import rules
from accounts.models import User
from consultations import signals
from consultations.access import public_requests
from consultations.models import (
    Answer,
    AnswerFile,
    Question,
    Recipient,
    RequestAttachment,
    RequestForInput,
    Response,
)
from core.errors import ConflictError
from core.history import history_user_set, save_as
from core.html import sanitize_html
from core.models import tombstone_if_withdrawn
from core.outbox import email_enqueue
from core.uploads import UploadRefused, upload_check

REQUEST_FIELDS = (
    "title",
    "introduction",
    "deadline",
    "allows_late",
    "answers_visibility",
    "reminder_days",
    "remind_after_deadline",
    "meeting_item",
)
QUESTION_FIELDS = (
    "kind",
    "text",
    "help_text",
    "required",
    "choices",
    "unit",
    "min_value",
    "max_value",
    "table_rows",
    "table_columns",
)
# The most reminder days a plan may have, and the furthest before the deadline.
MAX_REMINDER_DAYS = 5
MAX_REMINDER_DAYS_BEFORE = 60


def _link(path: str) -> str:
    return settings.SITE_URL + path


def _deadline_text(deadline: dt.datetime) -> str:
    return date_format(timezone.localtime(deadline), "DATETIME_FORMAT")


def _contact_addresses(recipients: Iterable[Recipient]) -> dict[int, list[str]]:
    """The e-mail addresses of each recipient's contact persons, by recipient id: those of
    its municipality or its organisation (the inverse of the contact-person roles, asked of
    accounts.rules); one query per kind of recipient present."""
    recipients = list(recipients)
    addresses: dict[int, set[str]] = {r.pk: set() for r in recipients}
    for field, users_q in (
        ("municipality_id", rules.municipal_contact_users_q),
        ("organisation_id", rules.organisation_contact_users_q),
    ):
        by_party: dict[int, list[int]] = {}
        for recipient in recipients:
            party_id = getattr(recipient, field)
            if party_id is not None:
                by_party.setdefault(party_id, []).append(recipient.pk)
        if not by_party:
            continue
        rows = (
            User.objects.filter(users_q(list(by_party)))
            .exclude(email="")
            .values_list(f"affiliations__{field}", "email")
        )
        for party_id, email in rows:
            for recipient_id in by_party.get(party_id, ()):
                addresses[recipient_id].add(email)
    return {r: sorted(emails) for r, emails in addresses.items()}


# --- Requests --------------------------------------------------------------------------------


def _clean_request_fields(fields: dict[str, Any], *, body_id: int) -> dict[str, Any]:
    if "title" in fields:
        fields["title"] = (fields["title"] or "").strip()
        if not fields["title"]:
            raise ValidationError({"title": _("A request needs a title.")})
    if "introduction" in fields:
        fields["introduction"] = sanitize_html(fields["introduction"] or "", top_heading=2)
    if "reminder_days" in fields:
        fields["reminder_days"] = _clean_reminder_days(fields["reminder_days"])
    if fields.get("meeting_item") is not None:
        item = fields["meeting_item"]
        if item.deleted_at is not None or item.meeting.body_id != body_id:
            raise ValidationError(
                {"meeting_item": _("Choose an item of a meeting of the request's body.")}
            )
    return fields


def _clean_reminder_days(days: Iterable[Any] | None) -> list[int]:
    """The plan's days before the deadline: whole numbers from 1 to 60, at most five,
    largest first (7, 2). An empty plan means no reminders before the deadline."""
    cleaned: set[int] = set()
    for day in days or []:
        try:
            number = int(str(day).strip())
        except ValueError:
            number = 0
        if not 1 <= number <= MAX_REMINDER_DAYS_BEFORE:
            raise ValidationError(
                {
                    "reminder_days": _(
                        "Give whole numbers of days from 1 to %(most)d, separated by commas."
                    )
                    % {"most": MAX_REMINDER_DAYS_BEFORE}
                }
            )
        cleaned.add(number)
    if len(cleaned) > MAX_REMINDER_DAYS:
        raise ValidationError(
            {
                "reminder_days": _("At most %(count)d reminders before the deadline.")
                % {"count": MAX_REMINDER_DAYS}
            }
        )
    return sorted(cleaned, reverse=True)


def _set_recipients(
    *,
    actor: Any,
    request: RequestForInput,
    municipalities: Iterable[Any] | None,
    organisations: Iterable[Any] | None = None,
) -> None:
    """Make the request's recipients these municipalities and organisations (``None``:
    leave that kind as it is); removed ones leave a history row."""
    for field, parties in (("municipality_id", municipalities), ("organisation_id", organisations)):
        if parties is None:
            continue
        wanted = {getattr(p, "pk", p) for p in parties}
        current = set(
            request.recipients.filter(**{f"{field}__isnull": False}).values_list(field, flat=True)
        )
        for recipient in request.recipients.filter(**{f"{field}__in": current - wanted}):
            history_user_set(recipient, actor=actor)
            recipient.delete()
        for party_id in sorted(wanted - current):
            save_as(Recipient(request=request, **{field: party_id}), actor=actor)


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
    organisations: Iterable[Any] = (),
    reminder_days: Iterable[int] | None = None,
    remind_after_deadline: bool = True,
    meeting_item: Any = None,
) -> RequestForInput:
    """A draft request for input on behalf of ``body`` to ``municipalities`` and
    ``organisations`` (decision 0023: e.g. those nominating to the body's seats). The
    introduction is sanitised rich text; the reminder plan is days before the deadline
    (default 7 and 2) and whether to remind the day after it; ``meeting_item`` is an item
    of one of the body's meetings (the one the answers feed), or None."""
    fields = _clean_request_fields(
        {
            "title": title,
            "introduction": introduction,
            "deadline": deadline,
            "allows_late": allows_late,
            "answers_visibility": answers_visibility,
            "reminder_days": [7, 2] if reminder_days is None else reminder_days,
            "remind_after_deadline": remind_after_deadline,
            "meeting_item": meeting_item,
        },
        body_id=body.pk,
    )
    request = RequestForInput(body=body, created_by=actor if _is_user(actor) else None, **fields)
    save_as(request, actor=actor)
    _set_recipients(
        actor=actor, request=request, municipalities=municipalities, organisations=organisations
    )
    return request


def _field_label(name: str) -> str:
    """The label of a field of the request, for a conflict's list of what changed."""
    return str(getattr(RequestForInput._meta.get_field(name), "verbose_name", name))


def _is_user(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


@transaction.atomic
def request_update(
    *,
    actor: Any,
    request_id: int,
    expected_version: int,
    municipalities: Iterable[Any] | None = None,
    organisations: Iterable[Any] | None = None,
    **fields: Any,
) -> RequestForInput:
    """Change a draft request (title, introduction, deadline, late answers, who reads the
    answers, recipients). Once sent, only the deadline (``request_extend_deadline``), the
    reminder plan and the meeting item (``request_follow_up_update``) change. A stale
    version is a conflict naming what changed."""
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
                    _field_label(name),
                    str(getattr(request, name)),
                )
                for name in REQUEST_FIELDS
            ],
        )
    fields = _clean_request_fields(fields, body_id=request.body_id)
    for name, value in fields.items():
        setattr(request, name, value)
    request.version += 1
    save_as(request, actor=actor)
    if municipalities is not None or organisations is not None:
        _set_recipients(
            actor=actor,
            request=request,
            municipalities=municipalities,
            organisations=organisations,
        )
    return request


# What may still change once a request is sent: how those who have not answered are
# reminded, and the meeting item the answers feed. Neither changes what the recipients
# answer (the deadline has its own service, which tells them).
FOLLOW_UP_FIELDS = ("reminder_days", "remind_after_deadline", "meeting_item")


@transaction.atomic
def request_follow_up_update(
    *,
    actor: Any,
    request_id: int,
    expected_version: int,
    reminder_days: Iterable[Any] | None,
    remind_after_deadline: bool,
    meeting_item: Any,
) -> RequestForInput:
    """Change the reminder plan and the meeting item the answers feed, on a draft or a sent
    request; a closed request is not changed. The recipients are not told: neither changes
    what or by when they answer. A stale version is a conflict naming what changed; the
    history row names the actor."""
    request = RequestForInput.objects.select_for_update().get(pk=request_id)
    if request.status == RequestForInput.Status.CLOSED:
        raise ValidationError(_("The request is closed and can no longer be changed."))
    if request.version != expected_version:
        raise ConflictError(
            _(
                "Someone else changed this request while you were editing it. Their version "
                "is shown below; your changes were not saved. Check them and save again."
            ),
            changes=[
                (
                    _field_label(name),
                    str(getattr(request, name)),
                )
                for name in FOLLOW_UP_FIELDS
            ],
        )
    fields = _clean_request_fields(
        {
            "reminder_days": reminder_days,
            "remind_after_deadline": remind_after_deadline,
            "meeting_item": meeting_item,
        },
        body_id=request.body_id,
    )
    for name, value in fields.items():
        setattr(request, name, value)
    request.version += 1
    save_as(request, actor=actor, update_fields=[*FOLLOW_UP_FIELDS, "version"])
    return request


@transaction.atomic
def request_send(*, actor: Any, request_id: int) -> RequestForInput:
    """Send a draft request: every contact person of every recipient gets an e-mail with a
    link. Refused (naming them) when a recipient has no contact person with an e-mail
    address, and when there are no recipients, no questions, or the deadline has passed."""
    request = RequestForInput.objects.select_for_update().select_related("body").get(pk=request_id)
    if request.status != RequestForInput.Status.DRAFT:
        raise ValidationError(_("The request has already been sent."))
    recipients = list(request.recipients.select_related("municipality", "organisation"))
    if not recipients:
        raise ValidationError(_("Choose the recipients the request goes to."))
    if not request.questions.exists():
        raise ValidationError(_("Add at least one question before sending."))
    if request.deadline <= timezone.now():
        raise ValidationError({"deadline": _("The deadline has passed. Choose a later one.")})
    addresses = _contact_addresses(recipients)
    without = [r.name for r in recipients if not addresses[r.pk]]
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
        link = _link(reverse("consultations:response_form", args=[request.pk, recipient.pk]))
        for address in addresses[recipient.pk]:
            email_enqueue(
                key=f"rfi-sent:{request.pk}:{recipient.outbox_key}:{address}",
                to=address,
                subject=_("Request for input from %(body)s: %(title)s") % values,
                text=_(
                    "%(body)s asks %(municipality)s for input: %(title)s.\n\n"
                    "Answer by %(deadline)s here:\n%(link)s\n"
                )
                % {**values, "municipality": recipient.name, "link": link},
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
    # A request the public could open (its deadline had passed) is closed to it again until
    # the new deadline: the REST change feed gets a tombstone until then.
    was_public = bool(RequestForInput.public_pks([request.pk]))
    request.deadline = deadline
    request.version += 1
    save_as(request, actor=actor, update_fields=["deadline", "version"])
    tombstone_if_withdrawn(request, was_public=was_public)
    recipients = list(request.recipients.select_related("municipality", "organisation"))
    addresses = _contact_addresses(recipients)
    text_deadline = _deadline_text(deadline)
    for recipient in recipients:
        link = _link(reverse("consultations:response_form", args=[request.pk, recipient.pk]))
        for address in addresses[recipient.pk]:
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
    signals.send_on_commit(signals.request_closed, request_id=request.pk)
    return request


@transaction.atomic
def requests_opened_to_public() -> int:
    """Mark the requests that became readable by everyone (their deadline passed, answers
    public after it) and were not announced since that deadline: their ``modified`` moves,
    so a system syncing by ``modified_since`` finds them, and ``request_public`` is sent once
    for each (a deadline extended after that is announced again when it passes). Nothing is
    written when a deadline passes, so Celery beat runs this every few minutes; a row locked
    by a writer just now is left for the next run."""
    opened = list(
        public_requests()
        .filter(Q(public_announced_at__isnull=True) | Q(public_announced_at__lt=F("deadline")))
        .select_for_update(skip_locked=True)
        .values_list("pk", flat=True)
    )
    now = timezone.now()
    RequestForInput.objects.filter(pk__in=opened).update(public_announced_at=now, modified=now)
    for pk in opened:
        signals.send_on_commit(signals.request_public, request_id=pk)
    return len(opened)


# --- Attachments of a request ----------------------------------------------------------------


def _delete_file_on_commit(field_file: Any) -> None:
    name, storage = field_file.name, field_file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def request_attachments_add(
    *, actor: Any, request_id: int, files: Sequence[tuple[str, Any]]
) -> list[RequestAttachment]:
    """Attach files to a request (draft or sent; not closed), or none: every file is
    checked (``core.uploads.upload_check``: type by content, no macros, safe names, 25 MB)
    before any is stored. ``files`` are (title, upload) pairs; an empty title takes the
    file's name."""
    request = RequestForInput.objects.select_for_update().get(pk=request_id)
    if request.status == RequestForInput.Status.CLOSED:
        raise ValidationError(_("The request is closed: its attachments can no longer change."))
    if not files:
        raise ValidationError(_("Choose at least one file."))
    errors, checked = [], []
    for title, upload in files:
        try:
            content_type = upload_check(upload=upload)
        except UploadRefused as refused:
            errors.extend(refused.messages)
            continue
        name = upload.name or "?"
        checked.append(((title or "").strip() or name.rsplit(".", 1)[0], upload, content_type))
    if errors:
        raise ValidationError(errors)
    last = request.attachments.order_by("-position").values_list("position", flat=True).first()
    created: list[RequestAttachment] = []
    try:
        for offset, (title, upload, content_type) in enumerate(checked, start=1):
            attachment = RequestAttachment(
                request=request,
                title=title[:300],
                content_type=content_type,
                size=upload.size,
                position=(last or 0) + offset,
                uploaded_by=actor if _is_user(actor) else None,
            )
            attachment.file.save(upload.name, upload, save=False)
            save_as(attachment, actor=actor)
            created.append(attachment)
    except Exception:
        for attachment in created:
            attachment.file.delete(save=False)
        raise
    return created


@transaction.atomic
def request_attachment_update(
    *, actor: Any, request_id: int, attachment_id: int, title: str
) -> RequestAttachment:
    """Give a request's attachment a new title (the file stays)."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("An attachment needs a title.")})
    attachment = RequestAttachment.objects.select_for_update().get(
        pk=attachment_id, request_id=request_id
    )
    if attachment.title != title[:300]:
        attachment.title = title[:300]
        save_as(attachment, actor=actor, update_fields=["title"])
    return attachment


@transaction.atomic
def request_attachment_remove(*, actor: Any, request_id: int, attachment_id: int) -> None:
    """Remove an attachment from a request that is not closed (its file is deleted once
    the removal is committed; the history keeps the row)."""
    request = RequestForInput.objects.select_for_update().get(pk=request_id)
    if request.status == RequestForInput.Status.CLOSED:
        raise ValidationError(_("The request is closed: its attachments can no longer change."))
    attachment = RequestAttachment.objects.get(pk=attachment_id, request=request)
    _delete_file_on_commit(attachment.file)
    history_user_set(attachment, actor=actor)
    attachment.delete()


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
    if kind == Question.Kind.TABLE:
        for name, missing in (
            ("table_rows", _("Give at least one row, one a line.")),
            ("table_columns", _("Give at least one column, one a line.")),
        ):
            lines = [str(c).strip() for c in fields.get(name) or [] if str(c).strip()]
            if not lines:
                raise ValidationError({name: missing})
            if len(set(lines)) != len(lines):
                raise ValidationError({name: _("Each line may appear only once.")})
            fields[name] = lines
    else:
        fields["table_rows"], fields["table_columns"] = [], []
    return fields


def _questions_changed(*, actor: Any, request: RequestForInput) -> None:
    """After somebody has started answering, a changed or added question is a new version
    of the questions: ``questions_version`` goes up (the history keeps the questions as
    they were) and the contact persons of every recipient with a response are told, by
    e-mail and on their form, to check their answer."""
    if not _questions_locked(request):
        return
    request.questions_version += 1
    save_as(request, actor=actor, update_fields=["questions_version"])
    recipients = list(
        Recipient.objects.filter(request=request, response__isnull=False).select_related(
            "municipality", "organisation"
        )
    )
    addresses = _contact_addresses(recipients)
    body_name = request.body.name
    for recipient in recipients:
        link = _link(reverse("consultations:response_form", args=[request.pk, recipient.pk]))
        for address in addresses[recipient.pk]:
            email_enqueue(
                key=f"rfi-questions:{request.pk}:{request.questions_version}:{address}",
                to=address,
                subject=_("The questions have changed: %(title)s") % {"title": request.title},
                text=_(
                    "%(body)s has changed the questions of “%(title)s”, which %(municipality)s "
                    "has started answering. Check the answer here:\n%(link)s\n"
                )
                % {
                    "body": body_name,
                    "title": request.title,
                    "municipality": recipient.name,
                    "link": link,
                },
                body_id=request.body_id,
            )


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
    table_rows: list[str] | None = None,
    table_columns: list[str] | None = None,
) -> Question:
    """Add a question at the end. Not to a closed request; after somebody has started
    answering it is a new version of the questions (see ``_questions_changed``)."""
    request = RequestForInput.objects.select_for_update().select_related("body").get(pk=request.pk)
    if request.status == RequestForInput.Status.CLOSED:
        raise ValidationError(_("The request is closed: its questions can no longer change."))
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
            "table_rows": table_rows,
            "table_columns": table_columns,
        }
    )
    last = request.questions.order_by("-position").values_list("position", flat=True).first()
    question = Question(request=request, position=(last or 0) + 1, **fields)
    save_as(question, actor=actor)
    _questions_changed(actor=actor, request=request)
    return question


@transaction.atomic
def question_update(*, actor: Any, question_id: int, **fields: Any) -> Question:
    """Change a question of a request that is not closed. After somebody has started
    answering it is a new version of the questions (respondents are told, see
    ``_questions_changed``), and a question that has answers keeps its kind (the answers
    given would no longer fit)."""
    unknown = set(fields) - set(QUESTION_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    question = Question.objects.select_related("request").get(pk=question_id)
    request = (
        RequestForInput.objects.select_for_update()
        .select_related("body")
        .get(pk=question.request_id)
    )
    if request.status == RequestForInput.Status.CLOSED:
        raise ValidationError(_("The request is closed: its questions can no longer change."))
    merged = {name: getattr(question, name) for name in QUESTION_FIELDS} | fields
    cleaned = _clean_question(merged)
    if cleaned["kind"] != question.kind and (question.answers.exists() or question.files.exists()):
        raise ValidationError(
            {
                "kind": _(
                    "The question has answers, so its kind cannot change. Add a new question "
                    "instead."
                )
            }
        )
    changed = [name for name in QUESTION_FIELDS if getattr(question, name) != cleaned[name]]
    if not changed:
        return question
    for name in changed:
        setattr(question, name, cleaned[name])
    save_as(question, actor=actor, update_fields=changed)
    _questions_changed(actor=actor, request=request)
    return question


# --- Responses -------------------------------------------------------------------------------


def answer_errors(questions: Iterable[Question], values: Mapping[int, Any]) -> dict[str, str]:
    """What is wrong with the answers for submitting, one message per question (keyed
    ``q<id>``, the form's field names): a required question left empty, a number outside
    the question's range, a choice that is not offered."""
    errors: dict[str, str] = {}
    for question in questions:
        value = values.get(question.pk)
        if _is_empty(value):
            if question.required:
                errors[f"q{question.pk}"] = _required_message(question)
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


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _required_message(question: Question) -> str:
    if question.kind == Question.Kind.FILE:
        return _("“%(question)s”: add at least one file; an answer is required.") % {
            "question": question.text
        }
    if question.kind == Question.Kind.TABLE:
        return _("“%(question)s”: fill in at least one cell of the table; it is required.") % {
            "question": question.text
        }
    return _("Answer “%(question)s”: it is required.") % {"question": question.text}


def _number_text(value: Decimal) -> str:
    return (
        format(value.normalize(), "f") if value == value.to_integral() else str(value.normalize())
    )


def display_value(question: Question, value: Any) -> str:
    """An answer as text (the matrix, the export, a conflict message, the receipt).

    A table is one text, row by row: "row: column=text, column=text; row: …" (one cell
    of the export per question, so the export keeps one column per question); a file
    question lists the names of its files."""
    if _is_empty(value):
        return ""
    if question.kind == Question.Kind.TABLE and isinstance(value, dict):
        parts = []
        for row in [r for r in question.table_rows if r in value] + sorted(
            set(value) - set(question.table_rows)
        ):
            cells = value.get(row) or {}
            if not isinstance(cells, dict):
                continue
            columns = [c for c in question.table_columns if c in cells] + sorted(
                set(cells) - set(question.table_columns)
            )
            shown = ", ".join(f"{column}={cells[column]}" for column in columns)
            if shown:
                parts.append(f"{row}: {shown}")
        return "; ".join(parts)
    if question.kind == Question.Kind.FILE and isinstance(value, list):
        return "; ".join(str(name) for name in value)
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
    if _is_empty(value):
        return None
    if question.kind == Question.Kind.TABLE:
        return _normalise_table(question, value)
    if question.kind == Question.Kind.FILE:
        return [str(name) for name in value] if isinstance(value, list | tuple) else None
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


def _normalise_table(question: Question, value: Any) -> dict[str, dict[str, str]] | None:
    """Only the secretariat's rows and columns, only filled cells: {"row": {"col": "text"}}."""
    if not isinstance(value, dict):
        return None
    table: dict[str, dict[str, str]] = {}
    for row in question.table_rows:
        cells = value.get(row)
        if not isinstance(cells, dict):
            continue
        filled = {
            column: str(cells[column]).strip()[:2000]
            for column in question.table_columns
            if cells.get(column) is not None and str(cells[column]).strip()
        }
        if filled:
            table[row] = filled
    return table or None


def _recipient_filter(recipient_id: int | None, municipality_id: int | None) -> dict[str, int]:
    """Which recipient a response service works on: ``recipient_id`` (decision 0023), or,
    for callers written before it (a municipality's answer, e.g. agreements' follow-ups and
    their tests), ``municipality_id``."""
    if recipient_id is not None:
        return {"pk": recipient_id}
    if municipality_id is not None:
        return {"municipality_id": municipality_id}
    raise TypeError("Give recipient_id (or municipality_id).")


def _locked_response(
    *, request_id: int, recipient_id: int | None, municipality_id: int | None = None
) -> tuple[RequestForInput, Recipient, Response | None]:
    request = RequestForInput.objects.select_related("body").get(pk=request_id)
    recipient = (
        Recipient.objects.select_for_update(of=("self",))
        .select_related("municipality", "organisation")
        .get(request_id=request_id, **_recipient_filter(recipient_id, municipality_id))
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


FileUploads = Mapping[int, Sequence[Any]]


def _check_uploads(
    questions: list[Question], files: FileUploads | None
) -> tuple[list[tuple[Question, Any, str]], dict[str, str]]:
    """Check every uploaded file of the file questions (``core.uploads.upload_check``, the
    check of meeting attachments). Returns the accepted files and, per question, why the
    others were refused (naming the question and the file)."""
    by_id = {q.pk: q for q in questions if q.kind == Question.Kind.FILE}
    accepted: list[tuple[Question, Any, str]] = []
    errors: dict[str, str] = {}
    for question_id, uploads in (files or {}).items():
        question = by_id.get(question_id)
        if question is None:
            continue
        problems: list[str] = []
        for upload in uploads:
            if upload is None:
                continue
            try:
                content_type = upload_check(upload=upload)
            except UploadRefused as refused:
                problems.extend(refused.messages)
                continue
            accepted.append((question, upload, content_type))
        if problems:
            errors[f"q{question.pk}"] = _("“%(question)s”: a file was not stored. %(reason)s") % {
                "question": question.text,
                "reason": " ".join(problems),
            }
    return accepted, errors


def _store_files(
    *,
    actor: Any,
    response: Response,
    accepted: list[tuple[Question, Any, str]],
    remove_ids: Iterable[int] = (),
) -> None:
    """Store the accepted files with the response and remove the chosen ones (their
    files are deleted once the transaction commits)."""
    remove = set(remove_ids)
    if remove:
        for answer_file in AnswerFile.objects.filter(response=response, pk__in=remove):
            _delete_file_on_commit(answer_file.file)
            history_user_set(answer_file, actor=actor)
            answer_file.delete()
    written: list[AnswerFile] = []
    try:
        for question, upload, content_type in accepted:
            answer_file = AnswerFile(
                response=response,
                question=question,
                original_name=(upload.name or "?")[:255],
                content_type=content_type,
                size=upload.size,
                uploaded_by=actor if _is_user(actor) else None,
            )
            answer_file.file.save(upload.name, upload, save=False)
            written.append(answer_file)
            save_as(answer_file, actor=actor)
    except Exception:
        for answer_file in written:  # storage is not transactional: undo what was written
            answer_file.file.delete(save=False)
        raise


def _file_names(response: Response | None, questions: list[Question]) -> dict[int, Any]:
    """The names of the stored files per file question: the stored answer of a file
    question (what the matrix, the export and the receipt show)."""
    names: dict[int, list[str]] = {q.pk: [] for q in questions if q.kind == Question.Kind.FILE}
    if response is not None and names:
        for question_id, name in AnswerFile.objects.filter(response=response).values_list(
            "question_id", "original_name"
        ):
            if question_id in names:
                names[question_id].append(name)
    return {question_id: found or None for question_id, found in names.items()}


def _response_touch(
    *,
    actor: Any,
    request: RequestForInput,
    recipient: Recipient,
    response: Response | None,
    answers_saved: bool = True,
) -> Response:
    """Create the draft response, or raise its version; saving answers records the
    question version they were saved against."""
    if response is None:
        response = Response(recipient=recipient)
    else:
        response.version += 1
    if answers_saved:
        response.questions_version = request.questions_version
    save_as(response, actor=actor)
    return response


def response_save_draft(
    *,
    actor: Any,
    request_id: int,
    recipient_id: int | None = None,
    municipality_id: int | None = None,
    expected_version: int,
    values: Mapping[int, Any],
    files: FileUploads | None = None,
    remove_files: Iterable[int] = (),
) -> Response:
    """Save the recipient's answers as a draft (nothing is checked but their shape and
    the files); the contact persons come back to it. Refused after the deadline (see
    ``_may_still_answer``) and once submitted (a submitted answer is changed by submitting
    again). A refused file does not stop the rest: the answers and the accepted files are
    saved, then a ``ValidationError`` names the refused files per question."""
    with transaction.atomic():
        request, recipient, response = _locked_response(
            request_id=request_id, recipient_id=recipient_id, municipality_id=municipality_id
        )
        _check_version(response, expected_version)
        if not _may_still_answer(request, response):
            raise _deadline_error(request)
        if response is not None and response.status == Response.Status.SUBMITTED:
            raise ValidationError(_("The answer has been submitted: submit again to change it."))
        questions = list(request.questions.all())
        accepted, errors = _check_uploads(questions, files)
        response = _response_touch(
            actor=actor, request=request, recipient=recipient, response=response
        )
        _store_files(actor=actor, response=response, accepted=accepted, remove_ids=remove_files)
        stored = {q.pk: values.get(q.pk) for q in questions} | _file_names(response, questions)
        _store_answers(actor=actor, response=response, questions=questions, values=stored)
    if errors:
        raise ValidationError(errors)
    return response


def response_submit(
    *,
    actor: Any,
    request_id: int,
    recipient_id: int | None = None,
    municipality_id: int | None = None,
    expected_version: int,
    values: Mapping[int, Any],
    files: FileUploads | None = None,
    remove_files: Iterable[int] = (),
) -> Response:
    """Submit the recipient's answers: every required question answered (a file
    question: at least one file; a table: at least one cell), every number in its range,
    every file accepted (messages per question). Until the deadline it may be submitted
    again; each submission is a history row of the response and its answers. After the
    deadline it is refused with the deadline named, unless the secretariat reopened it or
    the request takes late answers (a first answer only, marked late).

    When the submission is refused for its answers, the files accepted in the same post
    are still stored with the response (a draft is made when there was none), so nobody
    uploads them twice; nothing else changes. After a submission the recipient's
    contact persons get a receipt with a copy of the answers."""
    with transaction.atomic():
        response, errors = _submit(
            actor=actor,
            request_id=request_id,
            recipient_id=recipient_id,
            municipality_id=municipality_id,
            expected_version=expected_version,
            values=values,
            files=files,
            remove_files=remove_files,
        )
    if errors:
        raise ValidationError(errors)
    return response


def _keep_accepted_files(
    *,
    actor: Any,
    request: RequestForInput,
    recipient: Recipient,
    response: Response | None,
    questions: list[Question],
    accepted: list[tuple[Question, Any, str]],
) -> Response | None:
    """Store the accepted files of a refused form with the response (a draft is made when
    there is none), so that nobody has to choose them again; nothing else changes."""
    if not accepted:
        return response
    response = _response_touch(
        actor=actor, request=request, recipient=recipient, response=response, answers_saved=False
    )
    _store_files(actor=actor, response=response, accepted=accepted)
    file_questions = [q for q in questions if q.kind == Question.Kind.FILE]
    _store_answers(
        actor=actor,
        response=response,
        questions=file_questions,
        values=_file_names(response, file_questions),
    )
    return response


@transaction.atomic
def response_keep_files(
    *,
    actor: Any,
    request_id: int,
    recipient_id: int | None = None,
    municipality_id: int | None = None,
    expected_version: int,
    files: FileUploads,
) -> dict[str, str]:
    """When the answer form itself is refused (a value that is not a number, say), the
    files that pass the upload check are still stored with the response, as with a refused
    submission; returns why the others were refused, per question. Nothing is stored on a
    stale version or when the answer may no longer be changed (that refusal is raised)."""
    request, recipient, response = _locked_response(
        request_id=request_id, recipient_id=recipient_id, municipality_id=municipality_id
    )
    _check_version(response, expected_version)
    if not _may_still_answer(request, response):
        raise _deadline_error(request)
    questions = list(request.questions.all())
    accepted, errors = _check_uploads(questions, files)
    _keep_accepted_files(
        actor=actor,
        request=request,
        recipient=recipient,
        response=response,
        questions=questions,
        accepted=accepted,
    )
    return errors


def _submit(
    *,
    actor: Any,
    request_id: int,
    recipient_id: int | None = None,
    municipality_id: int | None = None,
    expected_version: int,
    values: Mapping[int, Any],
    files: FileUploads | None,
    remove_files: Iterable[int],
) -> tuple[Response, dict[str, str]]:
    request, recipient, response = _locked_response(
        request_id=request_id, recipient_id=recipient_id, municipality_id=municipality_id
    )
    _check_version(response, expected_version)
    if not _may_still_answer(request, response):
        raise _deadline_error(request)
    questions = list(request.questions.all())
    accepted, file_errors = _check_uploads(questions, files)
    existing = list(AnswerFile.objects.filter(response=response)) if response else []
    remove = {f.pk for f in existing if f.pk in set(remove_files)}
    normalised = {q.pk: _normalise(q, values.get(q.pk)) for q in questions}
    for question in questions:
        if question.kind == Question.Kind.FILE:
            names = [
                f.original_name
                for f in existing
                if f.question_id == question.pk and f.pk not in remove
            ] + [upload.name for q, upload, _type in accepted if q.pk == question.pk]
            normalised[question.pk] = names or None
    errors = answer_errors(questions, normalised) | file_errors
    if errors:
        response = _keep_accepted_files(
            actor=actor,
            request=request,
            recipient=recipient,
            response=response,
            questions=questions,
            accepted=accepted,
        )
        return response, errors  # type: ignore[return-value]
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
    response.questions_version = request.questions_version
    save_as(response, actor=actor)
    _store_files(actor=actor, response=response, accepted=accepted, remove_ids=remove)
    normalised.update(_file_names(response, questions))
    _store_answers(actor=actor, response=response, questions=questions, values=normalised)
    _send_receipt(
        actor=actor,
        request=request,
        recipient=recipient,
        response=response,
        questions=questions,
        values=normalised,
    )
    return response, {}


def answers_as_text(questions: Iterable[Question], values: Mapping[int, Any]) -> str:
    """The answers as plain text, question by question (the receipt)."""
    blocks = []
    for question in questions:
        shown = display_value(question, values.get(question.pk))
        if question.kind == Question.Kind.LONG_TEXT:
            shown = html.unescape(strip_tags(shown.replace("</p>", "</p>\n"))).strip()
        blocks.append(f"{question.position}. {question.text}\n{shown or '–'}")
    return "\n\n".join(blocks)


def _send_receipt(
    *,
    actor: Any,
    request: RequestForInput,
    recipient: Recipient,
    response: Response,
    questions: list[Question],
    values: Mapping[int, Any],
) -> None:
    """The receipt of a submission, with a copy of the answers, to every contact person of
    the recipient (they answer together, so each knows it has been sent and what it
    says) and to the one who submitted it."""
    addresses = set(_contact_addresses([recipient])[recipient.pk])
    if _is_user(actor) and actor.email:
        addresses.add(actor.email)
    link = _link(reverse("consultations:response_form", args=[request.pk, recipient.pk]))
    text = _(
        "%(who)s submitted the answer of %(municipality)s to “%(title)s” (%(body)s) on "
        "%(when)s%(late)s. The deadline is %(deadline)s.\n%(link)s\n\n"
        "A copy of the answers:\n\n%(answers)s\n"
    ) % {
        "who": str(actor) if _is_user(actor) else "–",
        "municipality": recipient.name,
        "title": request.title,
        "body": request.body.name,
        "when": _deadline_text(response.submitted_at or timezone.now()),
        "late": _(" (late)") if response.is_late else "",
        "deadline": _deadline_text(request.deadline),
        "link": link,
        "answers": answers_as_text(questions, values),
    }
    for address in sorted(addresses):
        email_enqueue(
            key=f"rfi-receipt:{response.pk}:{response.version}:{address}",
            to=address,
            subject=_("Receipt: the answer of %(municipality)s to %(title)s")
            % {"municipality": recipient.name, "title": request.title},
            text=text,
            body_id=request.body_id,
        )


@transaction.atomic
def response_reopen(
    *,
    actor: Any,
    request_id: int,
    recipient_id: int | None = None,
    municipality_id: int | None = None,
) -> Response:
    """The secretariat reopens a submitted answer (typically after the deadline): the
    recipient may change and submit it again. Its contact persons are told."""
    request, recipient, response = _locked_response(
        request_id=request_id, recipient_id=recipient_id, municipality_id=municipality_id
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
    link = _link(reverse("consultations:response_form", args=[request.pk, recipient.pk]))
    for address in _contact_addresses([recipient])[recipient.pk]:
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
                "municipality": recipient.name,
                "title": request.title,
                "link": link,
            },
            body_id=request.body_id,
        )
    return response


# --- Reminders -------------------------------------------------------------------------------


def _waiting(request: RequestForInput) -> list[Recipient]:
    """The recipients that have not submitted (no response, a draft, or reopened)."""
    return list(
        request.recipients.filter(
            Q(response__isnull=True) | ~Q(response__status=Response.Status.SUBMITTED)
        ).select_related("municipality", "organisation")
    )


def _remind(
    *, actor: Any, request: RequestForInput, recipients: list[Recipient], today: dt.date
) -> int:
    """One reminder to the contact persons of each recipient, at most one a day: the outbox
    key names the request, the recipient (``Recipient.outbox_key``), the address and the
    day, so the morning job and the "remind now" button never send twice on the same day.
    Each reminded recipient records the day (its history rows count the reminders). Returns
    how many recipients got a reminder now."""
    addresses = _contact_addresses(recipients)
    deadline = _deadline_text(request.deadline)
    reminded = 0
    for recipient in recipients:
        link = _link(reverse("consultations:response_form", args=[request.pk, recipient.pk]))
        recorded = False
        for address in addresses[recipient.pk]:
            recorded |= email_enqueue(
                key=f"rfi-reminder:{request.pk}:{recipient.outbox_key}:{today.isoformat()}:{address}",
                to=address,
                subject=_("Reminder: %(title)s, answer by %(deadline)s")
                % {"title": request.title, "deadline": deadline},
                text=_(
                    "%(body)s is waiting for the answer of %(municipality)s to "
                    "“%(title)s”. The deadline is %(deadline)s.\n%(link)s\n"
                )
                % {
                    "body": request.body.name,
                    "municipality": recipient.name,
                    "title": request.title,
                    "deadline": deadline,
                    "link": link,
                },
                body_id=request.body_id,
            )
        if recorded:
            reminded += 1
        if recorded and recipient.reminded_on != today:
            recipient.reminded_on = today
            save_as(recipient, actor=actor, update_fields=["reminded_on"])
    return reminded


def _plan_says_remind(request: RequestForInput, today: dt.date) -> bool:
    days_left = (timezone.localdate(request.deadline) - today).days
    if days_left in (request.reminder_days or []):
        return True
    # The day after the deadline only when a late answer can still be given.
    return days_left == -1 and request.remind_after_deadline and request.allows_late


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind the contact persons of recipients that have not submitted, following each
    request's plan: the days before the deadline it names (``reminder_days``) and the day
    after it (``remind_after_deadline``, only when late answers are taken). Idempotent:
    the outbox key names the request, the recipient (``Recipient.outbox_key``), the address
    and the day, so a job that runs twice a day sends nothing twice. Returns the number of
    recipients reminded."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    requests = RequestForInput.objects.filter(status=RequestForInput.Status.SENT).select_related(
        "body"
    )
    for request in requests:
        if not _plan_says_remind(request, today):
            continue
        with transaction.atomic():
            waiting = _waiting(request)
            if waiting:
                sent += _remind(actor=None, request=request, recipients=waiting, today=today)
    return sent


@transaction.atomic
def reminders_send_now(*, actor: Any, request_id: int) -> int:
    """The secretariat's "remind those missing now": one reminder to the contact persons of
    every recipient that has not submitted, unless it was already reminded today (by the
    job or the button). Returns how many recipients were reminded."""
    request = RequestForInput.objects.select_for_update().select_related("body").get(pk=request_id)
    if request.status != RequestForInput.Status.SENT:
        raise ValidationError(_("Only a sent request that is not closed can send reminders."))
    return _remind(
        actor=actor,
        request=request,
        recipients=_waiting(request),
        today=timezone.localdate(),
    )
