"""Indexes that every database the portal runs on can create.

Kept stable: a landed migration (``search/0007``) depends on it.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.expressions import OrderBy


class NullsLastIndex(models.Index):
    """An index whose descending columns put NULLs last (``F("date").desc(nulls_last=True)``),
    as PostgreSQL orders a query's ``NULLS LAST``. SQLite (the development default) refuses
    ``NULLS LAST`` in ``CREATE INDEX``, and orders NULLs last in a descending column anyway:
    there the columns are written without it. PostgreSQL gets exactly ``models.Index``'s
    SQL."""

    def create_sql(self, model: Any, schema_editor: Any, using: str = "", **kwargs: Any) -> Any:
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        plain = models.Index(
            *(
                OrderBy(e.expression, descending=e.descending) if isinstance(e, OrderBy) else e
                for e in self.expressions
            ),
            name=self.name,
        )
        return plain.create_sql(model, schema_editor, using=using, **kwargs)
