"""Writing the search index: replace the rows of one thing, or rebuild everything.

``reindex(kind=..., pk=...)`` deletes the thing's rows and writes them again from
``search.sources`` (the rows of every audience at once), in one transaction; on PostgreSQL
it then computes the weighted ``tsvector`` of the new rows in the database, with each row's
own text search configuration. Called after commit by ``search.receivers`` (every save,
delete and meetings' bulk paths) and by ``manage.py rebuild_search_index``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from search import public_cache
from search.backend import uses_postgres
from search.models import SearchEntry
from search.sources import BUILDERS, EntryData


def _rows_of(kind: str, pk: int) -> Q:
    _builder, scope, public_kind = BUILDERS[kind]
    if public_kind is not None:
        return Q(kind=public_kind, object_id=pk)
    return Q(scope=scope, owner_id=pk)


def _vector() -> Any:
    config = F("config")
    return (
        SearchVector("title", weight="A", config=config)
        + SearchVector("text_b", weight="B", config=config)
        + SearchVector("text_c", weight="C", config=config)
        + SearchVector("text_d", weight="D", config=config)
    )


def _model(entry: EntryData, first_seen: dict[tuple[str, int, str], Any]) -> SearchEntry:
    when = first_seen.get((entry.kind, entry.object_id, entry.audience))
    return SearchEntry(
        first_indexed_at=when or timezone.now(),
        kind=entry.kind,
        object_id=entry.object_id,
        scope=entry.scope,
        audience=entry.audience,
        owner_id=entry.owner_id,
        body_id=entry.body_id,
        date=entry.date,
        year=entry.year,
        config=entry.config,
        title=entry.title[:500],
        url=entry.url[:500],
        text_b=entry.text_b,
        text_c=entry.text_c,
        text_d=entry.text_d,
    )


def _write(
    entries: list[EntryData], first_seen: dict[tuple[str, int, str], Any] | None = None
) -> int:
    created = SearchEntry.objects.bulk_create(
        [_model(e, first_seen or {}) for e in entries], batch_size=500
    )
    if created and uses_postgres():
        SearchEntry.objects.filter(pk__in=[e.pk for e in created]).update(vector=_vector())
    return len(created)


@transaction.atomic
def reindex(*, kind: str, pk: int) -> int:
    """Replace the index rows of one thing (``kind`` is a key of ``sources.BUILDERS``:
    meeting, newsletter, agreement, request, body, person, municipality) with rows built
    from what each audience may see of it now; a thing that no longer exists leaves no
    rows. Returns the number of rows written."""
    builder, _scope, _public_kind = BUILDERS[kind]
    rows = SearchEntry.objects.filter(_rows_of(kind, pk))
    # Rows rewritten keep the time their audience could first find the thing (saved
    # searches mail a thing once, when it appears, not on every edit).
    first_seen = {
        (k, o, a): when
        for k, o, a, when in rows.values_list("kind", "object_id", "audience", "first_indexed_at")
    }
    rows.delete()
    # Titles made here ("Bilag 1: ...", "Møde 01.02.2027") are read by everyone: they are
    # built in the portal's language, never in that of whoever's save set off the reindex.
    with translation.override(settings.LANGUAGE_CODE):
        entries = builder(pk)
    written = _write(entries, first_seen)
    # The public's kept results are stale now, and again once this commits: a search
    # between the two could keep the rows from before the commit under the new version.
    public_cache.index_changed()
    transaction.on_commit(public_cache.index_changed)
    return written


def _model_of(kind: str) -> Any:
    from agreements.models import Agreement
    from consultations.models import RequestForInput, Response
    from councils.models import Body, Municipality, Person
    from meetings.models import Meeting, Newsletter

    models: dict[str, Any] = {
        "meeting": Meeting,
        "newsletter": Newsletter,
        "agreement": Agreement,
        "request": RequestForInput,
        "response": Response,
        "body": Body,
        "person": Person,
        "municipality": Municipality,
    }
    return models[kind]


def _ids(kind: str) -> Iterator[int]:
    yield from _model_of(kind).objects.order_by("pk").values_list("pk", flat=True).iterator()


def rebuild(*, kinds: Iterable[str] | None = None, progress: Any = None) -> dict[str, int]:
    """Rebuild the index of ``kinds`` (all by default) from scratch: each thing in its own
    transaction, so a long rebuild does not hold one lock for its whole run and a search
    meanwhile finds either the old rows or the new ones of a thing. Returns rows per kind."""
    counts: dict[str, int] = {}
    for kind in kinds or BUILDERS:
        _builder, scope, public_kind = BUILDERS[kind]
        stale = Q(kind=public_kind) if public_kind is not None else Q(scope=scope)
        # Rows of things that are gone (deleted while no receiver listened).
        existing = _model_of(kind).objects.values("pk")
        column = "object_id__in" if public_kind is not None else "owner_id__in"
        SearchEntry.objects.filter(stale).exclude(**{column: existing}).delete()
        total = 0
        for pk in _ids(kind):
            total += reindex(kind=kind, pk=pk)
        counts[kind] = total
        if progress is not None:
            progress(kind, total)
    return counts


def index_is_empty() -> bool:
    return not SearchEntry.objects.exists()


# --- Saved searches ---------------------------------------------------------------------

# A user's saved searches are few; the cap keeps a daily run's work bounded.
MAX_SAVED_SEARCHES = 50
# Matches listed per saved search in one e-mail (the rest: "and N more", with the link).
DIGEST_LINES = 10


class SavedSearchRefused(Exception):
    """The search cannot be saved (nothing to search, or too many saved already)."""


def saved_search_create(
    *, actor: Any, query: str, body: str = "", year: int | None = None, kind: str = ""
) -> Any:
    """Save ``query`` with its facets for ``actor`` (signed in). Saving the same search
    again returns the one already saved. Its digest starts with the matches that appear
    from now on: what exists today is on the page already."""
    from search.models import SavedSearch
    from search.query import clean

    cq = clean(query)
    if cq.is_empty:
        raise SavedSearchRefused("empty")
    filters: dict[str, Any] = {
        k: v for k, v in {"body": body, "year": year, "kind": kind}.items() if v
    }
    with transaction.atomic():
        existing = SavedSearch.objects.filter(user=actor, query=cq.text, filters=filters).first()
        if existing is not None:
            return existing
        if SavedSearch.objects.filter(user=actor).count() >= MAX_SAVED_SEARCHES:
            raise SavedSearchRefused("too many")
        return SavedSearch.objects.create(
            user=actor, query=cq.text, filters=filters, last_notified_at=timezone.now()
        )


def saved_search_delete(*, actor: Any, saved_search_id: int) -> bool:
    """Delete one of ``actor``'s own saved searches; another's is left alone (False)."""
    from search.models import SavedSearch

    deleted, _rows = SavedSearch.objects.filter(pk=saved_search_id, user=actor).delete()
    return bool(deleted)


def _absolute(path: str) -> str:
    from django.conf import settings

    return settings.SITE_URL + path


def _digest_text(sections: list[tuple[Any, list[Any], int]], today: Any) -> str:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    lines = [_("New results of your saved searches, %(date)s:") % {"date": f"{today:%d.%m.%Y}"}]
    for saved, rows, total in sections:
        lines += ["", f"»{saved.query}« ({total})"]
        for row in rows:
            when = f" ({row['date']:%d.%m.%Y})" if row["date"] else ""
            lines.append(f"- {row['title']}{when}: {_absolute(row['url'])}")
        if total > len(rows):
            lines.append(
                _("… and %(count)s more: %(url)s")
                % {"count": total - len(rows), "url": _absolute(saved.get_absolute_url())}
            )
    lines += [
        "",
        _("Your saved searches (stop one there): %(url)s")
        % {"url": _absolute(reverse("search:saved"))},
    ]
    return "\n".join(lines)


def saved_search_digests_send(*, now: Any = None) -> int:
    """Mail each user with saved searches the matches that appeared since their last e-mail,
    as they may see them today (``selectors.matches``: the same visibility filter as the
    page, so nothing they can no longer see is mailed). One e-mail per user and day: the
    outbox key makes a second run that day send nothing; a user with nothing new gets
    none. Returns the number of e-mails recorded."""
    from django.db.models import F
    from django.utils import translation
    from django.utils.translation import gettext as _

    from core.outbox import email_enqueue
    from search.models import SavedSearch
    from search.selectors import matches

    now = now or timezone.now()
    today = timezone.localdate(now)
    user_ids = (
        SavedSearch.objects.filter(user__is_active=True)
        .exclude(user__email="")
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )
    sent = 0
    for user_id in list(user_ids):
        saved = list(SavedSearch.objects.filter(user_id=user_id).select_related("user"))
        user = saved[0].user
        sections: list[tuple[Any, list[Any], int]] = []
        for item in saved:
            since = item.last_notified_at or item.created
            rows = matches(
                user=user,
                q=item.query,
                body=item.filters.get("body", ""),
                year=item.filters.get("year"),
                kind=item.filters.get("kind", ""),
            )
            if rows is None:
                continue
            new = rows.filter(first_indexed_at__gt=since, first_indexed_at__lte=now)
            total = new.count()
            if total:
                listed = list(
                    new.order_by(F("date").desc(nulls_last=True), "-pk").values(
                        "title", "url", "date"
                    )[:DIGEST_LINES]
                )
                sections.append((item, listed, total))
        if not sections:
            continue
        with transaction.atomic(), translation.override(settings_language()):
            recorded = email_enqueue(
                key=f"saved-search:{user_id}:{today:%Y-%m-%d}",
                to=user.email,
                subject=_("New results for your saved searches"),
                text=_digest_text(sections, today),
            )
            if not recorded:
                continue  # today's e-mail went out already: the rest waits for tomorrow
            # Marked in the e-mail's transaction: both stand or neither. A second run the
            # same day finds nothing new, and the key would refuse a second e-mail anyway.
            SavedSearch.objects.filter(pk__in=[s.pk for s in saved]).update(last_notified_at=now)
        sent += 1
    return sent


def settings_language() -> str:
    """E-mails are written in the portal's language (Danish), whoever runs the task."""
    from django.conf import settings

    return settings.LANGUAGE_CODE.split("-")[0]
