"""Who sees which requests for input and which answers: the one place that decides it for
consultations. The roles come from ``accounts.rules``; this module turns them into
decisions about requests and responses.

* The body's secretariat (``Action.EDIT_BODY``) and the platform administrator see every
  request of the body, drafts included, edit it, see the response matrix and every
  response that has been submitted (or reopened after a submission). A draft response is
  the recipient's own working copy: the secretariat sees only that it exists.
* A municipality's contact persons (``Action.ACT_FOR_MUNICIPALITY``) see the requests sent
  to their municipality (not drafts) and write its one response, until the deadline (or
  later if the request takes late answers or the secretariat reopened it). An
  organisation's contact persons (``Action.ACT_FOR_ORGANISATION``, decision 0023) do the
  same for a request sent to their organisation. Both are "the recipients the user answers
  for" (``RequestAccess.recipient_ids``).
* Other recipients read the submitted answers once the deadline has passed, when the
  request says "all recipients after the deadline" or "everyone after the deadline";
  everyone (also without signing in) when it says the latter: such a request (sent or closed)
  is public once its deadline has passed, with its submitted answers (never drafts).
* The compiled PDF of the answers is made, downloaded and attached to the meeting item the
  request feeds by the body's secretariat only (attaching also needs the right to edit that
  meeting, asked of ``meetings.access``).
* "Mine opgaver": a contact person answers for the recipients of their municipalities and
  organisations.

Pages, exports and the API ask ``requests_visible_to``, ``public_requests``,
``request_access`` and ``may_download_answer_file``; nothing else looks at a status or a
role to decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts import rules
from accounts.rules import Action, can
from consultations.models import AnswerFile, Recipient, RequestForInput, Response
from meetings.access import meeting_access

RECEIVED_STATUSES = (RequestForInput.Status.SENT, RequestForInput.Status.CLOSED)


def _public_q(prefix: str = "") -> Q:
    """Requests everyone may read (with their submitted answers): sent or closed, "everyone
    after the deadline", and the deadline has passed (``prefix`` e.g. ``"recipient__request__"``
    to filter another model by its request)."""
    return Q(
        **{
            f"{prefix}status__in": RECEIVED_STATUSES,
            f"{prefix}answers_visibility": RequestForInput.Visibility.PUBLIC_AFTER_DEADLINE,
            f"{prefix}deadline__lte": timezone.now(),
        }
    )


def public_requests(queryset: QuerySet | None = None) -> QuerySet:
    """The requests anyone may open, also without signing in."""
    requests = RequestForInput.objects.all() if queryset is None else queryset
    return requests.filter(_public_q())


def requests_visible_to(user: Any, queryset: QuerySet | None = None) -> QuerySet:
    """The requests the user may open: every request of the bodies the user edits, the
    sent (or closed) requests to the user's municipalities and organisations, and the
    public ones."""
    requests = RequestForInput.objects.all() if queryset is None else queryset
    edited = rules.edited_body_ids(user)
    if edited is None:
        return requests
    condition = Q(body_id__in=edited) | _public_q()
    answered = _answered_q(user, prefix="recipients__")
    if answered is not None:
        condition |= Q(status__in=RECEIVED_STATUSES) & answered
    return requests.filter(condition).distinct()


def _answered_q(user: Any, *, prefix: str = "") -> Q | None:
    """A filter on recipients (``prefix`` e.g. ``"recipients__"``) whose answer the user
    writes: their municipality or organisation is the user's as a contact person; ``None``
    when the user is nobody's contact person."""
    municipalities = rules.contact_municipality_ids(user)
    organisations = rules.contact_organisation_ids(user)
    if not municipalities and not organisations:
        return None
    condition = Q(pk__in=[])
    if municipalities:
        condition |= Q(**{f"{prefix}municipality_id__in": municipalities})
    if organisations:
        condition |= Q(**{f"{prefix}organisation_id__in": organisations})
    return condition


def recipients_answered_by(user: Any) -> QuerySet[Recipient]:
    """The recipients of sent requests whose answer the user writes (as a contact person of
    the municipality or the organisation): what "Mine opgaver" lists, before the state of
    each answer is asked."""
    answered = _answered_q(user)
    if answered is None:
        return Recipient.objects.none()
    return Recipient.objects.filter(answered, request__status=RequestForInput.Status.SENT)


@dataclass(frozen=True)
class RequestAccess:
    """What one user may do with one request; computed once per request."""

    request: RequestForInput
    may_edit: bool  # the secretariat of its body, or the administrator
    recipient_ids: frozenset[int]  # the recipients the user answers for (their ids)

    @property
    def may_view(self) -> bool:
        return self.may_edit or (
            self.request.status in RECEIVED_STATUSES
            and (bool(self.recipient_ids) or self.is_public)
        )

    @property
    def is_public(self) -> bool:
        """Everyone may read the request and its submitted answers (``public_requests``)."""
        return (
            self.request.status in RECEIVED_STATUSES
            and self.request.answers_visibility == RequestForInput.Visibility.PUBLIC_AFTER_DEADLINE
            and self.deadline_passed
        )

    @property
    def may_compare(self) -> bool:
        """Open "all answers to one question side by side": the secretariat always; others
        when the request lets them read other recipients' submitted answers now (which
        answers each sees is still ``sees_response``)."""
        if self.may_edit:
            return True
        if self.request.status not in RECEIVED_STATUSES or not self.deadline_passed:
            return False
        if self.is_public:
            return True
        return self.request.answers_visibility == (
            RequestForInput.Visibility.RECIPIENTS_AFTER_DEADLINE
        ) and bool(self.recipient_ids)

    @property
    def may_change_follow_up(self) -> bool:
        """Change the reminder plan and the meeting item the answers feed: the secretariat,
        until the request is closed (what else may change is the services' rule)."""
        return self.may_edit and self.request.status != RequestForInput.Status.CLOSED

    @property
    def may_change_request(self) -> bool:
        """Change the request itself (title, questions' order, recipients) and send it: the
        secretariat, while it is a draft."""
        return self.may_edit and self.request.status == RequestForInput.Status.DRAFT

    @property
    def may_change_questions(self) -> bool:
        """Add and change questions and attachments: the secretariat, until the request is
        closed (once answers exist a change is a new version of the questions: services)."""
        return self.may_edit and self.request.status != RequestForInput.Status.CLOSED

    @property
    def may_manage_sent(self) -> bool:
        """Move the deadline, remind those missing, reopen an answer, close the request: the
        secretariat, while the request is sent and not closed."""
        return self.may_edit and self.request.status == RequestForInput.Status.SENT

    @property
    def offers_answers(self) -> bool:
        """Link the response matrix: the secretariat, once the request is sent."""
        return self.may_edit and self.request.status != RequestForInput.Status.DRAFT

    @property
    def may_compile(self) -> bool:
        """Order, see the state of and download the compiled PDF of all answers."""
        return self.may_edit

    @property
    def offers_compiled_pdf(self) -> bool:
        """Show the compiled-PDF panel: who may compile, once the request is sent (a draft
        has no answers to compile)."""
        return self.may_compile and self.request.status != RequestForInput.Status.DRAFT

    @property
    def offers_comparison(self) -> bool:
        """Link "all answers side by side": who may compare, once the request is sent."""
        return self.may_compare and self.request.status != RequestForInput.Status.DRAFT

    def may_answer_for(self, recipient_id: int) -> bool:
        """Write the recipient's response (whether the deadline still allows it is a rule
        of the services)."""
        return self.request.status == RequestForInput.Status.SENT and (
            recipient_id in self.recipient_ids
        )

    @property
    def deadline_passed(self) -> bool:
        return timezone.now() >= self.request.deadline

    @property
    def audience(self) -> str:
        """Everything the decisions of this object depend on besides the request, as a short
        text for cache keys: two users with the same audience are shown the same, so a page
        part cached for one may be served to the other (``consultations.matrix``)."""
        own = ",".join(str(pk) for pk in sorted(self.recipient_ids))
        return f"e{int(self.may_edit)}-d{int(self.deadline_passed)}-r{own}"

    def sees_response(self, response: Response | None, recipient_id: int) -> bool:
        """Whether the user may read this recipient's answers."""
        if recipient_id in self.recipient_ids:
            return True
        if response is None or response.submitted_at is None:
            return False
        if self.may_edit:
            return True
        # A reopened answer is being changed in place: until it is submitted again it is
        # the recipient's own, like a draft (only its secretariat sees the latest).
        if response.status == Response.Status.REOPENED:
            return False
        visibility = self.request.answers_visibility
        if not self.deadline_passed:
            return False
        if visibility == RequestForInput.Visibility.PUBLIC_AFTER_DEADLINE:
            return True
        return visibility == RequestForInput.Visibility.RECIPIENTS_AFTER_DEADLINE and bool(
            self.recipient_ids
        )


def may_download_answer_file(access: RequestAccess, answer_file: AnswerFile) -> bool:
    """A file of an answer is downloaded by whoever may read the response it belongs to
    (``RequestAccess.sees_response``): never another municipality's draft."""
    response = answer_file.response
    return access.sees_response(response, response.recipient_id)


def may_attach_to_meeting_item(user: Any, access: RequestAccess) -> bool:
    """Attach the compiled PDF to the meeting item the request feeds: the request's
    secretariat, when it may also edit that meeting (``meetings.access``)."""
    item = access.request.meeting_item
    if not access.may_compile or item is None or item.deleted_at is not None:
        return False
    return meeting_access(user, item.meeting).may_edit


def request_access(user: Any, request: RequestForInput) -> RequestAccess:
    may_edit = can(user, Action.EDIT_BODY, request.body_id)
    # The recipients whose municipality or organisation the user is contact person for. The
    # administrator edits every request (as the secretariat does) but writes no recipient's
    # answer: that is the contact persons' (``contact_municipality_ids`` and
    # ``contact_organisation_ids`` give administrators only their own).
    answered = _answered_q(user)
    recipient_ids = (
        frozenset(request.recipients.filter(answered).values_list("pk", flat=True))
        if answered is not None
        else frozenset()
    )
    return RequestAccess(request=request, may_edit=may_edit, recipient_ids=recipient_ids)


def search_visible_request_ids(user: Any) -> QuerySet:
    """The requests for input whose index rows (title and introduction) ``user`` may find:
    those the user may open (a subquery of ids, for search)."""
    return requests_visible_to(user).values("pk")


def search_visible_response_ids(user: Any) -> QuerySet:
    """The submitted responses whose answers ``user`` may find in search (a subquery of
    ids). Search indexes a response only while it is submitted (not a draft, not reopened),
    and for those this is ``RequestAccess.sees_response`` as a filter: the body's
    secretariat and the administrator; the recipient's own contact persons; everyone once
    the deadline of an "everyone after the deadline" request has passed; the other
    recipients' contact persons once the deadline of an "all recipients after the
    deadline" request has passed. ``tests/search/test_answers.py`` holds the two forms to
    the same answers for every role."""
    responses = Response.objects.filter(submitted_at__isnull=False).exclude(
        status=Response.Status.REOPENED
    )
    edited = rules.edited_body_ids(user)
    if edited is None:
        return responses.values("pk")
    request = "recipient__request__"
    condition = Q(**{f"{request}body_id__in": edited}) | _public_q(request)
    answered = _answered_q(user)
    if answered is not None:
        received = Q(**{f"{request}status__in": RECEIVED_STATUSES})
        own = _answered_q(user, prefix="recipient__")
        assert own is not None
        condition |= received & own
        condition |= received & Q(
            **{
                f"{request}answers_visibility": (
                    RequestForInput.Visibility.RECIPIENTS_AFTER_DEADLINE
                ),
                f"{request}deadline__lte": timezone.now(),
                f"{request}pk__in": Recipient.objects.filter(answered).values("request_id"),
            }
        )
    return responses.filter(condition).values("pk")
