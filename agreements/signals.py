"""What agreements tells the apps above it, without importing them (decision 0020).

``agreement_changed`` (``agreement_id``) is sent after the commit whenever an agreement gets a
new version (a change after it left draft, coming into force, ending) or expires. Receivers
ask ``agreements.access`` what of it they may pass on (webhooks: the public's view only).
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

agreement_changed = Signal()


def agreement_changed_on_commit(agreement_id: int) -> None:
    transaction.on_commit(
        lambda: agreement_changed.send(sender=None, agreement_id=agreement_id), robust=True
    )
