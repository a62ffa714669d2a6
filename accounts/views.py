from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.forms import QueuedPasswordResetForm, TokenForm
from accounts.http import AuthenticatedHttpRequest
from accounts.pages import MY_TASKS, PROFILE_PAGE
from accounts.rules import Action, can, must_use_two_factor


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    form_class = QueuedPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/profile.html",
        {
            # "overview": the bodies and municipalities of the roles (councils provides it).
            **PROFILE_PAGE.collect(user=request.user),
            "has_two_factor": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
            "two_factor_required": must_use_two_factor(request.user),
            "sees_contact_details": can(request.user, Action.VIEW_CONTACT_DETAILS),
        },
    )


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    device = services.totp_device_start(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            confirmed = services.totp_device_confirm(
                user=request.user, token=form.cleaned_data["token"]
            )
        except ValidationError as error:
            form.add_error("token", error)
        else:
            otp_login(request, confirmed)
            messages.success(request, _("Two-factor sign-in is now on."))
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_data_uri": segno.make(device.config_url, error="m").svg_data_uri(scale=4),
            "secret": device.config_url.split("secret=")[1].split("&")[0],
            "required": must_use_two_factor(request.user),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip().replace(" ", "")
        for device in devices_for_user(request.user, confirmed=True):
            allowed, _details = device.verify_is_allowed()
            if not allowed:
                form.add_error(
                    "token", _("Too many wrong codes. Wait a little and try the newest code.")
                )
                break
            if device.verify_token(token):
                otp_login(request, device)
                return redirect(_safe_next(request, reverse("accounts:profile")))
        else:
            form.add_error("token", _("The code was not accepted. Try the newest code."))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": _safe_next(request, "")},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def two_factor_disable(request: AuthenticatedHttpRequest) -> HttpResponse:
    try:
        services.totp_device_remove(actor=request.user, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Two-factor sign-in is now off."))
    return redirect("accounts:profile")


def locked_out(
    request: HttpRequest, response: HttpResponse | None, credentials: dict
) -> HttpResponse:
    """Shown by django-axes instead of the log-in page once the failure limit is reached."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)


@login_required
@require_safe
def tasks(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My tasks ("Mine opgaver"): what waits for the signed-in user, each list asked of the app that
    owns it (and through that app's access rules), with its deadline."""
    # Accounts sits below the apps it lists work from: each provides its lists
    # (accounts.pages.MY_TASKS), asked of its own selectors and access rules.
    lists = MY_TASKS.collect(user=request.user)
    return render(
        request,
        "accounts/tasks.html",
        {**lists, "nothing_waits": not any(lists.values()), "today": timezone.localdate()},
    )
