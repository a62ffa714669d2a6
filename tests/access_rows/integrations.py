"""Access-matrix rows for the integrations app (decision 0031): the API documentation is
public; a body's API tokens are its secretariat's (and the administrator's)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.access_matrix_base import ANY_SECRETARIAT_LOGIN, EDITORS_LOGIN, PUBLIC, R, Row, expect
from tests.access_matrix_fixtures import World


def _token(w: World) -> dict[str, Any]:
    """A token of body A, made inside the test's rollback."""
    from django.utils import timezone

    from integrations.models import ApiToken

    token, _created = ApiToken.objects.get_or_create(
        key_hash="0" * 64,
        defaults={
            "name": "Matrix system",
            "body": w.body_a,
            "prefix": "kkr_matrix",
            "expires_at": timezone.now() + dt.timedelta(days=30),
        },
    )
    return {"pk": token.pk}


ROWS: list[Row] = [
    R("integrations:api_documentation", PUBLIC),
    R("integrations:tokens", ANY_SECRETARIAT_LOGIN),
    # Without the secret in the session it redirects to the list: "ok" for A's secretariat.
    R("integrations:token_created", EDITORS_LOGIN, kwargs=_token),
    R("integrations:token_revoke", EDITORS_LOGIN, kwargs=_token),
]


def _subscription(w: World) -> dict[str, Any]:
    """A webhook subscription of body A, made inside the test's rollback."""
    from integrations.models import WebhookSubscription

    subscription, _created = WebhookSubscription.objects.get_or_create(
        body=w.body_a,
        name="Matrix receiver",
        defaults={
            "url": "https://receiver.example.org/h",
            "events": ["agenda.published"],
            "secret": "whsec_" + "A" * 44,
        },
    )
    return {"pk": subscription.pk}


ROWS += [
    R("integrations:webhooks", ANY_SECRETARIAT_LOGIN),
    R("integrations:webhook_detail", EDITORS_LOGIN, kwargs=_subscription),
    R("integrations:webhook_delete", EDITORS_LOGIN, kwargs=_subscription),
]

ROWS += [
    # The week's dumps are public; a day without one is 404 for everyone.
    R(
        "integrations:dump_download",
        expect("404"),
        kwargs=lambda w: {"name": "kkr-open-data-1999-01-01.zip"},
    ),
]
