from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # The other apps send e-mail through core.outbox (they cannot import this app,
        # which imports them); this app owns the outbox and does the sending.
        from core import outbox
        from notifications.services import email_enqueue

        outbox.register(email_enqueue)
