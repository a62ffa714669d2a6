"""Writing the search index: replace the rows of one thing, or rebuild everything.

``reindex(kind=..., pk=...)`` deletes the thing's rows and writes them again from
``search.sources`` (the rows of every audience at once), in one transaction; on PostgreSQL
it then computes the weighted ``tsvector`` of the new rows in the database, with each row's
own text search configuration. Called after commit by ``search.receivers`` (every save,
delete and meetings' bulk paths) and by ``manage.py rebuild_search_index``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.core import signing
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from search import kept
from search.backend import uses_postgres
from search.models import SearchEntry
from search.sources import BUILDERS, EntryData


def _rows_of(kind: str, pk: int) -> Q:
    _builder, scopes, public_kind = BUILDERS[kind]
    if public_kind is not None:
        return Q(kind=public_kind, object_id=pk)
    return Q(scope__in=scopes, owner_id=pk)


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
    builder, _scopes, _public_kind = BUILDERS[kind]
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
    # The kept results are stale now, and again once this commits: a search between the
    # two could keep the rows from before the commit under the new version.
    kept.index_changed()
    transaction.on_commit(kept.index_changed)
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
        _builder, scopes, public_kind = BUILDERS[kind]
        stale = Q(kind=public_kind) if public_kind is not None else Q(scope__in=scopes)
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
    if uses_postgres():
        # Fresh statistics of the vectors' words: search asks the planner how many rows a
        # query matches (selectors._window_pays), and autovacuum may take a while after a
        # rebuild of millions of rows.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(SearchEntry._meta.db_table)}")
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


def _digest_text(sections: list[tuple[Any, list[Any], int]], today: Any, footer: list[str]) -> str:
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
    return "\n".join([*lines, "", *footer])


def _footer(saved: list[Any]) -> list[str]:
    """Where the reader stops a saved search: a user on their page; an address without an
    account by a link per search (signed, so only the e-mail's reader can use it)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    user = saved[0].user
    if user is not None:
        return [
            _("Your saved searches (stop one there): %(url)s")
            % {"url": _absolute(reverse("search:saved"))}
        ]
    return [
        _("Stop »%(query)s«: %(url)s")
        % {
            "query": item.query,
            "url": _absolute(reverse("search:email_unsubscribe", args=[stop_token(item)])),
        }
        for item in saved
    ]


def _recipients() -> Iterator[tuple[str, list[Any]]]:
    """Each reader of saved searches with theirs: active users with an address, then the
    confirmed addresses without an account (key, saved searches)."""
    from search.models import SavedSearch

    user_ids = (
        SavedSearch.objects.filter(user__is_active=True)
        .exclude(user__email="")
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )
    for user_id in list(user_ids):
        yield (
            str(user_id),
            list(SavedSearch.objects.filter(user_id=user_id).select_related("user")),
        )
    emails = (
        SavedSearch.objects.filter(user__isnull=True)
        .values_list("email", flat=True)
        .distinct()
        .order_by("email")
    )
    for email in list(emails):
        yield f"email:{email}", list(SavedSearch.objects.filter(user__isnull=True, email=email))


def saved_search_digests_send(*, now: Any = None) -> int:
    """Mail each reader of saved searches the matches that appeared since their last e-mail,
    as they may see them today (``selectors.matches``: the same visibility filter as the
    page, so nothing they can no longer see is mailed; an address without an account reads
    as the public). One e-mail per reader and day: the outbox key makes a second run that
    day send nothing; a reader with nothing new gets none. Returns the number of e-mails
    recorded."""
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import F
    from django.utils import translation
    from django.utils.translation import gettext as _

    from core.outbox import email_enqueue
    from search.models import SavedSearch
    from search.selectors import matches

    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    for key, saved in _recipients():
        user = saved[0].user
        searcher = user if user is not None else AnonymousUser()
        sections: list[tuple[Any, list[Any], int]] = []
        for item in saved:
            since = item.last_notified_at or item.created
            rows = matches(
                user=searcher,
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
                key=f"saved-search:{key}:{today:%Y-%m-%d}",
                to=user.email if user is not None else saved[0].email,
                subject=_("New results for your saved searches"),
                text=_digest_text(sections, today, _footer(saved)),
            )
            if not recorded:
                continue  # today's e-mail went out already: the rest waits for tomorrow
            # Marked in the e-mail's transaction: both stand or neither. A second run the
            # same day finds nothing new, and the key would refuse a second e-mail anyway.
            SavedSearch.objects.filter(pk__in=[s.pk for s in saved]).update(last_notified_at=now)
        sent += 1
    return sent


# --- Saved searches for an e-mail address without an account -----------------------------

CONFIRM_SALT = "search.saved-search.confirm"
STOP_SALT = "search.saved-search.stop"
CONFIRM_MAX_AGE = 7 * 24 * 3600


class SavedSearchRateLimited(Exception):
    """Too many confirmation e-mails for this address or from this client just now."""


def stop_token(saved: Any) -> str:
    return signing.dumps({"s": saved.pk, "e": saved.email}, salt=STOP_SALT)


def saved_search_request(
    *,
    email: str,
    query: str,
    body: str = "",
    year: int | None = None,
    kind: str = "",
    client: str | None,
) -> None:
    """Ask for a search's new results by e-mail without an account: a confirmation link goes
    to the address, and nothing is saved until it is confirmed from there (anyone can type
    anyone's address; the query and facets travel in the signed link). Rate-limited per
    address and per ``client`` as every confirmation e-mail is (``SavedSearchRateLimited``).
    """
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from core import ratelimit
    from core.outbox import email_enqueue
    from search.query import clean

    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from error
    cq = clean(query)
    if cq.is_empty:
        raise SavedSearchRefused("empty")
    if not ratelimit.email_allowed(scope="saved-search-confirm", email=email, client=client or "-"):
        raise SavedSearchRateLimited
    filters = {k: v for k, v in {"body": body, "year": year, "kind": kind}.items() if v}
    token = signing.dumps({"e": email, "q": cq.text, "f": filters}, salt=CONFIRM_SALT)
    link = _absolute(reverse("search:email_confirm", args=[token]))
    with transaction.atomic(), translation.override(settings_language()):
        email_enqueue(
            key=f"saved-search-confirm:{uuid.uuid4().hex}",
            to=email,
            subject=_("Confirm your saved search"),
            text="\n\n".join(
                [
                    _(
                        "Someone (hopefully you) asked for a daily e-mail with new results "
                        "of the search »%(query)s« on the portal."
                    )
                    % {"query": cq.text},
                    _("Confirm within 7 days: %(link)s") % {"link": link},
                    _("If it was not you, ignore this e-mail."),
                ]
            ),
        )


def saved_search_confirm(*, token: str) -> Any:
    """Save the search of a confirmation link (valid for 7 days) for its address; confirming
    again returns the one already saved. Its e-mails start with the matches from now on."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from search.models import SavedSearch

    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ValidationError(_("The link has expired. Save the search again.")) from error
    except signing.BadSignature as error:
        raise ValidationError(_("The link is not valid.")) from error
    email, query, filters = data["e"], data["q"], data["f"]
    with transaction.atomic():
        saved = SavedSearch.objects.select_for_update().filter(
            user__isnull=True, email=email, query=query, filters=filters
        )
        existing = saved.first()
        if existing is not None:
            return existing
        if SavedSearch.objects.filter(user__isnull=True, email=email).count() >= (
            MAX_SAVED_SEARCHES
        ):
            raise ValidationError(
                _("This address has as many saved searches as it may: stop one first.")
            )
        return SavedSearch.objects.create(
            email=email, query=query, filters=filters, last_notified_at=timezone.now()
        )


def saved_search_stop_read(token: str) -> Any:
    """The saved search of a stop link, or a ValidationError (None: stopped already)."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from search.models import SavedSearch

    try:
        data = signing.loads(token, salt=STOP_SALT)
    except signing.BadSignature as error:
        raise ValidationError(_("The link is not valid.")) from error
    return SavedSearch.objects.filter(pk=data["s"], user__isnull=True, email=data["e"]).first()


def saved_search_stop(*, token: str) -> bool:
    """Stop the saved search of a stop link (from its e-mail); False when it was gone."""
    saved = saved_search_stop_read(token)
    if saved is None:
        return False
    saved.delete()
    return True


def settings_language() -> str:
    """E-mails are written in the portal's language (Danish), whoever runs the task."""
    from django.conf import settings

    return settings.LANGUAGE_CODE.split("-")[0]
