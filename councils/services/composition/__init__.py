"""A body's composition: seats, terms, appointments and nominations.

Rules enforced here (and tested in tests/councils/test_composition.py):
* a seat has at most one holder at a time, and at most one personal substitute, so a body
  never has more holders than seats and terms on the same seat do not overlap;
* a seat that requires an elected politician is only given to one;
* a membership cannot end before it starts;
* a body's terms of office do not overlap;
* the same candidate cannot be proposed twice for the same seat;
* a municipality's contact person proposes only for seats open to their municipality
  (``accounts.rules.seat_municipal_region_id``), on behalf of that municipality;
* a seat that is abolished has no holder after its last day; a person's user account is
  linked by a secretariat only when it manages every body the person sits in.

One module per concern, named after the glossary: ``seats``, ``terms``, ``persons``,
``memberships`` (appointments), ``nominations``, ``notices`` (what the secretariats are
told), ``statutes`` (the statutes as data), ``reappointment`` (the round at the start of an
election period); ``common`` holds the date and period helpers they share. The names are re-exported
here and from ``councils.services``.
"""

from councils.services.composition.memberships import (
    NOT_ELECTED_POLITICIAN,
    membership_appoint,
    membership_end,
)
from councils.services.composition.nominations import (
    nomination_accept,
    nomination_decline,
    nomination_propose,
)
from councils.services.composition.notices import (
    appointment_notice_send,
    term_reminders_send,
)
from councils.services.composition.persons import (
    person_account_invite,
    person_create,
    person_user_link,
)
from councils.services.composition.reappointment import membership_reappoint
from councils.services.composition.seats import (
    SEAT_EDITABLE_FIELDS,
    seat_end,
    seat_holders_announce,
    seat_update,
    seats_create,
)
from councils.services.composition.statutes import (
    RULE_EDITABLE_FIELDS,
    STATUTE_EDITABLE_FIELDS,
    statute_rule_create,
    statute_rule_delete,
    statute_rule_update,
    statute_update,
)
from councils.services.composition.terms import (
    membership_default_end,
    term_create,
    term_create_for_election_period,
    term_end,
    term_for_election_period,
    term_update,
)

__all__ = [
    "NOT_ELECTED_POLITICIAN",
    "RULE_EDITABLE_FIELDS",
    "SEAT_EDITABLE_FIELDS",
    "STATUTE_EDITABLE_FIELDS",
    "appointment_notice_send",
    "membership_appoint",
    "membership_default_end",
    "membership_end",
    "membership_reappoint",
    "nomination_accept",
    "nomination_decline",
    "nomination_propose",
    "person_account_invite",
    "person_create",
    "person_user_link",
    "seat_end",
    "seat_holders_announce",
    "seat_update",
    "seats_create",
    "statute_rule_create",
    "statute_rule_delete",
    "statute_rule_update",
    "statute_update",
    "term_create",
    "term_create_for_election_period",
    "term_end",
    "term_for_election_period",
    "term_reminders_send",
    "term_update",
]
