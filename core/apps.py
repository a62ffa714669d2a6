from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Installed for its template tags (``css_tags``) and the SQLite collation."""

    name = "core"
    verbose_name = "KKR-portalen: core"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from core.collation import register_sqlite_collation

        connection_created.connect(register_sqlite_collation)
