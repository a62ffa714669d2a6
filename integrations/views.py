"""Pages of the integrations app: a secretariat's API tokens (decision 0031)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.http import AuthenticatedHttpRequest
from integrations import access, dumps, services, webhooks
from integrations.forms import TokenForm, WebhookForm
from integrations.models import WebhookEvent

_SESSION_KEY = "integrations:new-token"


def _add_errors(form: TokenForm | WebhookForm, error: ValidationError) -> None:
    fields = {"expires_at": "expires_on"}
    for name, problems in error.message_dict.items():
        name = fields.get(name, name)
        form.add_error(name if name in form.fields else None, problems)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The tokens of the user's bodies, and the form for a new one."""
    if not access.may_manage_integrations(request.user):
        raise PermissionDenied
    form = TokenForm(request.POST or None, bodies=access.managed_bodies(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            token, secret = services.token_create(
                actor=request.user,
                name=data["name"],
                body=data["body"],
                scope=data["scope"],
                expires_at=form.expires_at(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            # Shown once, on the next page, and then forgotten (never stored in clear).
            request.session[_SESSION_KEY] = {"pk": token.pk, "secret": secret}
            return redirect(reverse("integrations:token_created", args=[token.pk]))
    page = Paginator(access.managed_tokens(request.user), 50).get_page(request.GET.get("side"))
    return render(
        request,
        "integrations/tokens.html",
        {"form": form, "page": page, "tokens": page.object_list},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def token_created(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The new token, shown this once."""
    token = get_object_or_404(access.managed_tokens(request.user), pk=pk)
    shown = request.session.pop(_SESSION_KEY, None)
    secret = shown["secret"] if shown and shown.get("pk") == token.pk else None
    if secret is None:
        messages.info(
            request,
            _("A token is shown only once. If it was not copied, revoke it and make a new one."),
        )
        return redirect(reverse("integrations:tokens"))
    response = render(
        request, "integrations/token_created.html", {"token": token, "secret": secret}
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Revoke a token (asks first)."""
    token = get_object_or_404(access.managed_tokens(request.user), pk=pk)
    if request.method == "POST" and request.POST.get("confirm"):
        services.token_revoke(actor=request.user, token_id=token.pk)
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
        return redirect(reverse("integrations:tokens"))
    return render(request, "integrations/token_revoke.html", {"token": token})


@require_http_methods(["GET", "HEAD"])
def api_documentation(request: Any) -> HttpResponse:
    """How other systems read the portal: every interface, tokens, limits, sync, examples."""
    from django.conf import settings

    return render(
        request,
        "integrations/api_documentation.html",
        {
            # The canonical address (as OParl's ids and the e-mails have it).
            "base": settings.SITE_URL.rstrip("/"),
            "per_client": settings.API_RATE_LIMIT_PER_CLIENT,
            "per_token": settings.API_RATE_LIMIT_PER_TOKEN,
            "may_manage_integrations": access.may_manage_integrations(request.user),
            "dumps": dumps.dumps_list(),
        },
    )


@require_http_methods(["GET", "HEAD"])
def dump_download(request: Any, name: str) -> FileResponse:
    """One of the week's bulk downloads (public data only: anyone may fetch it)."""
    opened = dumps.dump_open(name)
    if opened is None:
        raise Http404
    return FileResponse(
        opened,
        as_attachment=True,
        filename=name,
        content_type="application/zip",
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def webhooks_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The webhook subscriptions of the user's bodies, and the form for a new one."""
    if not access.may_manage_integrations(request.user):
        raise PermissionDenied
    form = WebhookForm(request.POST or None, bodies=access.managed_bodies(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            subscription = webhooks.webhook_subscribe(
                actor=request.user,
                body=data["body"],
                name=data["name"],
                url=data["url"],
                events=data["events"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("The subscription “%(name)s” is made. Give its secret to the receiving system.")
                % {"name": subscription.name},
            )
            return redirect(reverse("integrations:webhook_detail", args=[subscription.pk]))
    subscriptions = access.managed_subscriptions(request.user)
    page = Paginator(subscriptions, 50).get_page(request.GET.get("side"))
    return render(
        request,
        "integrations/webhooks.html",
        {"form": form, "page": page, "subscriptions": page.object_list},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def webhook_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A subscription: its secret, its events and its deliveries, newest first; switching it
    on again after it was switched off for failing."""
    subscription = get_object_or_404(access.managed_subscriptions(request.user), pk=pk)
    if request.method == "POST" and request.POST.get("reactivate"):
        webhooks.webhook_reactivate(actor=request.user, subscription_id=subscription.pk)
        messages.success(request, _("The subscription is switched on again."))
        return redirect(reverse("integrations:webhook_detail", args=[subscription.pk]))
    page = Paginator(subscription.deliveries.order_by("-created_at", "-pk"), 50).get_page(
        request.GET.get("side")
    )
    labels = dict(WebhookEvent.choices)
    response = render(
        request,
        "integrations/webhook_detail.html",
        {
            "subscription": subscription,
            "events": [labels.get(e, e) for e in subscription.events],
            "page": page,
            "deliveries": page.object_list,
        },
    )
    response["Cache-Control"] = "no-store"  # the page shows the signing secret
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def webhook_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """End a subscription (asks first)."""
    subscription = get_object_or_404(access.managed_subscriptions(request.user), pk=pk)
    if request.method == "POST" and request.POST.get("confirm"):
        webhooks.webhook_delete(actor=request.user, subscription_id=subscription.pk)
        messages.success(
            request, _("The subscription “%(name)s” is deleted.") % {"name": subscription.name}
        )
        return redirect(reverse("integrations:webhooks"))
    return render(request, "integrations/webhook_delete.html", {"subscription": subscription})
