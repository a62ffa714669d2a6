"""The versions of an agreement (each change after it came into force, with its note): the
list, one version rendered from its snapshot, two versions compared; and the history of
the agreement and its parts for the secretariat. Access through
``agreements.selectors_versions`` (``agreements.access``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from agreements import selectors_versions
from agreements.selectors_versions import MAX_NUMBER


@require_safe
def agreement_versions(request: HttpRequest, pk: int) -> HttpResponse:
    agreement, access, versions = selectors_versions.versions_for_user(user=request.user, pk=pk)
    return render(
        request,
        "agreements/agreement_versions.html",
        {"agreement": agreement, "access": access, "versions": versions},
    )


@require_safe
def agreement_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    agreement, access, version = selectors_versions.version_get_for_user(
        user=request.user, pk=pk, number=number
    )
    shown = selectors_versions.snapshot_shown(
        user=request.user, access=access, snapshot=version.snapshot
    )
    return render(
        request,
        "agreements/agreement_version.html",
        {"agreement": agreement, "access": access, "version": version, "shown": shown},
    )


def _number(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    if not value:
        return None
    if not value.isdigit() or not 0 < int(value) <= MAX_NUMBER:
        raise Http404
    return int(value)


@require_safe
def agreement_version_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Two versions side by side as a list of differences (``?fra=1&til=3``; without them
    the newest version and the one before it)."""
    agreement, access, versions = selectors_versions.versions_for_user(user=request.user, pk=pk)
    numbers = [v.number for v in versions]  # newest first
    new_number = _number(request, "til") or (numbers[0] if numbers else None)
    old_number = _number(request, "fra") or (numbers[1] if len(numbers) > 1 else None)
    if new_number is None or old_number is None:
        raise Http404
    if new_number not in numbers or old_number not in numbers:
        raise Http404
    _a, _b, old = selectors_versions.version_get_for_user(
        user=request.user, pk=pk, number=old_number
    )
    _c, _d, new = selectors_versions.version_get_for_user(
        user=request.user, pk=pk, number=new_number
    )
    differences = selectors_versions.versions_compare(
        user=request.user, access=access, old=old.snapshot, new=new.snapshot
    )
    return render(
        request,
        "agreements/agreement_version_compare.html",
        {
            "agreement": agreement,
            "access": access,
            "versions": versions,
            "old": old,
            "new": new,
            "differences": differences,
        },
    )


@require_safe
def agreement_history(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        agreement, entries = selectors_versions.agreement_history(user=request.user, pk=pk)
    except PermissionError:
        raise PermissionDenied from None
    page = Paginator(entries, 50).get_page(request.GET.get("side"))
    return render(
        request, "agreements/agreement_history.html", {"agreement": agreement, "page": page}
    )
