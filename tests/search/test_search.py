"""Search on PostgreSQL: Danish stemming, phrases, OR and -word, prefixes, the config per
body language, the index kept current on every write path, bad input, the page and API."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from meetings import services
from search import kept, selectors
from search.models import SearchEntry
from search.services import rebuild

pytestmark = pytest.mark.postgres

anon = AnonymousUser()


def titles(q: str, user: Any = anon, **kwargs: Any) -> list[str]:
    return [h.title for h in selectors.search(user=user, q=q, **kwargs).hits]


def count(q: str, user: Any = anon, **kwargs: Any) -> int:
    return selectors.search(user=user, q=q, **kwargs).total


# --- Language ---------------------------------------------------------------------------


def test_danish_stemming_finds_kvote_when_searching_kvoter(small_world: dict) -> None:
    assert any("kvote" in t for t in titles("kvoter"))


def test_a_phrase_in_quotes_matches_only_the_words_together(small_world: dict) -> None:
    assert titles('"kvote for flygtninge"')
    assert not titles('"flygtninge for kvote"')


def test_minus_word_leaves_out_and_or_takes_either(small_world: dict) -> None:
    assert any("kvote" in t for t in titles("fordeling"))
    assert not any("kvote" in t for t in titles("fordeling -flygtninge"))
    both = titles("zzznothing OR utvecklingsstrategi")
    assert any("utvecklingsstrategi" in t for t in both)


def test_the_last_word_matches_as_a_prefix_while_typing(small_world: dict) -> None:
    assert any("kvote" in t for t in titles("kontaktc"))
    assert titles("kvote flygtn")


def test_each_row_records_the_configuration_of_its_bodys_language(small_world: dict) -> None:
    danish = SearchEntry.objects.filter(object_id=small_world["open_item"].pk, kind="item")
    swedish = SearchEntry.objects.filter(object_id=small_world["sv_item"].pk, kind="item")
    assert {e.config for e in danish} == {"danish"}
    assert {e.config for e in swedish} == {"swedish"}
    # Swedish stemming: "utbildning" finds "utbildningar".
    assert any("utvecklingsstrategi" in t for t in titles("utbildning"))


def test_an_attachment_is_found_by_its_title_and_links_to_its_file(small_world: dict) -> None:
    hits = selectors.search(user=anon, q="dimensionering").hits
    attachment = small_world["attachment"]
    assert [h.url for h in hits if h.kind == "attachment"] == [f"/moeder/bilag/{attachment.pk}/"]


def test_an_item_links_to_its_place_on_the_meeting_page(small_world: dict) -> None:
    item = small_world["open_item"]
    hits = [h for h in selectors.search(user=anon, q="kvote").hits if h.kind == "item"]
    assert hits[0].url == f"/moeder/{item.meeting_id}/#item-{item.pk}"


def test_snippets_highlight_the_words_and_escape_the_text(small_world: dict, committed) -> None:
    item = small_world["open_item"]
    with committed():
        services.agenda_item_update(
            actor=small_world["secretary"],
            item_id=item.pk,
            expected_version=item.version,
            case_text="<p>&lt;script&gt;alert(1)&lt;/script&gt; Q&amp;A kontaktcenter</p>",
        )
        services.agenda_publish(
            actor=small_world["secretary"], meeting_id=item.meeting_id, change_note="Ny tekst"
        )
    (hit,) = [h for h in selectors.search(user=anon, q="kontaktcenter").hits if h.kind == "item"]
    assert "<mark>kontaktcenter</mark>" in hit.snippet
    assert "<script" not in hit.snippet and "Q&amp;A" in hit.snippet


# --- Closed and unpublished content -----------------------------------------------------


def test_a_word_only_in_a_closed_item_changes_nothing_for_the_public(
    small_world: dict, committed
) -> None:
    secretary = small_world["secretary"]
    assert count("Zyxwortel") == 0
    assert count("Zyxwortel", user=secretary) == 1
    before = selectors.search(user=anon, q="kommunerne")
    closed = small_world["closed_item"]
    with committed():
        services.agenda_item_update(
            actor=secretary,
            item_id=closed.pk,
            expected_version=closed.version,
            case_text="<p>Kommunerne drøfter en personalesag.</p>",
        )
        services.agenda_publish(
            actor=secretary, meeting_id=closed.meeting_id, change_note="Lukket punkt"
        )
    after = selectors.search(user=anon, q="kommunerne")
    assert after.total == before.total
    assert after.facets == before.facets
    assert count("kommunerne", user=secretary) == before.total + 1


def test_unpublished_edits_are_found_by_the_secretariat_only(small_world: dict, committed) -> None:
    item = small_world["open_item"]
    with committed():
        services.agenda_item_update(
            actor=small_world["secretary"],
            item_id=item.pk,
            expected_version=item.version,
            title="Fordeling af kvote og Qwertyplan",
        )
    assert count("Qwertyplan") == 0
    assert count("Qwertyplan", user=small_world["secretary"]) == 1


# --- Kept current -----------------------------------------------------------------------


def test_the_index_follows_edit_close_move_bin_and_restore(small_world: dict, committed) -> None:
    secretary = small_world["secretary"]
    item = small_world["open_item"]
    meeting_id = item.meeting_id

    def publish(note: str) -> None:
        services.agenda_publish(actor=secretary, meeting_id=meeting_id, change_note=note)

    with committed():
        item = services.agenda_item_update(
            actor=secretary, item_id=item.pk, expected_version=item.version, title="Nyt Plopord"
        )
        publish("Ny titel")
    (first,) = titles("plopord")
    with committed():
        services.agenda_item_move(actor=secretary, item_id=item.pk, position=item.position + 1)
        publish("Flyttet")
    (moved,) = titles("plopord")
    assert int(moved.split(".")[0]) == int(first.split(".")[0]) + 1
    with committed():
        item.refresh_from_db()
        services.agenda_item_update(
            actor=secretary, item_id=item.pk, expected_version=item.version, is_closed=True
        )
        publish("Lukket")
    assert titles("plopord") == []
    assert titles("plopord", user=secretary) == [moved]
    with committed():
        services.agenda_item_delete(actor=secretary, item_id=item.pk)
    assert titles("plopord", user=secretary) == []
    with committed():
        services.agenda_item_restore(actor=secretary, item_id=item.pk)
    assert titles("plopord", user=secretary) == [moved]


def test_deleting_a_meeting_removes_its_rows(small_world: dict, committed) -> None:
    meeting = small_world["meeting"]
    with committed():
        meeting.delete()
    assert not SearchEntry.objects.filter(scope="meetings", owner_id=meeting.pk).exists()


def test_the_rebuild_command_writes_the_same_rows_again(small_world: dict) -> None:
    def rows() -> set:
        return set(SearchEntry.objects.values_list("kind", "object_id", "audience", "title"))

    before = rows()
    SearchEntry.objects.all().delete()
    counts = rebuild()
    # The bodies were made by a factory outside a commit; the rebuild indexes them too.
    assert before and before <= rows()
    assert {r for r in rows() if r[0] != "body"} == {r for r in before if r[0] != "body"}
    assert counts["meeting"] > 0 and counts["body"] >= 2


def test_a_bulk_update_that_bypasses_save_reaches_the_index(
    small_world: dict, committed: Any
) -> None:
    """Renumbering updates rows without save(); the services' _touch signals the meeting."""
    from meetings.models import AgendaItem
    from meetings.services.common import _touch

    item = small_world["open_item"]
    with committed():
        AgendaItem.objects.filter(pk=item.pk).update(title="Masseopdateret")
        _touch(small_world["meeting"])
    (found,) = titles("masseopdateret", user=small_world["secretary"])
    assert found.endswith(". Masseopdateret")


# --- Bad input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "q",
    [
        "",
        "   ",
        "og",
        "og i at",
        '"kvote',
        'kvote"" "',
        "x" * 10_000,
        "kvote " * 3000,
        "\x01\x02\x7f\u200b",
        "-",
        "OR",
        "!!! ::: & | <->",
        "kvote:*",
        "'; DROP TABLE search_searchentry; --",
    ],
)
def test_bad_input_gives_a_page_never_an_error(small_world: dict, client: Client, q: str) -> None:
    response = client.get("/soeg/", {"q": q})
    assert response.status_code == 200
    response = client.get("/api/search/", {"q": q})
    assert response.status_code == 200


def test_nul_bytes_and_control_characters_are_dropped_from_the_query(small_world: dict) -> None:
    # Over HTTP a NUL byte is refused by the portal's input guard (a 400 page) before any view.
    result = selectors.search(user=anon, q="kvo\x00te\x01r")
    assert result.query.text == "kvo te r"
    assert selectors.search(user=anon, q="kvoter\x00").total >= 1


def test_only_stop_words_says_so(small_world: dict, client: Client) -> None:
    result = selectors.search(user=anon, q="og i at")
    assert result.total == 0 and result.only_stop_words
    assert not selectors.search(user=anon, q="zzqqxx").only_stop_words


def test_a_very_long_query_is_cut_and_the_page_says_so(small_world: dict) -> None:
    result = selectors.search(user=anon, q="kvote " * 3000)
    assert result.query.truncated and len(result.query.text) <= 200


# --- The page ---------------------------------------------------------------------------


def test_the_page_shows_facets_with_counts_and_filters_by_them(
    small_world: dict, client: Client
) -> None:
    response = client.get("/soeg/", {"q": "kvote OR utvecklingsstrategi"})
    assert response.status_code == 200
    facets = [f["values"] for f in response.context["facets"]]
    assert len(facets) == 3  # body, year, kind
    bodies = {v["value"].label: v["value"].count for v in facets[0]}
    assert bodies.get("KKR Søg", 0) >= 1 and bodies.get("Skåne Nordost", 0) >= 1
    only = client.get("/soeg/", {"q": "kvote OR utvecklingsstrategi", "organ": "skane-nordost"})
    assert {h.body for h in only.context["result"].hits} == {"Skåne Nordost"}


def test_the_page_sorts_by_date(small_world: dict, client: Client) -> None:
    hits = client.get("/soeg/", {"q": "kommunerne", "sortering": "date"}).context["result"].hits
    dates = [h.date for h in hits]
    assert dates == sorted(dates, reverse=True)


def test_an_empty_search_suggests_what_to_try(small_world: dict, client: Client) -> None:
    response = client.get("/soeg/", {"q": "zzqqxx"})
    assert b"fewer words" in response.content or "færre ord" in response.content.decode()


def test_every_page_has_the_search_field_in_its_header(db: None, client: Client) -> None:
    html = client.get("/").content.decode()
    assert 'role="search"' in html and 'for="site-search-q"' in html and 'action="/soeg/"' in html


def _publish_meeting_with_items(small_world: dict, committed: Any, n: int) -> None:
    secretary = small_world["secretary"]
    with committed():
        meeting = services.meeting_schedule(
            actor=secretary,
            body=small_world["body"],
            starts_at=small_world["meeting"].starts_at,
            place="Et sted",
        )
        for i in range(n):
            services.agenda_item_add(
                actor=secretary, meeting=meeting, title=f"Tællepunkt nummer {i}"
            )
        services.agenda_publish(actor=secretary, meeting_id=meeting.pk)


@pytest.mark.parametrize("role", ["anon", "secretary"])
def test_the_results_page_query_count_does_not_grow_with_the_hits(
    small_world: dict, committed: Any, django_assert_num_queries: Any, role: str
) -> None:
    client = Client()
    if role == "secretary":
        client.force_login(small_world["secretary"])
    _publish_meeting_with_items(small_world, committed, 3)
    client.get("/soeg/", {"q": "tællepunkt"})  # sessions, caches
    # The search itself is measured, not the public's kept result (search.kept).
    kept.index_changed()
    with CaptureQueriesContext(connection) as few:
        response = client.get("/soeg/", {"q": "tællepunkt"})
    assert response.context["result"].total == 3
    _publish_meeting_with_items(small_world, committed, 27)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/soeg/", {"q": "tællepunkt"})
    assert response.context["result"].total == 30


def test_a_person_and_a_municipality_are_found_by_their_names(
    small_world: dict, committed: Any, client: Client
) -> None:
    from tests.factories import MunicipalityFactory, PersonFactory

    with committed():
        PersonFactory(name="Zakarias Ølgaardsen", slug="zakarias-oelgaardsen")
        MunicipalityFactory(name="Ølgaardsen Kommune", region=small_world["body"].region)
    result = selectors.search(user=AnonymousUser(), q="ølgaardsen")
    assert sorted(h.kind for h in result.hits) == ["municipality", "person"]
    assert result.facets["body"] == []
    response = client.get("/soeg/", {"q": "ølgaardsen"})
    assert response.status_code == 200
    assert "Zakarias Ølgaardsen" in response.content.decode()


# --- API --------------------------------------------------------------------------------


def test_the_api_answers_with_hits_facets_and_strict_parameters(
    small_world: dict, client: Client
) -> None:
    data = client.get("/api/search/", {"q": "kvoter"}).json()
    assert data["count"] >= 1
    assert data["results"][0]["url"].startswith("http://testserver/")
    assert {"body", "year", "kind"} <= set(data["facets"])
    assert client.get("/api/search/", {"q": "kvote", "year": "abc"}).status_code == 400
    assert client.get("/api/search/", {"q": "kvote", "kind": "secret"}).status_code == 400
    assert client.get("/api/search/", {"q": "kvote", "page": "99"}).status_code == 404
    closed = client.get("/api/search/", {"q": "Zyxwortel"}).json()
    assert closed["count"] == 0 and closed["facets"]["kind"] == []


def test_the_sqlite_fallback_matches_words_with_the_same_access_filter(
    small_world: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("search.selectors.uses_postgres", lambda: False)
    assert any("kvote" in t for t in titles("kvote flygtninge"))
    assert not any("kvote" in t for t in titles("kvote -flygtninge"))
    assert titles("Zyxwortel") == []
    (found,) = titles("Zyxwortel", user=small_world["secretary"])
    assert found.endswith(". Personalesag")
