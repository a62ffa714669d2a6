from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExtractionConfig(AppConfig):
    name = "extraction"
    verbose_name = _("Attachment text")

    def ready(self) -> None:
        # Meetings cannot import this app (it sits above meetings): this app listens for saved
        # attachments and queues the reading of their text once the upload has committed.
        from django.db.models.signals import post_save

        from extraction import receivers
        from meetings.models import Attachment

        post_save.connect(
            receivers.attachment_saved,
            sender=Attachment,
            dispatch_uid="extraction.attachment_saved",
        )
