"""Shared pieces of the REST API: strict parameters and the documented error responses.

A malformed query parameter is refused with a 400 whose JSON names it
(``{"page": ["…"]}``), never ignored, turned into a 404 or passed on to the database; a
well-formed page number beyond the last page is a 404. Every operation in the OpenAPI schema
documents its 400, 401, 403 and 404 answers (``core.api_schema.AutoSchema``).

The filter backend is imported while DRF's generic views are being defined, so this module
must not import drf-spectacular's schema (which imports them): that lives in ``api_schema``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import django_filters
from django import forms
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import get_model_field
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from core.api_sync import CURSOR, SINCE, SyncPage, wants_sync
from core.contributions import API_SEARCH

if TYPE_CHECKING:  # not at run time: DRF's views may still be loading (see above)
    from django.db.models import QuerySet
    from rest_framework.views import APIView

_DIGITS = re.compile(r"[0-9]+")
TRUE_VALUES = ("true", "1")
FALSE_VALUES = ("false", "0")
# The largest value of PostgreSQL's ``integer``: ids, years, versions and page numbers
# beyond it are not numbers the portal can hold.
MAX_INT = 2_147_483_647


def _refuse(name: str, message: Any) -> ValidationError:
    return ValidationError({name: [message]})


def positive_int_param(name: str, raw: str) -> int:
    """``raw`` as a whole number of 1 or more (ASCII digits only), else a 400. Numbers too long
    for any use here (more than 18 digits) count as 10**18, for clamping or a 404."""
    digits = raw.lstrip("0") if _DIGITS.fullmatch(raw) else ""
    if not digits:
        raise _refuse(name, _("Give a whole number of 1 or more."))
    return int(digits) if len(digits) <= 18 else 10**18


def bool_param(request: Request, name: str) -> bool:
    """A yes/no query parameter (``true``/``false``/``1``/``0``); absent is no, else a 400."""
    raw = request.query_params.get(name)
    if raw is None:
        return False
    if raw.lower() in TRUE_VALUES:
        return True
    if raw.lower() in FALSE_VALUES:
        return False
    raise _refuse(name, _("Give true or false."))


class StrictPageNumberPagination(PageNumberPagination):
    """Pages of 100 (``page_size`` up to 1000); a malformed ``page`` or ``page_size`` is a 400,
    a page beyond the last a 404. With ``modified_since`` or ``cursor`` the list is a change
    feed paged by cursor, tombstones included (``core.api_sync``)."""

    page_size = 100
    sync: SyncPage | None = None
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        # A larger size is served as the largest, as DRF documents (and clients rely on).
        return min(positive_int_param(self.page_size_query_param, raw), self.max_page_size)

    def paginate_queryset(
        self, queryset: Any, request: Request, view: APIView | None = None
    ) -> list[Any] | None:
        if wants_sync(request):
            key = getattr(view, "lookup_field", "pk") if view is not None else "pk"
            self.sync = SyncPage(queryset, request, key, self.get_page_size(request))
            return self.sync.records
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and raw not in self.last_page_strings:
            positive_int_param(self.page_query_param, raw)  # beyond the last page: a 404
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data: Any) -> Response:
        if self.sync is None:
            return super().get_paginated_response(data)
        return Response({"next": self.sync.next_link(), "results": self.sync.results(data)})

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "default": self.page_size}
                parameter["description"] = (
                    f"Number of results per page; a larger number than {self.max_page_size} "
                    f"is served as {self.max_page_size}."
                )
        return [
            *parameters,
            {
                "name": SINCE,
                "required": False,
                "in": "query",
                "description": "A change feed: the records changed since this date and time "
                "(with an offset, e.g. 2024-01-31T09:00:00+01:00), oldest change first, with "
                'deletions as {"<id>": …, "deleted": true, "modified": …}. The page is '
                '{"next", "results"}; follow "next" (a cursor), never "page".',
                "schema": {"type": "string", "format": "date-time"},
            },
            {
                "name": CURSOR,
                "required": False,
                "in": "query",
                "description": "The position in a change feed, from its “next” link.",
                "schema": {"type": "string"},
            },
        ]


def _integer_range(field: models.Field) -> tuple[int, int]:
    low, high = BaseDatabaseOperations.integer_field_ranges.get(
        field.get_internal_type(), (-MAX_INT - 1, MAX_INT)
    )
    return max(low, -MAX_INT - 1), min(high, MAX_INT)


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, refusing what it would otherwise ignore or pass on: an empty value
    (``role=``), a yes/no that is neither (``is_active=maybe``), and a number that is not a
    whole number within the database's range where the field holds whole numbers
    (``year=0.5``, ``year=99999999999999``)."""

    def get_filterset(self, request: Request, queryset: Any, view: APIView) -> Any:
        filterset = super().get_filterset(request, queryset, view)
        if filterset is None:
            return None
        errors: dict[str, list[Any]] = {}
        for name, filter_ in filterset.filters.items():
            values = request.query_params.getlist(name)
            if any(not value.strip() for value in values):
                errors[name] = [_("This parameter may not be empty.")]
            elif isinstance(filter_, django_filters.BooleanFilter) and any(
                value.lower() not in TRUE_VALUES + FALSE_VALUES for value in values
            ):
                errors[name] = [_("Give true or false.")]
            _make_whole_number(filter_, filterset._meta.model or queryset.model)
        if errors:
            raise ValidationError(errors)
        return filterset


def _make_whole_number(filter_: django_filters.Filter, model: type[models.Model]) -> None:
    """A ``NumberFilter`` on a whole-number field takes whole numbers in the field's range."""
    if type(filter_) is not django_filters.NumberFilter or not filter_.field_name:
        return
    field = get_model_field(model, filter_.field_name)
    if isinstance(field, models.ForeignObjectRel):
        return
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    if not isinstance(field, models.IntegerField | models.AutoField):
        return
    low, high = _integer_range(field)
    filter_.field_class = forms.IntegerField
    filter_.extra.update(min_value=low, max_value=high)


def api_search(queryset: QuerySet[Any], key: str, request: Any, q: str) -> QuerySet[Any]:
    """An API list narrowed to what ``?q=`` finds for the caller, as on /soeg/: the search
    app's provider for ``key`` (``core.contributions.API_SEARCH``). Without a provider, or
    for a query with nothing to search, the list is not narrowed."""
    provider = API_SEARCH.get(key)
    if provider is None:
        return queryset
    ids = provider(user=getattr(request, "user", None), q=q)
    return queryset if ids is None else queryset.filter(pk__in=ids)
