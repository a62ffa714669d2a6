from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExtractionConfig(AppConfig):
    name = "extraction"
    verbose_name = _("Text of uploaded files")

    def ready(self) -> None:
        # Meetings and agreements cannot import this app (it sits above them): this app
        # listens for saved attachments, agreement documents and evaluations and queues the
        # reading of their text once the upload has committed.
        from django.db.models.signals import post_save

        from agreements.models import AgreementDocument, Evaluation
        from extraction import receivers
        from meetings.models import Attachment

        post_save.connect(
            receivers.attachment_saved,
            sender=Attachment,
            dispatch_uid="extraction.attachment_saved",
        )
        post_save.connect(
            receivers.agreement_document_saved,
            sender=AgreementDocument,
            dispatch_uid="extraction.agreement_document_saved",
        )
        post_save.connect(
            receivers.evaluation_saved,
            sender=Evaluation,
            dispatch_uid="extraction.evaluation_saved",
        )
