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

        # Meetings cannot import this app either: it signals, and this app queues its notices.
        from meetings import signals
        from notifications import contributions, receivers

        signals.version_published.connect(
            receivers.version_published, dispatch_uid="notifications.version_published"
        )
        signals.meeting_changed.connect(
            receivers.meeting_changed, dispatch_uid="notifications.meeting_changed"
        )
        signals.newsletter_published.connect(
            receivers.newsletter_published, dispatch_uid="notifications.newsletter_published"
        )

        # What this app shows on the pages of the apps below it (decision 0020).
        contributions.register()
