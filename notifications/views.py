"""Subscribing to a body, confirming, unsubscribing with one click, and the secretariat's
view of e-mails that could not be sent."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.rules import Action, can
from core.ratelimit import client_address
from councils.selectors import body_get
from notifications import selectors, services
from notifications.forms import FrequencyForm, SubscribeForm
from notifications.models import Frequency, OutgoingEmail


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_get(slug=slug)
    user = request.user
    own = None
    if user.is_authenticated and user.email:
        own = selectors.subscription_state(body=body, email=user.email)
    form = SubscribeForm(request.POST if "email" in request.POST else None)
    frequency_form = FrequencyForm(
        request.POST if "frequency" in request.POST and "email" not in request.POST else None,
        initial={"frequency": own.frequency if own else Frequency.IMMEDIATE},
    )
    if request.method == "POST":
        if "email" in request.POST and form.is_valid():
            try:
                services.subscription_request(
                    actor=user if user.is_authenticated else None,
                    body=body,
                    client=client_address(request),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                for name, problems in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, problems)
            except services.SubscriptionRateLimited:
                return render(
                    request,
                    "notifications/message.html",
                    {
                        "body": body,
                        "heading": _("Please wait a little"),
                        "text": _(
                            "We have sent several confirmation e-mails to this address or from "
                            "your network within the last hour. Nothing has been changed. Try "
                            "again later, or look for the e-mail we have already sent."
                        ),
                    },
                    status=429,
                )
            else:
                return render(
                    request,
                    "notifications/message.html",
                    {
                        "body": body,
                        "heading": _("Check your e-mail"),
                        "text": _(
                            "We have sent a link to %(email)s. The subscription starts when "
                            "you open it (within 7 days)."
                        )
                        % {"email": form.cleaned_data["email"]},
                    },
                )
        elif own is not None and user.is_authenticated and frequency_form.is_valid():
            services.member_frequency_set(
                actor=user, body=body, frequency=frequency_form.cleaned_data["frequency"]
            )
            messages.success(request, _("Your choice is saved."))
            return redirect("notifications:subscribe", slug=body.slug)
    return render(
        request,
        "notifications/subscribe.html",
        {
            "body": body,
            "form": form,
            "frequency_form": frequency_form,
            "own": own,
            "unsubscribe_url": services.unsubscribe_url(body=body, email=user.email)
            if own and user.is_authenticated
            else None,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    # A button, not the link itself: mail scanners open links and must not confirm.
    if request.method in ("GET", "HEAD"):
        return render(request, "notifications/confirm.html", {"token": token})
    try:
        subscription = services.subscription_confirm(token=token)
    except ValidationError as error:
        return render(
            request,
            "notifications/message.html",
            {"heading": _("The subscription was not confirmed"), "text": error.messages[0]},
            status=400,
        )
    return render(
        request,
        "notifications/message.html",
        {
            "body": subscription.body,
            "heading": _("You are subscribed"),
            "text": _("You will get e-mails from %(body)s.") % {"body": subscription.body.name},
        },
    )


@csrf_exempt  # RFC 8058: mail programs POST here without a session ("one-click")
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        body, email = services.unsubscribe_token_read(token)
    except ValidationError as error:
        return render(
            request,
            "notifications/message.html",
            {"heading": _("Unsubscribe"), "text": error.messages[0]},
            status=400,
        )
    if request.method in ("GET", "HEAD"):
        return render(
            request,
            "notifications/unsubscribe.html",
            {"body": body, "email": email, "token": token},
        )
    services.unsubscribe(token=token)
    return render(
        request,
        "notifications/message.html",
        {
            "body": body,
            "heading": _("You are unsubscribed"),
            "text": _("%(email)s gets no more e-mails from %(body)s.")
            % {"email": email, "body": body.name},
        },
    )


@login_required
def outbox(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """For the secretariat: e-mails about the body that failed or still wait."""
    body = body_get(slug=slug)
    if not can(request.user, Action.EDIT_BODY, body):
        raise PermissionDenied
    return render(
        request,
        "notifications/outbox.html",
        {
            "body": body,
            "emails": selectors.emails_for_secretariat(body=body)[:200],
            "recipients": selectors.subscriber_count(body=body),
        },
    )


@login_required
@require_POST
def email_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    email = OutgoingEmail.objects.select_related("body").filter(pk=pk, body__isnull=False).first()
    if email is None:
        raise Http404
    if not can(request.user, Action.EDIT_BODY, email.body):
        raise PermissionDenied
    services.email_retry(actor=request.user, email_id=email.pk)
    messages.success(request, _("The e-mail is queued again."))
    return redirect("notifications:outbox", slug=email.body.slug if email.body else "")
