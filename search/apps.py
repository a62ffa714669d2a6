from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        # The apps below do not know about search: it listens to their saves and deletes,
        # and to meetings' signal for the bulk paths that bypass save() (decision 0026).
        from search import receivers

        receivers.connect()
