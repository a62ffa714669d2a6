"""The search page (``/soeg/``): thin, all the work is in ``search.selectors``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from search import selectors
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
