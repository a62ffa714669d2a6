"""Which search runs: PostgreSQL's full-text search, or the simpler fallback on SQLite.

Decided here only. On PostgreSQL (production, CI) the index holds weighted ``tsvector``s
with a GIN index and queries use ``websearch_to_tsquery`` with stemming. On SQLite
(``make run``, the demo) there is no full-text search of that kind: the fallback matches
every word of the query as a case-insensitive substring of the stored text (title and
texts), with the same access filtering, facets and pages, ranked by date. No stemming, no
phrases, no ``OR``; ``-word`` excludes. Documented in docs/search.md (decision 0026).
"""

from __future__ import annotations

from django.db import connection


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"
