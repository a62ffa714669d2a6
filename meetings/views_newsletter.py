"""Newsletters: the public page, list and feed per body, and the secretariat's editing and
publishing of the draft made from the minutes."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.http import AuthenticatedHttpRequest
from core.errors import ConflictError
from councils.models import Body
from councils.selectors import body_get
from meetings import selectors, services
from meetings.forms import NewsletterCreateForm, NewsletterForm
from meetings.models import Newsletter


def _editable(request: HttpRequest, pk: int) -> Newsletter:
    newsletter = selectors.newsletter_get_for_user(pk=pk, user=request.user)
    if not selectors.may_edit_body(request.user, newsletter.body):
        raise PermissionDenied
    return newsletter


@require_safe
def newsletter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    newsletter = selectors.newsletter_get_for_user(pk=pk, user=request.user)
    return render(
        request,
        "meetings/newsletter_detail.html",
        {
            "newsletter": newsletter,
            "may_edit": selectors.may_edit_body(request.user, newsletter.body),
        },
    )


@require_safe
def newsletter_list(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_get(slug=slug)
    newsletters = selectors.newsletters_for_body(body=body, user=request.user)
    page = Paginator(newsletters, 20).get_page(request.GET.get("side"))
    return render(
        request,
        "meetings/newsletter_list.html",
        {"body": body, "page": page, "may_edit": selectors.may_edit_body(request.user, body)},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def newsletter_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    newsletter = _editable(request, pk)
    initial = {
        "title": newsletter.title,
        "content": newsletter.content,
        "version": newsletter.version,
    }
    form = NewsletterForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.newsletter_update(
                actor=request.user,
                newsletter_id=newsletter.pk,
                title=form.cleaned_data["title"],
                content=form.cleaned_data["content"],
                version=form.cleaned_data["version"],
            )
        except ConflictError as error:
            conflict = error
            form.data = cast(QueryDict, form.data).copy()
            form.data["version"] = str(Newsletter.objects.get(pk=newsletter.pk).version)
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                form.add_error(name if name in form.fields else None, problems)
        else:
            messages.success(request, _("The newsletter is saved."))
            return redirect(newsletter.get_absolute_url())
    return render(
        request,
        "meetings/newsletter_edit.html",
        {"newsletter": newsletter, "form": form, "conflict": conflict},
        status=409 if conflict else (400 if form.errors else 200),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def newsletter_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A newsletter that is not drafted from minutes (news between meetings)."""
    body = body_get(slug=slug)
    if not selectors.may_edit_body(request.user, body):
        raise PermissionDenied
    form = NewsletterCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            newsletter = services.newsletter_create(
                actor=request.user, body=body, **form.cleaned_data
            )
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                form.add_error(name if name in form.fields else None, problems)
        else:
            messages.success(request, _("The newsletter is saved as a draft."))
            return redirect(newsletter.get_absolute_url())
    return render(
        request,
        "meetings/newsletter_edit.html",
        {"body": body, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def newsletter_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    newsletter = _editable(request, pk)
    try:
        services.newsletter_publish(actor=request.user, newsletter_id=newsletter.pk)
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
    else:
        messages.success(request, _("The newsletter is published and sent to the subscribers."))
    return redirect(newsletter.get_absolute_url())


class BodyNewslettersFeed(Feed):
    """RSS 2.0 of a body's published newsletters."""

    def get_object(self, request: HttpRequest, slug: str) -> Body:
        return body_get(slug=slug)

    def title(self, obj: Body) -> str:
        return _("Newsletters: %(body)s") % {"body": obj.name}

    def link(self, obj: Body) -> str:
        from django.urls import reverse

        return reverse("meetings:newsletter_list", args=[obj.slug])

    def description(self, obj: Body) -> str:
        return _("Newsletters from %(body)s") % {"body": obj.name}

    def items(self, obj: Body) -> Any:
        return selectors.newsletters_for_body(body=obj, user=None)[:30]

    def item_title(self, item: Newsletter) -> str:
        return item.title

    def item_description(self, item: Newsletter) -> str:
        return item.content

    def item_pubdate(self, item: Newsletter) -> Any:
        return item.published_at

    def item_guid(self, item: Newsletter) -> str:
        return f"newsletter-{item.pk}"

    item_guid_is_permalink = False
