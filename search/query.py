"""What the searcher typed, made safe: never an error, whatever arrives.

Control characters and NUL bytes are dropped, whitespace collapsed, the length capped,
unbalanced quotes closed. ``websearch_to_tsquery`` never raises on odd syntax, but
PostgreSQL refuses NUL bytes in text, and a 10,000-character query is no search anyone
means: it is cut to ``MAX_LENGTH`` and the page says so.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_LENGTH = 200
MAX_WORDS = 32

_WORD = re.compile(r"\w+")
_TRAILING_WORD = re.compile(r"(?:^|\s)(\w+)$")


@dataclass(frozen=True)
class CleanQuery:
    text: str  # what is searched (shown back in the field)
    truncated: bool = False
    prefix: str = ""  # the last word, when it may be a word being typed

    @property
    def is_empty(self) -> bool:
        return not _WORD.search(self.text)

    @property
    def words(self) -> list[str]:
        """The words to match, for the fallback: without quotes, operators and excluded
        words."""
        return [
            w for w in _WORD.findall(re.sub(r"(^|\s)-\S+", " ", self.text)) if w.lower() != "or"
        ]

    @property
    def excluded(self) -> list[str]:
        return [m.group(1) for m in re.finditer(r"(?:^|\s)-(\w+)", self.text)]


def clean(raw: str | None) -> CleanQuery:
    """The query as searched: printable characters only, one space between words, at most
    ``MAX_LENGTH`` characters and ``MAX_WORDS`` words, quotes balanced."""
    text = "".join(
        " " if unicodedata.category(ch).startswith(("C", "Z")) else ch for ch in (raw or "")
    )
    text = " ".join(text.split())
    truncated = False
    if len(text) > MAX_LENGTH:
        text, truncated = text[:MAX_LENGTH].rsplit(" ", 1)[0] or text[:MAX_LENGTH], True
    words = text.split(" ")
    if len(words) > MAX_WORDS:
        text, truncated = " ".join(words[:MAX_WORDS]), True
    if text.count('"') % 2:
        text = text + '"'
    match = _TRAILING_WORD.search(text)
    # The last word is matched as a prefix too (while typing), unless it is in quotes,
    # excluded (-word) or an operator.
    prefix = ""
    if match and not text.endswith('"') and match.group(1).lower() != "or":
        start = match.start(1)
        if start == 0 or text[start - 1] != "-":
            prefix = match.group(1).lower()
    return CleanQuery(text=text.strip(), truncated=truncated, prefix=prefix)
