"""Searching: the rows a viewer may find, matched, counted by facet, ranked and paged.

Visibility is applied first, as a filter on the rows, built from each owning app's access
module (``visible_q``); counts, facets, ranks and snippets are then computed from those rows
only, so a word that appears only in a closed item cannot change what the public is told,
not even the number of hits. The query count of a results page does not grow with the hits.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchQueryField,
    SearchRank,
    SearchVectorField,
)
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    F,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce, Concat, Substr
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.collation import danish_sort_key
from search import kept
from search.backend import uses_postgres
from search.models import EntryKind, Scope, SearchEntry
from search.query import CleanQuery, clean
from search.sources import CONFIG_BY_COUNTRY, FALLBACK_CONFIG, configs_in_use

PER_PAGE = 20
# Only the newest matches are counted, faceted, ranked and shown (ts_rank reads every
# candidate's vector, a count or facet every match's row): with a word found in most rows,
# reading all of them would be slow and no one reads page 60. The page says "over 1,000".
CANDIDATES = 1000
# ts_headline parses the whole text it is given: it gets the first characters of each part
# only (an attachment's text can be 200,000 characters). A word found only further in is
# still found; its hit then shows the part's opening without a mark.
HEADLINE_CHARS = 5000
CONFIGS = (*CONFIG_BY_COUNTRY.values(), FALLBACK_CONFIG)
FACETS = ("body", "year", "kind")
SORTS = ("relevance", "date")
# ``coalesce(vector, '')``: the same vector, in an expression the GIN index does not serve.
_EMPTY_VECTOR = Cast(Value(""), SearchVectorField())
# Marks around a highlighted word, replaced by <mark> after the text is escaped.
_START, _STOP = "\x02", "\x03"


def visible_q(user: Any) -> Q:
    """The index rows ``user`` may find, each scope as its owning app's access module says."""
    from agreements.access import search_internal_ids, search_visible_ids
    from consultations.access import search_visible_request_ids, search_visible_response_ids
    from meetings.access import search_visible_newsletter_ids, search_visible_q

    return (
        (Q(scope=Scope.MEETINGS) & search_visible_q(user))
        | Q(scope=Scope.NEWSLETTERS, owner_id__in=search_visible_newsletter_ids(user))
        | Q(scope=Scope.AGREEMENTS, owner_id__in=search_visible_ids(user))
        | Q(scope=Scope.AGREEMENT_INTERNAL, owner_id__in=search_internal_ids(user))
        | Q(scope=Scope.REQUESTS, owner_id__in=search_visible_request_ids(user))
        | Q(scope=Scope.RESPONSES, owner_id__in=search_visible_response_ids(user))
        | Q(scope=Scope.PUBLIC)
    )


@dataclass(frozen=True)
class Hit:
    kind: str
    kind_label: str
    title: str
    url: str
    body: str
    date: Any
    snippet: SafeString


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResult:
    query: CleanQuery
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    page: int = 1
    pages: int = 0
    sort: str = "relevance"
    # The query has words but none that can be searched (only stop words).
    only_stop_words: bool = False
    # More than CANDIDATES matches: ``total`` is CANDIDATES, and only the newest
    # CANDIDATES are shown, counted by facet and ranked.
    capped: bool = False

    @property
    def ranked_partly(self) -> bool:
        return self.capped and self.sort == "relevance"

    @property
    def searched(self) -> bool:
        return not self.query.is_empty


def _rows() -> QuerySet[SearchEntry]:
    """The index's rows, ready for ``_match``'s conditions."""
    if uses_postgres():
        return SearchEntry.objects.annotate(unindexed_vector=Coalesce("vector", _EMPTY_VECTOR))
    return SearchEntry.objects.all()


def _queries(cq: CleanQuery, configs: set[str]) -> dict[str, SearchQuery]:
    """One query per text search configuration in ``configs``: the words as typed
    (``websearch``), or the words before the last and the last as a prefix (while typing)."""
    out = {}
    rest = cq.text[: len(cq.text) - len(cq.prefix)].strip() if cq.prefix else ""
    for config in (c for c in CONFIGS if c in configs):
        query = SearchQuery(cq.text, search_type="websearch", config=config)
        if cq.prefix:
            prefix = SearchQuery(f"{cq.prefix}:*", search_type="raw", config="simple")
            if rest and rest != "-":
                prefix = SearchQuery(rest, search_type="websearch", config=config) & prefix
            query = query | prefix
        out[config] = query
    return out


def _match(cq: CleanQuery, configs: set[str], *, indexed: bool = True) -> tuple[Q, Any]:
    """The condition a matching row of ``_rows()`` meets, and the union of the
    per-configuration queries (None on SQLite). ``indexed=False`` leaves out the condition
    the GIN index serves, so each row's vector is tested one by one: for a query that reads
    only the newest rows (``_newest``)."""
    if uses_postgres():
        queries = _queries(cq, configs)
        match = Q()
        combined: Any = None
        for config, query in queries.items():
            # Each row against the query in its own configuration: "-word" excludes by the
            # row's own stemming. Tested on the rows the index scan below found (through
            # ``unindexed_vector``: a branch the GIN index could serve was scanned for each
            # configuration, hundreds of milliseconds each for a common word).
            match |= Q(config=config, unindexed_vector=query)
            combined = query if combined is None else combined | query
        if not indexed:
            return match, combined
        # The rows to test, as one condition the GIN index answers in one scan (a row that
        # matches its own configuration's query matches the union of them all).
        return Q(vector=combined) & (match), combined
    # The SQLite fallback (search.backend): every word somewhere in the stored text.
    match = Q()
    for word in cq.words:
        match &= (
            Q(title__icontains=word)
            | Q(text_b__icontains=word)
            | Q(text_c__icontains=word)
            | Q(text_d__icontains=word)
        )
    for word in cq.excluded:
        match &= ~(
            Q(title__icontains=word)
            | Q(text_b__icontains=word)
            | Q(text_c__icontains=word)
            | Q(text_d__icontains=word)
        )
    return match, None


def _own_query(cq: CleanQuery, configs: set[str]) -> Case:
    """Each row's own configuration's query, for its headline. ``ts_headline`` with the
    union of every configuration's query took about 7 times as long (2.7 ms a row against
    0.4 on the bench's data) and marks nothing more: a row matched in its own language."""
    queries = _queries(cq, configs)
    return Case(
        *(When(config=config, then=query) for config, query in queries.items()),
        default=queries[FALLBACK_CONFIG],  # configs_in_use() always has it
        output_field=SearchQueryField(),
    )


def _only_stop_words(cq: CleanQuery) -> bool:
    if not uses_postgres():
        return not cq.words
    with connection.cursor() as cursor:
        cursor.execute(
            # Only common words of Danish, or of Swedish: nothing for the index to look up.
            "SELECT numnode(websearch_to_tsquery('danish'::regconfig, %s)) = 0"
            " OR numnode(websearch_to_tsquery('swedish'::regconfig, %s)) = 0",
            [cq.text, cq.text],
        )
        row = cursor.fetchone()
    return bool(row and row[0])


def _filters(body: str, year: int | None, kind: str) -> dict[str, Q]:
    return {
        "body": Q(body__slug=body) if body else Q(),
        "year": Q(year=year) if year else Q(),
        "kind": Q(kind=kind) if kind else Q(),
    }


def _facets(
    candidates: list[dict[str, Any]], body: str, year: int | None, kind: str
) -> dict[str, list[FacetValue]]:
    """Counts per body, year and kind among ``candidates`` (the newest matches, capped),
    each with the other facets' choices applied. Counted here from the rows the candidate
    query already returned: no query of its own."""
    tests = {
        "body": (body, lambda r: r["body__slug"] == body),
        "year": (year, lambda r: r["year"] == year),
        "kind": (kind, lambda r: r["kind"] == kind),
    }
    chosen = {name: test for name, (value, test) in tests.items() if value}

    def counts(name: str, field: str) -> Counter[Any]:
        others = [test for other, test in chosen.items() if other != name]
        return Counter(
            r[field] for r in candidates if r[field] is not None and all(test(r) for test in others)
        )

    labels = dict(EntryKind.choices)
    names = {r["body__slug"]: r["body__name"] for r in candidates if r["body__slug"]}
    # Equal counts in Danish order (Æ, Ø, Å after Z; "Aa" as Å), as the database sorts names.
    bodies = sorted(
        counts("body", "body__slug").items(),
        key=lambda i: (-i[1], danish_sort_key(names[i[0]])),
    )
    years = sorted(counts("year", "year").items(), key=lambda i: -i[0])
    kinds = sorted(counts("kind", "kind").items(), key=lambda i: (-i[1], i[0]))
    return {
        "body": [FacetValue(slug, names[slug], n, slug == body) for slug, n in bodies[:20]],
        "year": [FacetValue(str(y), str(y), n, y == year) for y, n in years[:30]],
        "kind": [FacetValue(k, str(labels.get(k, k)), n, k == kind) for k, n in kinds],
    }


def _all_text(limit: int | None = None) -> Concat:
    space = Value(" ", output_field=TextField())
    parts: list[Any] = ["text_b", "text_c", "text_d"]
    if limit is not None:
        parts = [Substr(part, 1, limit) for part in parts]
    return Concat(parts[0], space, parts[1], space, parts[2], output_field=TextField())


def _snippet(raw: str | None, fallback: str) -> SafeString:
    if raw is None:
        text = fallback[:240] + ("…" if len(fallback) > 240 else "")
        return mark_safe(escape(text))  # noqa: S308 - escaped just above
    html = escape(raw).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped, then only our own <mark> added


def matches(
    *, user: Any, q: str | None, body: str = "", year: int | None = None, kind: str = ""
) -> QuerySet[SearchEntry] | None:
    """The index rows ``user`` may see that match ``q`` and the chosen facets, unordered
    (None for a query with nothing to search). The same filter as the results page: what a
    saved search mails is what its owner would find on the page now."""
    cq = clean(q)
    if cq.is_empty:
        return None
    match, _combined = _match(cq, configs_in_use())
    selected = _filters(body, year, kind)
    return (
        _rows()
        .filter(visible_q(user))
        .filter(match)
        .filter(selected["body"] & selected["year"] & selected["kind"])
    )


def meeting_ids(*, user: Any, q: str | None) -> QuerySet[SearchEntry, Any] | None:
    """The ids of the meetings whose rows ``user`` may find match ``q`` (the meeting, an
    item or an attachment), as a subquery: the API's ``/api/meetings/?q=``. None when the
    query has nothing to search (the list is then not narrowed)."""
    return _owner_ids(user=user, q=q, scope=Scope.MEETINGS)


def agreement_ids(*, user: Any, q: str | None) -> QuerySet[SearchEntry, Any] | None:
    """The ids of the agreements whose rows ``user`` may find match ``q`` (the agreement, a
    goal, an indicator, a track, a plan matrix, a document that is not internal, an
    evaluation), as a subquery: ``/api/agreements/?q=``."""
    return _owner_ids(user=user, q=q, scope=Scope.AGREEMENTS)


def request_ids(*, user: Any, q: str | None) -> QuerySet[SearchEntry, Any] | None:
    """The ids of the requests for input whose rows ``user`` may find match ``q`` (the
    request's title and introduction), as a subquery: ``/api/requests-for-input/?q=``."""
    return _owner_ids(user=user, q=q, scope=Scope.REQUESTS)


def _owner_ids(*, user: Any, q: str | None, scope: str) -> QuerySet[SearchEntry, Any] | None:
    rows = matches(user=user, q=q)
    if rows is None:
        return None
    return rows.filter(scope=scope).values("owner_id")


def saved_searches(*, user: Any) -> list[Any]:
    """The user's saved searches, newest first (none for the anonymous)."""
    from search.models import SavedSearch

    if not getattr(user, "is_authenticated", False):
        return []
    return list(SavedSearch.objects.filter(user=user))


def search(
    *,
    user: Any,
    q: str | None,
    body: str = "",
    year: int | None = None,
    kind: str = "",
    sort: str = "relevance",
    page: int = 1,
    per_page: int = PER_PAGE,
) -> SearchResult:
    """Search what ``user`` may see. Never raises on the query text: bad input gives an
    empty result that says why (``query.is_empty``, ``only_stop_words``). Results are
    kept per index version and rights (``search.kept``)."""
    return kept.for_rights(
        user,
        (q, body, year, kind, sort, page, per_page),
        lambda: _search(
            user=user,
            q=q,
            body=body,
            year=year,
            kind=kind,
            sort=sort,
            page=page,
            per_page=per_page,
        ),
    )


# Rows ordered as results are cut: newest first (``search_entry_newest_idx``).
NEWEST = (F("date").desc(nulls_last=True), F("pk").desc())
# How many of the newest rows a search reads first: a query of common words ("bilag",
# "beskæftigelse indsats borgere", "kvote flygtninge") matches many of them, so its newest
# CANDIDATES are found here without the GIN index handing over every match in the country
# (tens or hundreds of thousands of rows at national size, 0.5-1 s). A rarer query finds
# fewer and is asked again of the GIN index, which is fast for it. Measured on the bench's
# national index (docs/search.md): 50-65 ms for the newest 50,000 rows, found or not.
RECENT_ROWS = 50_000
# Where the newest RECENT_ROWS begin moves slowly, and any edge gives the right rows (the
# window then only holds a few more or fewer): it is looked up once per EDGE_SECONDS.
EDGE_SECONDS = 600


def _with_bodies(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` with their body's slug and name (``body__slug``, ``body__name``), from one
    query of the few bodies among them: joined in the query that finds the rows, the
    planner's guess of one matching row made it read the bodies once per row."""
    from councils.models import Body

    ids = {row["body_id"] for row in rows if row["body_id"] is not None}
    bodies = (
        {
            pk: (slug, name)
            for pk, slug, name in Body.objects.filter(pk__in=ids).values_list("pk", "slug", "name")
        }
        if ids
        else {}
    )
    for row in rows:
        # None for a row without a body (a person, a municipality), as the join gave.
        row["body__slug"], row["body__name"] = bodies.get(row["body_id"], (None, None))
    return rows


def _recent_edge() -> Any:
    """The date of the RECENT_ROWS-th newest row: the newest rows are those dated on or
    after it. None when the index is smaller, or the edge falls among the undated rows
    (bodies, persons, municipalities), which sort last."""

    def look_up() -> Any:
        edge = SearchEntry.objects.order_by(*NEWEST).values_list("date", flat=True)[
            RECENT_ROWS - 1 : RECENT_ROWS
        ]
        # "" rather than None, so that "no edge" is kept too.
        return next(iter(edge), None) or ""

    return cache.get_or_set(f"search:recent-edge:{RECENT_ROWS}", look_up, EDGE_SECONDS) or None


def _index_rows() -> float:
    """How many rows the index has, as PostgreSQL last counted them (VACUUM, ANALYZE, a
    CREATE INDEX): -1 when it has not yet. Looked up once per EDGE_SECONDS."""

    def look_up() -> float:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
                [SearchEntry._meta.db_table],
            )
            row = cursor.fetchone()
        return float(row[0]) if row else -1.0

    rows = cache.get_or_set("search:index-rows", look_up, EDGE_SECONDS)
    return float(rows) if rows is not None else -1.0  # None: the cache is down


def _window_pays(combined: Any) -> bool:
    """Whether to read the newest rows first: when the planner expects CANDIDATES matches
    or more among them (its estimate for the whole index, in proportion). A query expected
    to match fewer (a rare word, a name, a typo) is asked of the GIN index at once: it is
    fast there (8 ms at national size), and the window would mostly be read for nothing
    (all 50,000 rows: 50-65 ms). The estimate comes from the statistics ANALYZE keeps of the
    vectors' commonest words; an index never analysed reads the window first, as before
    estimates were asked. A wrong guess costs time, never results: both ways find the same
    rows."""
    if _recent_edge() is None:
        return False  # the index is smaller than the window: the GIN index at once
    rows = _index_rows()
    if rows <= 0:
        return True
    return _expected_matches(combined) * RECENT_ROWS / rows >= CANDIDATES


def _expected_matches(combined: Any) -> float:
    """How many rows of the index the planner expects to match ``combined`` (one query,
    planned and not run)."""
    plan = json.loads(SearchEntry.objects.filter(vector=combined).explain(format="json"))
    return float(plan[0]["Plan"]["Plan Rows"])


def _newest(
    visible: Q,
    match: Q,
    unindexed: Q,
    chosen: Q,
    fields: tuple[str, ...],
    *,
    newest_first: bool,
) -> list[dict[str, Any]]:
    """The newest CANDIDATES + 1 rows that are visible, match and meet ``chosen``, as
    ``fields``.

    With ``newest_first`` (many matches expected) and no facet chosen: first among the
    newest RECENT_ROWS rows of the index, each row's vector tested one by one; when that
    gives more than CANDIDATES, they are the newest of all (every row outside is older).
    Otherwise the same query over the whole index through the GIN index."""
    edge = _recent_edge() if newest_first and not chosen else None
    if edge is not None:
        recent_rows = (
            _rows()
            # Every row of the edge's day: still the newest rows of the index (a day more
            # or less), in one range of search_entry_newest_idx.
            .filter(date__gte=edge)
            # A row without a vector exists only inside its own reindex's transaction; the
            # GIN path never finds one (a query of only excluded words would match it here).
            .filter(vector__isnull=False)
            .filter(visible)
            .filter(unindexed)
            .order_by(*NEWEST)
            .values(*fields)[: CANDIDATES + 1]
        )
        with transaction.atomic(), connection.cursor() as cursor:
            # Walk the newest rows in the index's order and stop at CANDIDATES + 1 (9-13 ms
            # for common words at national size). The planner cannot tell how many rows a
            # text matches and otherwise put every visible row of the country in a bitmap
            # (700,000, about 60 ms) beside the window's, to sort them afterwards.
            cursor.execute(
                "SELECT current_setting('enable_bitmapscan'),"
                " set_config('enable_bitmapscan', 'off', true)"
            )
            row = cursor.fetchone()
            before = row[0] if row else "on"
            recent = list(recent_rows)
            # As it was (inside an outer transaction the setting would otherwise last).
            cursor.execute("SELECT set_config('enable_bitmapscan', %s, true)", [before])
        if len(recent) > CANDIDATES:
            return recent
    rows = _rows().filter(visible).filter(match).filter(chosen)
    return list(rows.order_by(*NEWEST).values(*fields)[: CANDIDATES + 1])


def _search(
    *,
    user: Any,
    q: str | None,
    body: str = "",
    year: int | None = None,
    kind: str = "",
    sort: str = "relevance",
    page: int = 1,
    per_page: int = PER_PAGE,
) -> SearchResult:
    cq = clean(q)
    sort = sort if sort in SORTS else "relevance"
    result = SearchResult(query=cq, sort=sort)
    if cq.is_empty:
        return result
    configs = configs_in_use()
    match, combined = _match(cq, configs)
    unindexed, _combined = _match(cq, configs, indexed=False)
    filters = _filters(body, year, kind)
    chosen = filters["body"] & filters["year"] & filters["kind"]
    visible = visible_q(user)
    # One query for the newest CANDIDATES + 1 matches, with what the facets count (the
    # database stops there); a second only when a facet is chosen. What the page counts,
    # facets, ranks and shows is that one capped set, and the heavy match runs once or
    # twice per search, not once per facet.
    facet_fields = ("pk", "kind", "year", "body_id")
    newest_first = uses_postgres() and _window_pays(combined)
    candidates = _with_bodies(
        _newest(visible, match, unindexed, Q(), facet_fields, newest_first=newest_first)
    )
    result.facets = _facets(candidates[:CANDIDATES], body, year, kind)
    if body or year or kind:
        selected = [
            r["pk"] for r in _newest(visible, match, unindexed, chosen, ("pk",), newest_first=False)
        ]
    else:
        selected = [r["pk"] for r in candidates]
    result.total = min(len(selected), CANDIDATES)
    result.capped = len(selected) > CANDIDATES
    if result.total == 0:
        result.only_stop_words = _only_stop_words(cq)
        return result
    ranked = combined is not None and sort == "relevance"
    result.pages = max(1, math.ceil(result.total / per_page))
    result.page = min(max(1, page), result.pages)
    start = (result.page - 1) * per_page
    stop = min(start + per_page, result.total)
    rows: Any
    if ranked:
        rows = (
            # One array parameter, not a thousand: psycopg parses a query's text for its
            # placeholders on every call when it is this long (about 14 ms a search).
            SearchEntry.objects.filter(
                RawSQL(
                    '"search_searchentry"."id" = ANY(%s)',
                    (selected[:CANDIDATES],),
                    output_field=BooleanField(),
                )
            )
            .annotate(rank=SearchRank(F("vector"), combined))
            .order_by("-rank", *NEWEST)
        )
    else:
        # Newest first: the page's rows are already known, in order.
        rows = SearchEntry.objects.filter(pk__in=selected[start:stop]).order_by(*NEWEST)
        start, stop = 0, stop - start
    if combined is not None:
        rows = rows.annotate(
            snippet=SearchHeadline(
                _all_text(HEADLINE_CHARS),
                _own_query(cq, configs),
                config=F("config"),
                start_sel=_START,
                stop_sel=_STOP,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
    else:
        rows = rows.annotate(
            snippet=Value(None, output_field=CharField()),
            opening=Substr(_all_text(), 1, 241),
        )
    labels = dict(EntryKind.choices)
    fields = ["kind", "title", "url", "date", "body__name", "snippet"]
    if combined is None:
        fields.append("opening")
    # Never past the cap: the last page of the date sort ends at the newest CANDIDATES.
    for row in rows.values(*fields)[start:stop]:
        fallback = (row.get("opening") or "").strip()
        result.hits.append(
            Hit(
                kind=row["kind"],
                kind_label=str(labels.get(row["kind"], row["kind"])),
                title=row["title"],
                url=row["url"],
                body=row["body__name"] or "",
                date=row["date"],
                snippet=_snippet(row["snippet"] or None, fallback),
            )
        )
    return result
