"""The search page (``/soeg/``): thin, all the work is in ``search.selectors``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.http import AuthenticatedHttpRequest
from search import selectors, services
from search.forms import SearchParams


@require_safe
def search_results(request: HttpRequest) -> HttpResponse:
    """Results for ``?q=`` as the visitor may see them, with facets, sorting and pages.
    Whatever the query string holds, the answer is a page, never an error."""
    params = SearchParams.from_query(request.GET)
    result = selectors.search(
        user=request.user,
        q=params.q,
        body=params.body,
        year=params.year,
        kind=params.kind,
        sort=params.sort,
        page=params.page,
    )
    return render(
        request,
        "search/results.html",
        {"result": result, "params": params, **_links(params, result)},
    )


FACET_TITLES = {"body": _("Body"), "year": _("Year"), "kind": _("Type")}
FACET_PARAMS = {"body": "organ", "year": "aar", "kind": "type"}
SORT_LABELS = {"relevance": _("Relevance"), "date": _("Newest first")}


def _links(params: SearchParams, result: selectors.SearchResult) -> dict[str, Any]:
    """The links of the page: each facet value (choosing it, or clearing it when chosen),
    the sort orders and the pages, all keeping the rest of the search."""
    facets = []
    for name in selectors.FACETS:
        values = result.facets.get(name, [])
        if not values:
            continue
        key = FACET_PARAMS[name]
        facets.append(
            {
                "title": FACET_TITLES[name],
                "values": [
                    {"value": v, "url": params.url(**{key: "" if v.selected else v.value})}
                    for v in values
                ],
            }
        )
    return {
        "facets": facets,
        "sorts": [
            {"label": label, "url": params.url(sortering=key), "selected": key == result.sort}
            for key, label in SORT_LABELS.items()
        ],
        "previous_url": params.url(side=result.page - 1) if result.page > 1 else "",
        "next_url": params.url(side=result.page + 1) if result.page < result.pages else "",
        "filtered": bool(params.body or params.year or params.kind),
        "clear_url": params.url(organ="", aar="", type=""),
    }


@login_required
@require_POST
def saved_search_save(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Save the search of the form (query and facets, as on the results page) for the
    signed-in user; its new results come in a daily e-mail."""
    params = SearchParams.from_query(request.POST)
    try:
        services.saved_search_create(
            actor=request.user,
            query=params.q,
            body=params.body,
            year=params.year,
            kind=params.kind,
        )
    except services.SavedSearchRefused as refused:
        text = (
            gettext("Type something to search for before saving the search.")
            if str(refused) == "empty"
            else gettext("You have saved as many searches as you may: delete one first.")
        )
        messages.error(request, text)
        return render(
            request,
            "search/saved.html",
            {"saved_searches": selectors.saved_searches(user=request.user)},
            status=400,
        )
    messages.success(request, gettext("The search is saved: new results come in a daily e-mail."))
    return redirect("search:saved")


@login_required
@require_safe
def saved_search_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The signed-in user's saved searches, each with a link to its results and a delete
    button."""
    return render(
        request,
        "search/saved.html",
        {"saved_searches": selectors.saved_searches(user=request.user)},
    )


@login_required
@require_POST
def saved_search_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Delete one of the user's own saved searches (another's is "not found")."""
    if not services.saved_search_delete(actor=request.user, saved_search_id=pk):
        raise Http404
    messages.success(request, gettext("The saved search is deleted."))
    return redirect("search:saved")


@require_POST
def saved_search_email(request: HttpRequest) -> HttpResponse:
    """Without an account: send a confirmation link for the search of the form (query and
    facets) to the address typed; its new results then come in a daily e-mail."""
    from django.core.exceptions import ValidationError

    from core.ratelimit import client_address

    params = SearchParams.from_query(request.POST)
    email = (request.POST.get("email") or "")[:254]
    try:
        services.saved_search_request(
            email=email,
            query=params.q,
            body=params.body,
            year=params.year,
            kind=params.kind,
            client=client_address(request),
        )
    except (ValidationError, services.SavedSearchRefused, services.SavedSearchRateLimited) as e:
        if isinstance(e, ValidationError):
            text = e.messages[0]
        elif isinstance(e, services.SavedSearchRateLimited):
            text = gettext("Too many e-mails were asked for just now. Try again in an hour.")
        else:
            text = gettext("Type something to search for before saving the search.")
        return _message(request, gettext("The search was not saved"), text, status=400)
    return _message(
        request,
        gettext("Check your e-mail"),
        gettext(
            "We have sent a link to %(email)s. The search is saved when you confirm it there; "
            "new results then come in a daily e-mail."
        )
        % {"email": email.strip().lower()},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def saved_search_email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    # A button, not the link itself: mail scanners open links and must not confirm.
    if request.method in ("GET", "HEAD"):
        return render(request, "search/confirm.html", {"token": token})
    from django.core.exceptions import ValidationError

    try:
        saved = services.saved_search_confirm(token=token)
    except ValidationError as error:
        return _message(request, gettext("The search was not saved"), error.messages[0], status=400)
    return _message(
        request,
        gettext("The search is saved"),
        gettext("New results of »%(query)s« come to %(email)s in a daily e-mail.")
        % {"query": saved.query, "email": saved.email},
    )


@csrf_exempt  # RFC 8058: mail programs POST here without a session ("one-click")
@require_http_methods(["GET", "HEAD", "POST"])
def saved_search_email_stop(request: HttpRequest, token: str) -> HttpResponse:
    from django.core.exceptions import ValidationError

    try:
        saved = services.saved_search_stop_read(token)
    except ValidationError as error:
        return _message(request, gettext("Stop a saved search"), error.messages[0], status=400)
    if saved is None:
        return _message(
            request, gettext("Stop a saved search"), gettext("The search was stopped already.")
        )
    if request.method in ("GET", "HEAD"):
        return render(request, "search/stop.html", {"saved": saved, "token": token})
    services.saved_search_stop(token=token)
    return _message(
        request,
        gettext("The search is stopped"),
        gettext("%(email)s gets no more e-mails about »%(query)s«.")
        % {"email": saved.email, "query": saved.query},
    )


def _message(request: HttpRequest, heading: str, text: str, status: int = 200) -> HttpResponse:
    return render(request, "search/message.html", {"heading": heading, "text": text}, status=status)
