from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuotasConfig(AppConfig):
    name = "quotas"
    verbose_name = _("Refugee quotas")

    def ready(self) -> None:
        # What this app shows on the pages of the apps below it (decision 0020).
        from quotas import contributions

        contributions.register()
