from django.apps import AppConfig


class KkrPortalConfig(AppConfig):
    name = "kkr_portal"
    verbose_name = "KKR-portalen"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from kkr_portal.collation import register_sqlite_collation

        connection_created.connect(register_sqlite_collation)
