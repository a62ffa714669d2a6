"""Load the councils demo once per test run and copy its rows back for every later test.

``load_demo()`` goes through the services (validation, history, 5,800 queries, several
seconds); hundreds of tests start from it. The first test to ask for it in each mode runs it
for real, and the rows it wrote are copied out with PostgreSQL's COPY; later tests copy the
same rows back in, in one transaction, in a few milliseconds. The rows are the service's own
output, so a test sees exactly what ``load_demo()`` makes.

Two modes, because they produce different rows: inside a test transaction (``db``) the
on-commit work (the search index) never runs, while with ``transactional_db`` it does.

The copy is used only when it is certain to be the same: the tables it writes must be empty
when it is taken and when it is put back; anything else (another database, rows left by
the test's own set-up) falls back to the real ``load_demo()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction


@dataclass(frozen=True)
class _Snapshot:
    tables: dict[str, bytes]
    result: Any


_snapshots: dict[bool, _Snapshot] = {}


def _row_counts() -> dict[str, int]:
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(
                # Table names come from the database's own catalogue, quoted.
                f"SELECT %s, count(*) FROM {connection.ops.quote_name(t)}"  # noqa: S608
                for t in tables
            ),
            tables,
        )
        return dict(cursor.fetchall())


def _copy_out(tables: list[str]) -> dict[str, bytes]:
    raw = connection.cursor().cursor
    out: dict[str, bytes] = {}
    for table in tables:
        data = bytearray()
        query = f"COPY {connection.ops.quote_name(table)} TO STDOUT (FORMAT binary)"
        with raw.copy(query) as copy:
            for block in copy:
                data += block
        out[table] = bytes(data)
    return out


def _copy_in(tables: dict[str, bytes]) -> None:
    raw = connection.cursor().cursor
    quote = connection.ops.quote_name
    # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: inside one transaction the
    # tables can be filled in any order and are checked together at the end.
    with transaction.atomic(), connection.cursor() as cursor:
        for table, data in tables.items():
            with raw.copy(f"COPY {quote(table)} FROM STDIN (FORMAT binary)") as copy:
                copy.write(data)
            # Sequences move past the copied ids, so the test's own rows do not collide.
            for sequence in connection.introspection.get_sequences(cursor, table):
                column = quote(sequence["column"])
                highest = f"SELECT max({column}) FROM {quote(table)}"  # noqa: S608 - catalogue names
                cursor.execute(
                    f"SELECT setval(%s, GREATEST(({highest}), nextval(%s)))",
                    [sequence["name"], sequence["name"]],
                )


def load_demo_once() -> Any:
    """What ``councils.demo.load_demo()`` returns, with its rows in the test database."""
    from councils.demo import load_demo

    if connection.vendor != "postgresql":
        return load_demo()
    mode = connection.in_atomic_block
    snapshot = _snapshots.get(mode)
    if snapshot is not None:
        counts = _row_counts()
        if all(counts.get(table) == 0 for table in snapshot.tables):
            _copy_in(snapshot.tables)
            return snapshot.result
        return load_demo()
    before = _row_counts()
    pending = len(connection.run_on_commit)
    result = load_demo()
    if mode:
        # Inside the test's transaction the demo's on-commit work (search reindexes) would
        # wait for a commit that never comes, and a later reindex of the same thing in the
        # test would be merged into it (search.receivers.schedule): drop it, so that this
        # test starts as those served the copy do.
        del connection.run_on_commit[pending:]
    after = _row_counts()
    written = sorted(t for t, n in after.items() if n != before.get(t, 0))
    if written and all(before.get(t, 0) == 0 for t in written):
        _snapshots[mode] = _Snapshot(tables=_copy_out(written), result=result)
    return result
