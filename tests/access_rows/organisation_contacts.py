"""Access-matrix rows for organisation contact persons (decision 0023): the secretariat's
grant page (councils) and the answer's address before it named the recipient (consultations)."""

from __future__ import annotations

from typing import Any

from tests.access_matrix_base import ANY_SECRETARIAT_LOGIN, EDITORS_LOGIN, R, Row, expect
from tests.access_matrix_fixtures import World


def _organisation_contact(w: World) -> dict[str, Any]:
    """A contact person of an organisation that nominates to a seat of A, made inside the
    test's rollback: A's secretariat (and the administrator) may remove it, B's may not."""
    from accounts.models import Affiliation
    from councils.models import Organisation, Seat
    from tests.factories import UserFactory

    organisation, _created = Organisation.objects.get_or_create(
        slug="matrix-nominating-org", defaults={"name": "Matrix Nominating Organisation"}
    )
    Seat.objects.get_or_create(
        body=w.body_a, label="Matrix organisation seat", nominating_organisation=organisation
    )
    affiliation = Affiliation.objects.filter(organisation=organisation).first()
    if affiliation is None:
        affiliation = Affiliation.objects.create(
            user=UserFactory(username="matrix-organisation-contact"),
            kind=Affiliation.Kind.ORGANISATION_CONTACT,
            organisation=organisation,
        )
    return {"pk": affiliation.pk}


ROWS: list[Row] = [
    # Any secretariat has the page (for the organisations nominating to its own bodies).
    R("councils:organisation_contacts", ANY_SECRETARIAT_LOGIN),
    R("councils:organisation_contact_revoke", EDITORS_LOGIN, kwargs=_organisation_contact),
    # The old address of an answer (by municipality) redirects whoever may open the request.
    R(
        "consultations:response_form_by_municipality",
        expect("deny", anon="login", secretariat="ok", contact="ok", admin="ok"),
        kwargs=lambda w: {"pk": w.rfi_sent.pk, "municipality_id": w.municipality_a.pk},
    ),
]
