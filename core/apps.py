from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Template tags (``css_tags``), the SQLite collation, and the timestamps and tombstones
    systems sync by (``core.models``, ``core.sync``)."""

    name = "core"
    verbose_name = "KKR-portalen: core"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from core import sync
        from core.collation import register_sqlite_collation

        connection_created.connect(register_sqlite_collation)
        sync.connect()
