"""What this app tells the apps above it (search), without importing them (decision 0020).

``attachment_text_ready``: the text of a meetings attachment was stored (read, copied from
identical bytes, or marked failed/unsupported), after the transaction committed. Sent with
``sender=AttachmentText`` and ``attachment_id``; search reindexes that attachment.
"""

from __future__ import annotations

from django.dispatch import Signal

attachment_text_ready = Signal()

# The text of an agreement document was stored, as above. Sent with
# ``sender=AgreementDocumentText`` and ``document_id``; search reindexes its agreement.
agreement_document_text_ready = Signal()

# The text of an agreement evaluation's document was stored, as above. Sent with
# ``sender=EvaluationText`` and ``evaluation_id``; search reindexes its agreement.
evaluation_text_ready = Signal()
