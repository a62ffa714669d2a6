"""A search of common words reads only the newest rows of the index (``search.selectors.
_newest``): the newest CANDIDATES matches found there are the newest of all, and a search
that finds too few there is asked of the whole index. Both ways must give the same results,
with the same visibility. The window and the cap are made small here so a handful of
meetings exercise both ways (twenty rows a meeting: three audiences of the meeting, of its
open item and of the four standard items, two of its closed item; the newest 120 rows are
the last six days)."""

from __future__ import annotations

import math
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings import services
from search import selectors
from tests.factories import AffiliationFactory, BodyFactory, RegionFactory, UserFactory
from tests.search.conftest import at

pytestmark = pytest.mark.postgres


@pytest.fixture
def week_of_meetings(db: None, committed: Any) -> dict[str, Any]:
    """Ten published meetings on ten days, each with an item about "vindmøller" and a
    closed one about "vindmøller" too; the oldest also with a rare word."""
    region = RegionFactory(country="DK", name="Region Vind", slug="region-vind")
    body = BodyFactory(name="KKR Vind", slug="kkr-vind", region=region)
    secretary = UserFactory(username="vind-sekretariat")
    AffiliationFactory(user=secretary, body=body)
    for day in range(10):
        with committed():
            meeting = services.meeting_schedule(
                actor=secretary, body=body, starts_at=at(-30 + day), place=f"Sal {day}"
            )
            services.agenda_item_add(
                actor=secretary,
                meeting=meeting,
                title=f"Vindmøller på land, dag {day}",
                case_text="<p>Placering af vindmøller.</p>"
                + ("<p>Om Kværnstensudvalget.</p>" if day == 0 else ""),
            )
            services.agenda_item_add(
                actor=secretary,
                meeting=meeting,
                title=f"Lukket punkt om vindmøller, dag {day}",
                is_closed=True,
            )
            services.agenda_publish(actor=secretary, meeting_id=meeting.pk)
    return {"body": body, "secretary": secretary}


def _run(
    user: Any, q: str, *, window: int, monkeypatch: Any, estimate: bool = False, **facets: Any
) -> tuple[Any, str]:
    """The result, and the ways its matches were read: "N" for the newest rows (each
    vector tested), "G" for the GIN index, in order. ``estimate``: whether to read the
    window first is the planner's call (``_window_pays``); by default it is always read
    first, the way these tests compare with the GIN index's."""
    monkeypatch.setattr(selectors, "RECENT_ROWS", window)
    if not estimate:
        monkeypatch.setattr(selectors, "_window_pays", lambda combined: True)
    cache.delete(f"search:recent-edge:{window}")
    cache.delete("search:index-rows")
    with CaptureQueriesContext(connection) as queries:
        result = selectors._search(user=user, q=q, **facets)
    ways = ""
    for query in queries:
        if query["sql"].startswith("EXPLAIN"):
            continue  # the planner's estimate (_expected_matches), not a way to read
        if '"vector" @@' in query["sql"]:
            ways += "G"
        elif 'COALESCE("search_searchentry"."vector"' in query["sql"]:
            ways += "N"
    return result, ways


@pytest.mark.parametrize("who", ["public", "secretary"])
def test_common_words_are_found_among_the_newest_rows_as_in_the_whole_index(
    week_of_meetings: dict[str, Any], monkeypatch: Any, who: str
) -> None:
    user = AnonymousUser() if who == "public" else week_of_meetings["secretary"]
    monkeypatch.setattr(selectors, "CANDIDATES", 4)
    whole, ways = _run(user, "vindmøller", window=10**6, monkeypatch=monkeypatch)
    assert ways == "G"  # fewer rows than the window: no edge, the index at once
    newest, ways = _run(user, "vindmøller", window=120, monkeypatch=monkeypatch)
    assert ways == "N", "the newest rows were not read first, or not found enough there"
    assert whole.capped and newest.capped
    assert [h.title for h in newest.hits] == [h.title for h in whole.hits]
    assert newest.facets == whole.facets
    # The newest first: the four latest days, and what this user may see of them.
    titles = {h.title for h in newest.hits}
    if who == "public":
        assert not any(t.startswith("Lukket") for t in titles)
    assert {t.rsplit(" ", 1)[1] for t in titles if "dag" in t} <= {"6", "7", "8", "9"}


def test_a_word_only_in_old_rows_is_found_in_the_whole_index(
    week_of_meetings: dict[str, Any], monkeypatch: Any
) -> None:
    monkeypatch.setattr(selectors, "CANDIDATES", 4)
    result, ways = _run(AnonymousUser(), "kværnstensudvalget", window=120, monkeypatch=monkeypatch)
    assert ways == "NG"
    assert [h.title.split(". ", 1)[1] for h in result.hits] == ["Vindmøller på land, dag 0"]
    assert result.total == 1 and not result.capped


def test_a_chosen_facet_is_asked_of_the_whole_index(
    week_of_meetings: dict[str, Any], monkeypatch: Any
) -> None:
    monkeypatch.setattr(selectors, "CANDIDATES", 4)
    year = at(-30).year
    result, ways = _run(
        AnonymousUser(), "vindmøller", window=120, monkeypatch=monkeypatch, year=year, kind="item"
    )
    # The facets' counts from the newest rows; the chosen ones' results from the index.
    assert ways == "NG"
    assert result.total == 4 and result.capped
    assert all(h.kind == "item" and h.date.year == year for h in result.hits)


@pytest.mark.parametrize("before", ["on", "off"])
def test_the_newest_rows_query_leaves_the_bitmap_setting_as_it_found_it(
    week_of_meetings: dict[str, Any], monkeypatch: Any, before: str
) -> None:
    # The window's query turns bitmap scans off for itself; inside a transaction (a request
    # under ATOMIC_REQUESTS, a test) the setting would otherwise last for every later query.
    monkeypatch.setattr(selectors, "CANDIDATES", 4)
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('enable_bitmapscan', %s, false)", [before])
        try:
            _result, ways = _run(AnonymousUser(), "vindmøller", window=120, monkeypatch=monkeypatch)
            assert ways == "N"
            cursor.execute("SHOW enable_bitmapscan")
            assert cursor.fetchone()[0] == before
        finally:
            cursor.execute("SELECT set_config('enable_bitmapscan', 'on', false)")


def test_a_query_expected_to_match_few_rows_is_asked_of_the_gin_index_at_once(
    week_of_meetings: dict[str, Any], monkeypatch: Any
) -> None:
    # The planner's estimate comes from the statistics ANALYZE keeps of the vectors' words
    # (the rebuild runs it): "vindmøller" is in every meeting's rows, "kværnstensudvalget"
    # in the oldest's only. On so small an index the estimates are rough, so the cap is set
    # between what each is expected to have among the window's rows.
    from search.services import rebuild

    rebuild(kinds=["body"])
    cache.delete("search:index-rows")
    rows, window = selectors._index_rows(), 120
    assert rows == selectors.SearchEntry.objects.count()

    def expected_in_window(q: str) -> float:
        combined = selectors._match(selectors.clean(q), selectors.configs_in_use())[1]
        return selectors._expected_matches(combined) * window / rows

    rare, common = expected_in_window("kværnstensudvalget"), expected_in_window("vindmøller")
    cap = math.floor(rare) + 1
    assert cap <= common, (rare, common)
    monkeypatch.setattr(selectors, "CANDIDATES", cap)

    found, ways = _run(
        AnonymousUser(), "kværnstensudvalget", window=window, monkeypatch=monkeypatch, estimate=True
    )
    assert ways == "G", "a rare word read the newest rows for nothing"
    assert [h.title.split(". ", 1)[1] for h in found.hits] == ["Vindmøller på land, dag 0"]
    found, ways = _run(
        AnonymousUser(), "vindmøller", window=window, monkeypatch=monkeypatch, estimate=True
    )
    assert ways.startswith("N"), "a common word was not read from the newest rows first"
    assert found.hits and not any(h.title.startswith("Lukket") for h in found.hits)


def test_an_index_the_planner_has_not_counted_reads_the_newest_rows_first(
    week_of_meetings: dict[str, Any], monkeypatch: Any
) -> None:
    # reltuples is -1 until a table is first vacuumed or analysed (a restored database):
    # the planner's estimates then rest on defaults, so the window is read first, as it was
    # before estimates were asked, rather than sending every search to the GIN index.
    monkeypatch.setattr(selectors, "RECENT_ROWS", 120)
    cache.delete("search:recent-edge:120")
    combined = selectors._match(selectors.clean("kværnstensudvalget"), selectors.configs_in_use())[
        1
    ]
    monkeypatch.setattr(selectors, "_index_rows", lambda: -1.0)
    assert selectors._window_pays(combined) is True
    # Smaller than the window: no edge, the GIN index at once whatever the estimate.
    monkeypatch.setattr(selectors, "RECENT_ROWS", 10**6)
    cache.delete(f"search:recent-edge:{10**6}")
    assert selectors._window_pays(combined) is False
