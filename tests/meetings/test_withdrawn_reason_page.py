"""The meeting page's agenda is kept per published version, audience and withdrawn files
(``meetings/views.py``): a withdrawal's reason, changed later, shows at once."""

from __future__ import annotations

from django.test import Client

from meetings import services


def test_a_changed_withdrawal_reason_shows_at_once(client: Client, published) -> None:
    url = published["meeting"].get_absolute_url()
    attachment = published["open_attachment"]
    services.attachment_withdraw(actor=None, attachment_id=attachment.pk, reason="Første grund")
    assert "Første grund" in Client().get(url, headers={"cookie": "x=1"}).content.decode()
    services.attachment_withdraw(actor=None, attachment_id=attachment.pk, reason="Anden grund")
    page = Client().get(url, headers={"cookie": "x=2"}).content.decode()
    assert "Anden grund" in page and "Første grund" not in page
