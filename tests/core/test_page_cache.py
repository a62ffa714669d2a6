"""The public's pages are kept whole and served again until a write (``core.page_cache``,
decision 0035): the invalidation rule, who is served a kept page, and the 304."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import page_cache
from councils import services as council_services
from councils.models import Body
from meetings import services
from meetings.models import AgendaItem
from notifications.models import OutgoingEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def kd_net(demo) -> Body:
    return Body.objects.get(slug="kd-net-midtjylland")


@pytest.fixture
def meeting(kd_net):
    start = timezone.now().replace(microsecond=0) + timezone.timedelta(days=30)
    meeting = services.meeting_schedule(
        actor=None, body=kd_net, starts_at=start, ends_at=start + timezone.timedelta(hours=2)
    )
    services.agenda_item_add(
        actor=None, meeting=meeting, title="Trafikplan for Østjylland", case_text="<p>Tekst</p>"
    )
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    return meeting


def _queries(client: Client, url: str, **headers: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return len(queries), response


def test_a_public_page_is_served_again_without_the_database(client: Client, kd_net) -> None:
    url = kd_net.get_absolute_url()
    made, first = _queries(client, url)
    served, second = _queries(client, url)
    assert made > 0 and served == 0
    assert second.status_code == 200 and second.content == first.content
    assert second["ETag"] == first["ETag"] and first["ETag"].startswith('"')
    assert "no-cache" in second["Cache-Control"]


def test_a_browser_with_the_page_gets_a_304(client: Client, kd_net) -> None:
    url = kd_net.get_absolute_url()
    etag = client.get(url)["ETag"]
    served, response = _queries(client, url, if_none_match=etag)
    assert response.status_code == 304 and served == 0 and response.content == b""
    assert response["ETag"] == etag
    # A copy from before a change is not current any more.
    council_services.body_update(
        actor=None, body_id=kd_net.pk, expected_version=kd_net.version, description="Ny tekst"
    )
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 200 and "Ny tekst" in again.content.decode()


def test_a_304_reads_the_kept_headers_only_never_the_kept_body(
    client: Client, kd_net, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A list of 100 meetings is megabytes: a caller with a current copy gets its 304
    without the answer being read from Redis."""
    url = kd_net.get_absolute_url()
    etag = client.get(url)["ETag"]
    asked: list[str] = []
    real_get = page_cache.cache.get

    def get(key: str, *args: object, **kwargs: object) -> object:
        asked.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(page_cache.cache, "get", get)
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 304 and response["ETag"] == etag
    pages = [key for key in asked if "cache_page" in key]
    assert pages and all(key.endswith(page_cache.HEAD_SUFFIX) for key in pages)
    # Without a copy the kept body is served as before.
    asked.clear()
    full = client.get(url)
    assert full.status_code == 200
    assert any("cache_page" in key and not key.endswith(page_cache.HEAD_SUFFIX) for key in asked)
    # With an older copy (another ETag) the whole page, never the headers without the body.
    other = client.get(url, headers={"if-none-match": '"an-older-copy"'})
    assert other.status_code == 200 and other.content == full.content


def test_the_first_answer_already_answers_a_conditional_request(client: Client, kd_net) -> None:
    etag = client.get(kd_net.get_absolute_url())["ETag"]
    cache.clear()  # the kept page is gone; the page is made again and compared
    response = client.get(kd_net.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 304


def test_a_body_renamed_shows_on_the_next_view(client: Client, kd_net, meeting) -> None:
    for url in (kd_net.get_absolute_url(), meeting.get_absolute_url(), reverse("home")):
        assert "KD-Net Midtjylland" in client.get(url).content.decode()
    # Renamed by the administrator (the admin saves the model).
    kd_net.name = "KD-Net Region Midt"
    kd_net.save()
    for url in (kd_net.get_absolute_url(), meeting.get_absolute_url(), reverse("home")):
        assert "KD-Net Region Midt" in client.get(url).content.decode(), url


def test_a_version_published_shows_on_the_next_view(client: Client, meeting) -> None:
    url = meeting.get_absolute_url()
    assert "Fælles indkøb" not in client.get(url).content.decode()
    services.agenda_item_add(actor=None, meeting=meeting, title="Fælles indkøb af it")
    # A draft change is not shown to the public, kept page or not.
    assert "Fælles indkøb" not in client.get(url).content.decode()
    services.agenda_publish(actor=None, meeting_id=meeting.pk, change_note="Nyt punkt")
    assert "Fælles indkøb" in client.get(url).content.decode()


def test_an_item_closed_after_publishing_is_hidden_on_the_next_view(
    client: Client, meeting
) -> None:
    url = meeting.get_absolute_url()
    assert "Trafikplan for Østjylland" in client.get(url).content.decode()
    item = AgendaItem.objects.get(meeting=meeting, title="Trafikplan for Østjylland")
    services.agenda_item_update(
        actor=None, item_id=item.pk, expected_version=item.version, is_closed=True
    )
    # The public sees published versions: closing shows with the next one.
    services.agenda_publish(actor=None, meeting_id=meeting.pk, change_note="Punktet lukket")
    assert "Trafikplan for Østjylland" not in client.get(url).content.decode()


def test_a_bulk_update_past_save_starts_a_new_generation(client: Client, meeting) -> None:
    client.get(meeting.get_absolute_url())
    before = cache.get(page_cache.GENERATION_KEY)
    AgendaItem.objects.filter(meeting=meeting).update(title="Ændret uden save()")
    assert cache.get(page_cache.GENERATION_KEY) != before
    made, _response = _queries(client, meeting.get_absolute_url())
    assert made > 0


def test_writes_the_public_never_sees_keep_the_kept_pages(client: Client, kd_net) -> None:
    url = kd_net.get_absolute_url()
    client.get(url)
    before = cache.get(page_cache.GENERATION_KEY)
    OutgoingEmail.objects.create(
        key="page-cache-test", to="a@example.org", subject="Hej", text="Tekst"
    )
    assert cache.get(page_cache.GENERATION_KEY) == before
    served, _response = _queries(client, url)
    assert served == 0


def test_a_translation_or_code_changed_makes_new_keys(
    tmp_path: Path, client: Client, kd_net
) -> None:
    catalogue = tmp_path / "locale" / "da" / "LC_MESSAGES" / "django.mo"
    catalogue.parent.mkdir(parents=True)
    catalogue.write_bytes(b"first")
    code = tmp_path / "app" / "views.py"
    code.parent.mkdir()
    code.write_text("A = 1\n")

    def build() -> str:
        return page_cache._build_id([tmp_path / "locale", tmp_path / "app"], tmp_path)

    first = build()
    catalogue.write_bytes(b"second")
    second = build()
    code.write_text("A = 2\n")
    assert len({first, second, build()}) == 3
    # Another release, or the same files under another folder, as on another host.
    assert page_cache._build_id([tmp_path / "app"], tmp_path, "v2") != page_cache._build_id(
        [tmp_path / "app"], tmp_path
    )
    copy = tmp_path / "other" / "app"
    copy.mkdir(parents=True)
    (copy / "views.py").write_text(code.read_text())
    assert page_cache._build_id([copy], tmp_path / "other") == page_cache._build_id(
        [tmp_path / "app"], tmp_path
    )
    # The build is part of every key: a new one serves nothing kept by the old.
    url = kd_net.get_absolute_url()
    client.get(url)
    old = page_cache.build()
    try:
        page_cache._build = "another-build"
        made, _response = _queries(client, url)
        assert made > 0
    finally:
        page_cache._build = old


def test_a_generation_redis_refuses_stops_this_process_serving_kept_pages(
    client: Client, kd_net, monkeypatch, caplog
) -> None:
    url = kd_net.get_absolute_url()
    client.get(url)
    redis = cache._cache

    def refuse(*args: object, **kwargs: object) -> None:
        raise ConnectionError("Redis said no")

    monkeypatch.setattr(redis, "get_client", refuse)
    page_cache.public_changed()  # the write it stands for is not refused
    assert "no new generation" in caplog.text
    monkeypatch.undo()
    try:
        made, _response = _queries(client, url)
        assert made > 0
    finally:
        page_cache._unsure_until = 0.0
    served, _response = _queries(client, url)
    assert served == 0


def test_each_write_starts_a_generation_and_the_commit_once_more(meeting) -> None:
    from django.db import connection, transaction

    seen = []
    real = page_cache.public_changed

    def commit_bumps() -> int:
        return sum(isinstance(f, page_cache._Bump) for _s, f, _r in connection.run_on_commit)

    try:
        page_cache.public_changed = lambda: seen.append(1)  # type: ignore[assignment]
        before = commit_bumps()
        with transaction.atomic():
            for title in ("Ét", "To", "Tre"):
                AgendaItem.objects.filter(meeting=meeting).update(title=title)
            assert len(seen) == 3
            assert commit_bumps() == before + 1  # one for the commit, however many writes
    finally:
        page_cache.public_changed = real


def test_the_publics_rest_answers_are_kept_per_format_and_language(client: Client, kd_net) -> None:
    url = "/api/bodies/"
    first = client.get(url, headers={"accept": "application/json"})
    served, again = _queries(client, url, accept="application/json")
    assert served == 0 and again.content == first.content
    assert again["Content-Type"] == first["Content-Type"] == "application/json"
    # Kept as bytes: a DRF answer would pickle its data too, every object of the list.
    assert type(again) is HttpResponse and not hasattr(again, "data")
    browsable = client.get(url, headers={"accept": "text/html"})
    assert browsable["Content-Type"].startswith("text/html")
    english = client.get(url, headers={"accept": "application/json", "accept-language": "en"})
    assert english["Content-Language"] == "en" and again["Content-Language"] == "da"
    # A token (any Authorization header) is never served a kept answer.
    made, _response = _queries(
        client, url, accept="application/json", authorization="Bench made-each-time"
    )
    assert made > 0


def test_each_language_has_its_own_page(client: Client, kd_net) -> None:
    url = kd_net.get_absolute_url()
    danish = client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert 'lang="da"' in danish and 'lang="en"' in english


def test_signed_in_users_are_never_served_a_kept_page(client: Client, kd_net) -> None:
    url = kd_net.get_absolute_url()
    client.get(url)
    client.post(reverse("accounts:login"), {"username": "sekretariat", "password": "demo-kkr-2026"})
    made, response = _queries(client, url)
    assert made > 0
    assert "Logget ind som" in response.content.decode()


def test_a_page_with_the_visitors_csrf_token_is_theirs_alone(client: Client, kd_net) -> None:
    # The subscription form carries a CSRF token: the page sets the cookie, so it is not
    # kept; a visitor who already has the cookie is not served another's page either.
    url = reverse("notifications:subscribe", args=[kd_net.slug])
    first = client.get(url)
    assert first.status_code == 200 and first.cookies["csrftoken"].value
    for visitor in (Client(), client):
        made, response = _queries(visitor, url)
        assert made > 0 and response.status_code == 200


def test_head_is_answered_from_the_kept_page(client: Client, kd_net) -> None:
    url = kd_net.get_absolute_url()
    kept = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.head(url)
    assert response.status_code == 200 and len(queries) == 0
    # The test client empties every HEAD body itself: ask the middleware directly.
    request = RequestFactory().head(url)
    request.LANGUAGE_CODE = "da"
    answer = page_cache.PublicPageCacheMiddleware(lambda request: HttpResponse(b"made"))(request)
    assert answer.status_code == 200 and answer.content == b""
    assert answer["ETag"] == kept["ETag"]


def test_the_language_form_works_without_a_csrf_token(client: Client) -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    page = strict.get("/").content.decode()
    assert "csrfmiddlewaretoken" not in page


def test_switched_off_with_zero_seconds(client: Client, kd_net, settings) -> None:
    settings.PAGE_CACHE_SECONDS = 0
    url = kd_net.get_absolute_url()
    client.get(url)
    made, _response = _queries(client, url)
    assert made > 0


def test_oparl_answers_are_kept_per_language_and_answer_if_modified_since(
    client: Client, kd_net
) -> None:
    url = "/oparl/v1.1/body/"
    first = client.get(url)
    assert first.status_code == 200 and first["Last-Modified"]
    served, again = _queries(client, url)
    assert served == 0 and again.content == first.content
    assert again["Access-Control-Allow-Origin"] == "*"
    # OParl answers in Accept-Language: each language is kept on its own.
    english = client.get(url, headers={"accept-language": "en"})
    assert english["Content-Language"] == "en" and again["Content-Language"] == "da"
    assert client.get(url, headers={"accept-language": "sv"})["Content-Language"] == "sv"
    served, current = _queries(client, url, if_modified_since=first["Last-Modified"])
    assert current.status_code == 304 and served == 0
