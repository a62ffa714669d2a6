from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Requests for input")

    def ready(self) -> None:
        # What this app shows on the pages of the apps below it (decision 0020).
        from consultations import contributions

        contributions.register()
