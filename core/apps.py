from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Template tags (``css_tags``), the SQLite collation, the timestamps and tombstones
    systems sync by (``core.models``, ``core.sync``), and the public page cache's watch on
    every connection's writes (``core.page_cache``)."""

    name = "core"
    verbose_name = "KKR-portalen: core"

    def ready(self) -> None:
        from django.core.signals import setting_changed
        from django.db import connections
        from django.db.backends.signals import connection_created

        from core import checks, page_cache, sync  # noqa: F401  (checks registers itself)
        from core.collation import register_sqlite_collation

        connection_created.connect(register_sqlite_collation)
        connection_created.connect(page_cache.watch_connection)
        # Tests that change a setting change how pages look, without a write.
        setting_changed.connect(page_cache.settings_changed)
        for connection in connections.all(initialized_only=True):
            page_cache.watch_connection(sender=None, connection=connection)
        sync.connect()
