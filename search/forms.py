"""The parameters of the search page, read leniently: a search page answers whatever the
query string holds (a malformed year or page is ignored, not an error). The API is strict
instead (``search.api``), as the portal's API is everywhere."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from search.models import EntryKind

_SLUG = re.compile(r"[-a-z0-9_]{1,200}")


def _int(raw: str | None, low: int, high: int) -> int | None:
    if raw and raw.isascii() and raw.isdigit() and len(raw) <= 6:
        value = int(raw)
        return value if low <= value <= high else None
    return None


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    body: str = ""
    year: int | None = None
    kind: str = ""
    sort: str = "relevance"
    page: int = 1

    @classmethod
    def from_query(cls, query: Any) -> SearchParams:
        body = (query.get("organ") or "").strip()
        kind = (query.get("type") or "").strip()
        sort = query.get("sortering") or "relevance"
        return cls(
            # NUL and control characters are cleaned by search.query.clean.
            q=(query.get("q") or "")[:10_000],
            body=body if _SLUG.fullmatch(body) else "",
            year=_int(query.get("aar"), 1900, 2200),
            kind=kind if kind in EntryKind.values else "",
            sort=sort if sort in ("relevance", "date") else "relevance",
            page=_int(query.get("side"), 1, 100_000) or 1,
        )

    def url(self, **changes: Any) -> str:
        """The query string of this search with ``changes`` (a facet chosen or cleared,
        another sort or page); the page goes back to 1 unless it is the change."""
        values = {
            "q": self.q,
            "organ": self.body,
            "aar": self.year or "",
            "type": self.kind,
            "sortering": "" if self.sort == "relevance" else self.sort,
            "side": "",
        }
        values.update(changes)
        return "?" + urlencode({k: v for k, v in values.items() if v not in ("", None)})
