from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "councils"
    verbose_name = _("Councils")

    def ready(self) -> None:
        # What this app shows on the pages of the apps below it (decision 0020).
        from councils import contributions

        contributions.register()
