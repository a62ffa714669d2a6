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

from django.contrib.postgres.search import SearchVector
from django.db import transaction
from django.db.models import F, Q

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


def _model(entry: EntryData) -> SearchEntry:
    return SearchEntry(
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


def _write(entries: list[EntryData]) -> int:
    created = SearchEntry.objects.bulk_create([_model(e) for e in entries], batch_size=500)
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
    SearchEntry.objects.filter(_rows_of(kind, pk)).delete()
    return _write(builder(pk))


def _model_of(kind: str) -> Any:
    from agreements.models import Agreement
    from consultations.models import RequestForInput
    from councils.models import Body, Municipality, Person
    from meetings.models import Meeting, Newsletter

    models: dict[str, Any] = {
        "meeting": Meeting,
        "newsletter": Newsletter,
        "agreement": Agreement,
        "request": RequestForInput,
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
