"""The history of a quota year, for those who manage quotas (``quotas.selectors``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from quotas import selectors


@require_safe
def year_history(request: HttpRequest, year: int) -> HttpResponse:
    quota_year = selectors.quota_year_get(year=year)
    try:
        entries = selectors.quota_year_history(quota_year=quota_year, user=request.user)
    except PermissionError:
        raise PermissionDenied from None
    page = Paginator(entries, 50).get_page(request.GET.get("side"))
    return render(request, "quotas/year_history.html", {"quota_year": quota_year, "page": page})
