from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        # What this app shows on the pages of the apps below it (decision 0020).
        from meetings import contributions

        contributions.register()
