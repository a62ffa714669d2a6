"""Approving minutes: the members' online approval ("Godkend referat"), justering by
adjusters with comments per item, and a body's minutes settings (the approval rule and its
decision types). Who may do what is asked of ``meetings.access``; each POST calls one
service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.http import AuthenticatedHttpRequest
from councils.models import Person
from councils.selectors import body_get
from meetings import selectors, services
from meetings.access import (
    body_may_edit,
    is_minutes_adjuster,
    may_approve_minutes,
    may_read_minutes_draft,
    meeting_access,
    minutes_approver_person_ids,
    person_id_of,
    sees_minutes_approval,
)
from meetings.agenda import agenda_views
from meetings.forms import (
    AdjustersForm,
    CommentResolveForm,
    DecisionTypeForm,
    MinutesCommentForm,
    MinutesSettingsForm,
)
from meetings.minutes import (
    adjustment,
    decision_type_choices,
    members_approval,
    minutes_state,
)
from meetings.models import AgendaItem, Attendance, DecisionType, MinutesComment


def _errors(request: AuthenticatedHttpRequest, error: ValidationError) -> None:
    for problem in error.messages:
        messages.error(request, problem)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def minutes_approval(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The members' approval of the minutes: a member approves ("Godkend referat"); the
    secretariat asks for it, sees who has approved (x of y) and reminds the others."""
    meeting = selectors.meeting_get_for_user(pk=pk, user=request.user)
    if not sees_minutes_approval(request.user, meeting):
        raise PermissionDenied
    may_edit = body_may_edit(request.user, meeting.body_id)
    here = reverse("meetings:minutes_approval", args=[meeting.pk])
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "approve":
                services.minutes_approval_give(actor=request.user, meeting_id=meeting.pk)
                messages.success(request, _("You have approved the minutes."))
            elif action == "request" and may_edit:
                services.minutes_approval_request(actor=request.user, meeting_id=meeting.pk)
                messages.success(request, _("The members are asked to approve the minutes."))
            elif action == "remind" and may_edit:
                sent = services.minutes_approval_remind(actor=request.user, meeting_id=meeting.pk)
                messages.success(
                    request,
                    _("%(count)d reminders are sent.") % {"count": sent}
                    if sent
                    else _(
                        "No reminder was sent: those who have not approved were reminded "
                        "today already, or have no e-mail address."
                    ),
                )
            else:
                raise PermissionDenied
        except ValidationError as error:
            _errors(request, error)
        return redirect(here)
    state = members_approval(meeting)
    person_id = person_id_of(request.user)
    return render(
        request,
        "meetings/minutes_approval.html",
        {
            "meeting": meeting,
            "state": state,
            "minutes": minutes_state(meeting),
            "may_edit": may_edit,
            "may_approve": may_approve_minutes(request.user, meeting)
            and person_id not in {a.person_id for a in state.approved},
            "my_approval": next((a for a in state.approved if a.person_id == person_id), None),
        },
    )


def _adjust_post(request: AuthenticatedHttpRequest, meeting_pk: int, may_edit: bool) -> None:
    action = request.POST.get("action")
    if action == "comment":
        form = MinutesCommentForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Write the comment."))
            return
        item = AgendaItem.objects.filter(
            meeting_id=meeting_pk, pk=form.cleaned_data["item"]
        ).first()
        if item is None:
            raise PermissionDenied
        services.minutes_comment_add(
            actor=request.user, item_id=item.pk, text=form.cleaned_data["text"]
        )
        messages.success(request, _("Your comment is sent to the secretary."))
    elif action == "adjust":
        services.minutes_adjust(actor=request.user, meeting_id=meeting_pk)
        messages.success(request, _("You have adjusted the minutes."))
    elif action == "adjust_on_paper" and may_edit:
        services.minutes_adjust(
            actor=request.user,
            meeting_id=meeting_pk,
            person_id=selectors_int(request.POST.get("person")),
        )
        messages.success(request, _("The adjuster's approval on paper is recorded."))
    elif action == "resolve" and may_edit:
        resolve = CommentResolveForm(request.POST)
        if not resolve.is_valid():
            messages.error(request, _("Answer the comment."))
            return
        comment = MinutesComment.objects.filter(
            meeting_id=meeting_pk, pk=resolve.cleaned_data["comment"]
        ).first()
        if comment is None:
            raise PermissionDenied
        data = resolve.cleaned_data
        services.minutes_comment_resolve(
            actor=request.user,
            comment_id=comment.pk,
            answer=data["answer"],
            decision=data["decision"] if data["change_decision"] else None,
            expected_version=data["version"],
        )
        messages.success(request, _("The comment is resolved."))
    elif action == "adjusters" and may_edit:
        persons = [int(p) for p in request.POST.getlist("persons") if p.isascii() and p.isdigit()]
        services.minutes_adjusters_set(
            actor=request.user, meeting_id=meeting_pk, person_ids=persons
        )
        messages.success(request, _("The adjusters are appointed."))
    else:
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def minutes_adjust(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Justering: the adjusters read the draft minutes, comment per item and approve; the
    secretary appoints them and resolves the comments."""
    meeting = selectors.meeting_get_for_user(pk=pk, user=request.user)
    if not may_read_minutes_draft(request.user, meeting):
        raise PermissionDenied
    may_edit = body_may_edit(request.user, meeting.body_id)
    if request.method == "POST":
        try:
            _adjust_post(request, meeting.pk, may_edit)
        except ValidationError as error:
            _errors(request, error)
        return redirect(reverse("meetings:minutes_adjust", args=[meeting.pk]))
    state = adjustment(meeting)
    person_id = person_id_of(request.user)
    mine = next((a for a in state.adjusters if a.person_id == person_id), None)
    # The decisions are what justering is for; closed items and attendance only as far as
    # this reader may see them (an adjuster may be a guest or a substitute).
    access = meeting_access(request.user, meeting)
    items = agenda_views(
        selectors.live_snapshot(meeting),
        see_closed=access.sees_closed,
        show_decisions=True,
        show_attendance=access.sees_attendance,
    )
    comments: dict[int, list[MinutesComment]] = {}
    for comment in state.comments:
        comments.setdefault(comment.item_id, []).append(comment)
    versions = dict(AgendaItem.objects.filter(meeting=meeting).values_list("pk", "version"))
    decisions = dict(AgendaItem.objects.filter(meeting=meeting).values_list("pk", "decision"))
    rows = [
        {
            "item": item,
            "comments": comments.get(item.pk, []),
            "version": versions.get(item.pk),
            "decision_source": decisions.get(item.pk, ""),
        }
        for item in items
    ]
    adjusters_form = None
    if may_edit and state.adjusted_at is None:
        eligible = set(
            Attendance.objects.filter(meeting=meeting)
            .exclude(status=Attendance.Status.APOLOGIES)
            .values_list("person_id", flat=True)
        ) | minutes_approver_person_ids(meeting)
        adjusters_form = AdjustersForm(
            people=list(Person.objects.filter(pk__in=eligible).order_by("name")),
            initial={"persons": [a.person_id for a in state.adjusters if not a.is_chair]},
        )
    return render(
        request,
        "meetings/minutes_adjust.html",
        {
            "meeting": meeting,
            "state": state,
            "minutes": minutes_state(meeting),
            "rows": rows,
            "may_edit": may_edit,
            "is_adjuster": is_minutes_adjuster(request.user, meeting),
            "mine": mine,
            "may_comment": mine is not None
            and mine.approved_at is None
            and state.adjusted_at is None,
            "adjusters_form": adjusters_form,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def minutes_settings(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A body's way of approving its minutes, and its decision types."""
    body = body_get(slug=slug)
    if not body_may_edit(request.user, body):
        raise PermissionDenied
    here = reverse("meetings:minutes_settings", args=[body.slug])
    from meetings.access import minutes_approval_rule

    form = MinutesSettingsForm(initial={"approval": minutes_approval_rule(body)})
    type_form = DecisionTypeForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "rule":
                form = MinutesSettingsForm(request.POST)
                if form.is_valid():
                    services.body_minutes_settings_set(
                        actor=request.user, body=body, approval=form.cleaned_data["approval"]
                    )
                    messages.success(request, _("The way the minutes are approved is saved."))
                    return redirect(here)
            elif action == "add_type":
                type_form = DecisionTypeForm(request.POST)
                if type_form.is_valid():
                    services.decision_type_add(
                        actor=request.user, body=body, label=type_form.cleaned_data["label"]
                    )
                    messages.success(request, _("The decision type is added."))
                    return redirect(here)
            elif action == "retire_type":
                row = DecisionType.objects.filter(
                    body=body, pk=selectors_int(request.POST.get("type"))
                ).first()
                if row is not None:
                    services.decision_type_retire(actor=request.user, decision_type_id=row.pk)
                    messages.success(request, _("The decision type is no longer offered."))
                return redirect(here)
            else:
                raise PermissionDenied
        except ValidationError as error:
            target = type_form if action == "add_type" else form
            for name, problems in getattr(error, "message_dict", {"": error.messages}).items():
                target.add_error(name if name in target.fields else None, problems)
    return render(
        request,
        "meetings/minutes_settings.html",
        {
            "body": body,
            "form": form,
            "type_form": type_form,
            "own_types": list(DecisionType.objects.filter(body=body, is_active=True)),
            "offered": decision_type_choices(body),
        },
        status=400 if (form.errors or type_form.errors) else 200,
    )


def selectors_int(raw: str | None) -> int:
    raw = raw or ""
    return int(raw) if raw.isascii() and raw.isdigit() and int(raw) <= selectors.MAX_ID else 0
