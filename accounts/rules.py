"""Who may do what: the one place where the portal's access rules live.

Every view, API view and template asks ``can(user, action, target)``. The roles are:

* platform administrator (an active superuser): everything;
* secretariat of a body: edits that body's records, reads its closed material and history;
* member of a body (a current membership of the user's person): reads its closed material;
* contact person of a municipality: acts for that municipality, proposes candidates for
  the seats open to it (``seat_municipal_region_id``), follows its own proposals, and works
  on the distribution agreements of its region;
* contact person of an organisation (DA, LO, ...): acts for that organisation (answers the
  requests for input sent to it, decision 0023);
* secretariat of a body: also manages the body's composition (seats, terms, memberships,
  the accounts of its members);
* secretariat of a KKR: also makes and removes the contact persons of its region's
  municipalities, manages the refugee quotas of the KKR's region (agreements,
  placements); any secretariat sees how quotas were computed;
* secretariat of a body: also makes and removes the contact persons of the organisations
  that nominate to one of the body's seats;
* anyone else, signed in or not: the public material.

Besides ``can`` the module answers "which ones" for lists: the scope functions
(``edited_body_ids``, ``appointing_body_ids``, ``quota_region_ids``,
``distribution_agreement_region_ids``, ``nomination_municipality_ids``, ``contact_region_ids``,
``composition_body_ids``, ``contact_organisation_ids``,
``organisation_contact_body_ids``) return ids, or ``None`` for "all of them" (administrators), and
``appointed_seats_q``, ``nominable_seats_q``, ``secretariat_users_q``,
``municipal_contact_users_q`` and ``organisation_contact_users_q`` build filters. Pages,
selectors and services ask these instead of reading affiliations or memberships
themselves. The module imports no other app (accounts sits below them all): the member
role's query of councils' memberships is registered by councils (``register_member_body_ids``).

``tests/accounts/test_rules.py`` checks the full matrix of roles against actions.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace
from enum import StrEnum
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save


class Action(StrEnum):
    VIEW_PUBLIC = "view_public"
    VIEW_CONTACT_DETAILS = "view_contact_details"
    VIEW_CLOSED = "view_closed"
    EDIT_BODY = "edit_body"
    VIEW_HISTORY = "view_history"
    ACT_FOR_MUNICIPALITY = "act_for_municipality"
    ACT_FOR_ORGANISATION = "act_for_organisation"
    MANAGE_QUOTAS = "manage_quotas"
    VIEW_QUOTA_CALCULATION = "view_quota_calculation"
    WORK_ON_DISTRIBUTION_AGREEMENT = "work_on_distribution_agreement"
    VIEW_APPOINTMENTS = "view_appointments"
    DECIDE_NOMINATION = "decide_nomination"
    PROPOSE_NOMINATION = "propose_nomination"
    VIEW_OWN_NOMINATIONS = "view_own_nominations"
    MANAGE_COMPOSITION = "manage_composition"
    APPOINT_TO_SEAT = "appoint_to_seat"
    GRANT_MUNICIPAL_CONTACT = "grant_municipal_contact"
    GRANT_ORGANISATION_CONTACT = "grant_organisation_contact"
    REVOKE_ORGANISATION_CONTACT = "revoke_organisation_contact"
    ADMINISTER_PLATFORM = "administer_platform"


@dataclass(frozen=True)
class Roles:
    is_authenticated: bool
    is_platform_admin: bool
    secretariat_body_ids: frozenset[int]
    member_body_ids: frozenset[int]
    municipality_ids: frozenset[int]
    kkr_region_ids: frozenset[int] = frozenset()
    # The regions of the municipalities the user is contact person for.
    municipality_region_ids: frozenset[int] = frozenset()
    # (municipality id, its region id) for each municipality the user is contact person for.
    municipality_regions: frozenset[tuple[int, int]] = frozenset()
    # The organisations the user is contact person for (decision 0023).
    organisation_ids: frozenset[int] = frozenset()
    # Another system reading with an API token (decision 0031), not a person.
    is_machine: bool = False

    @property
    def is_staff_role(self) -> bool:
        return self.is_platform_admin or bool(self.secretariat_body_ids)


_ANONYMOUS = Roles(False, False, frozenset(), frozenset(), frozenset())


# The member role is read from councils' memberships, and councils sits above accounts
# (decision 0020): councils registers the query in ``CouncilsConfig.ready``
# (``councils.selectors.current_member_body_ids``); the rule itself stays here.
_member_body_ids: Callable[[Any], Iterable[int]] | None = None


def register_member_body_ids(query: Callable[[Any], Iterable[int]]) -> None:
    """How to find the ids of the bodies a user is a member of today (a current membership of
    the user's person); called once by councils when Django starts."""
    global _member_body_ids
    _member_body_ids = query


def _member_body_ids_query() -> Callable[[Any], Iterable[int]]:
    if _member_body_ids is None:
        raise ImproperlyConfigured("No member-body query is registered: is 'councils' installed?")
    return _member_body_ids


def roles_for(user: Any) -> Roles:
    """The user's roles, computed once per user object (two queries) and then kept on it.

    For the signed-in user of a web request (``serve_from_cache``) they come from the cache
    across requests (decision 0029): kept per user and day (a membership is current by the
    date) for ``ROLES_CACHE_SECONDS`` under a version that ``roles_changed`` replaces
    whenever a role may have changed. ``is_active`` and ``is_superuser`` are read from the
    user object every time, never from the cache.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return _ANONYMOUS
    cached = getattr(user, "_kkr_roles", None)
    if cached is not None:
        return cached
    stored = _cached_part(user, "roles", _roles_from_database)
    roles = replace(stored, is_platform_admin=user.is_superuser)
    user._kkr_roles = roles
    return roles


def rights_key(user: Any) -> str:
    """A digest of the user's ``Roles``. ``can`` and the scope functions read a user only
    through ``roles_for``, so two users with the same key are allowed exactly the same by
    them, and what is worked out from their answers alone (a search's visible rows) may be
    kept for one and served to the other (``search.kept``). The two-factor rules read the
    user's devices besides; nothing kept under this key depends on them.
    ``tests/accounts/test_rights_key.py`` holds ``can`` and the scope functions to it, and
    ``tests/search/test_kept.py`` the search (a searcher of whom only the roles are known
    finds the same, for every role)."""
    roles = roles_for(user)
    # Sorted, so that equal sets give the same text whatever order they were built in.
    parts = [
        tuple(sorted(value)) if isinstance(value, frozenset) else value
        for value in (getattr(roles, field.name) for field in fields(roles))
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def has_confirmed_device(user: Any) -> bool:
    """Whether the user has a confirmed second factor (a TOTP device): what the two-factor
    middleware asks on every signed-in request; from the cache with the roles for the user
    of a web request (every save or deletion of a device calls ``roles_changed``)."""
    if user is None or not user.is_authenticated:
        return False
    return bool(_cached_part(user, "device", _device_exists))


def serve_from_cache(user: Any) -> None:
    """Let ``roles_for`` and ``has_confirmed_device`` answer for this user object from the
    cross-request cache: called by the middleware for the signed-in user of a web request.
    Other user objects (services given a user, tasks, the shell) read the database."""
    user._kkr_from_cache = True


# --- The cross-request cache of the roles (decision 0029). --------------------------------

# How long a user's roles are served from the cache at most. Every change made through
# the services, the admin or a model's save bumps the version at once; this bounds what a
# write that bypasses them all (a queryset update, a bulk insert, raw SQL) can leave stale.
ROLES_CACHE_SECONDS = 300


def _shared_cache() -> Any | None:
    """The cache, if every process shares it (Redis); a per-process cache (development
    without Redis) could not be told of a change made in another process."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    backend = caches["default"]
    return backend if isinstance(backend, RedisCache) else None


def _version_key(user_id: int) -> str:
    return f"roles:version:{user_id}"


def _facts_key(user_id: int) -> str:
    from django.utils import timezone

    return f"roles:facts:{user_id}:{timezone.localdate().isoformat()}"


def _cached_part(user: Any, part: str, compute: Callable[[Any], Any]) -> Any:
    """One part ("roles", "device") of what the cache keeps for the user: from the cache
    entry stored under the current version, else computed and added to the entry.

    The version is read (one round trip with the entry, once per user object) before the
    database: a request that read the roles just before a change committed stores them
    under the old version, which ``roles_changed`` has replaced by then, so they are never
    served."""
    shared = _shared_cache() if getattr(user, "_kkr_from_cache", False) else None
    if shared is None:
        return compute(user)
    state: dict[str, Any] | None = getattr(user, "_kkr_cache_state", None)
    if state is None:
        found = shared.get_many([_version_key(user.pk), _facts_key(user.pk)])
        version = found.get(_version_key(user.pk))
        entry = found.get(_facts_key(user.pk))
        parts = dict(entry[1]) if version is not None and entry and entry[0] == version else {}
        if version is None:
            version = uuid.uuid4().hex
            # ``add``: a version set meanwhile by ``roles_changed`` wins (and then what is
            # stored below under this one is never served).
            shared.add(_version_key(user.pk), version, ROLES_CACHE_SECONDS)
        state = {"version": version, "parts": parts}
        user._kkr_cache_state = state
    if part not in state["parts"]:
        state["parts"][part] = compute(user)
        shared.set(
            _facts_key(user.pk), (state["version"], dict(state["parts"])), ROLES_CACHE_SECONDS
        )
    return state["parts"][part]


def roles_changed(user_ids: Iterable[int | None]) -> None:
    """Tell the cache that these users' roles (or second factor) may have changed: every
    service that grants or takes away an affiliation, appoints or ends a membership, links
    a person to an account or changes a device calls this (the admin and other saves of
    those models do so through the signals below).

    The version is replaced at once (the rest of this transaction, and tests, see the new
    roles) and again after the commit (a request that read the old roles in between
    stored them under the version replaced now)."""
    ids = {int(user_id) for user_id in user_ids if user_id is not None}
    shared = _shared_cache()
    if not ids or shared is None:
        return

    def bump() -> None:
        shared.set_many(
            {_version_key(user_id): uuid.uuid4().hex for user_id in ids}, ROLES_CACHE_SECONDS
        )

    bump()
    transaction.on_commit(bump)


def _roles_from_database(user: Any) -> Roles:
    """The roles as stored (two queries); ``is_platform_admin`` is set by ``roles_for``."""
    from accounts.models import Affiliation

    secretariat: set[int] = set()
    municipalities: set[int] = set()
    kkr_regions: set[int] = set()
    municipality_regions: set[int] = set()
    contact_pairs: set[tuple[int, int]] = set()
    organisations: set[int] = set()
    # Every affiliation in one query (the organisation id rides along: decision 0023).
    for (
        kind,
        body_id,
        municipality_id,
        organisation_id,
        body_kind,
        region_id,
        municipality_region_id,
    ) in Affiliation.objects.filter(user=user).values_list(
        "kind",
        "body_id",
        "municipality_id",
        "organisation_id",
        "body__kind",
        "body__region_id",
        "municipality__region_id",
    ):
        if kind == Affiliation.Kind.SECRETARIAT:
            secretariat.add(body_id)
            if body_kind == "kkr" and region_id is not None:
                kkr_regions.add(region_id)
        elif kind == Affiliation.Kind.ORGANISATION_CONTACT:
            organisations.add(organisation_id)
        else:
            municipalities.add(municipality_id)
            municipality_regions.add(municipality_region_id)
            contact_pairs.add((municipality_id, municipality_region_id))
    # Member of a body: a current membership of the user's person (decision 0003).
    members = set(_member_body_ids_query()(user))
    return Roles(
        is_authenticated=True,
        is_platform_admin=False,
        secretariat_body_ids=frozenset(secretariat),
        member_body_ids=frozenset(members),
        municipality_ids=frozenset(municipalities),
        kkr_region_ids=frozenset(kkr_regions),
        municipality_region_ids=frozenset(municipality_regions),
        municipality_regions=frozenset(contact_pairs),
        organisation_ids=frozenset(organisations),
    )


def _device_exists(user: Any) -> bool:
    from django_otp import user_has_device

    return bool(user_has_device(user, confirmed=True))


# The models whose rows decide a role or the second factor, and how to find the user a row
# belongs to. Their saves and deletions outside the services (the admin, the shell, test
# factories) bump the version too; named by label, as accounts imports no other app.
_ROLE_MODELS: dict[str, Callable[[Any], Iterable[int | None]]] = {
    "accounts.Affiliation": lambda row: [row.user_id],
    "otp_totp.TOTPDevice": lambda row: [row.user_id],
    # The person's account as stored (an instance of the person held elsewhere may be older
    # than its link to the account).
    "councils.Membership": lambda row: (
        row._meta.get_field("person")
        .related_model.objects.filter(pk=row.person_id)
        .values_list("user_id", flat=True)
    ),
    # The account a person is linked to now; ``person_user_link`` also names the one it
    # was linked to before (an unlinking in the admin reaches the old account only after
    # ``ROLES_CACHE_SECONDS``).
    "councils.Person": lambda row: [row.user_id],
}


def _on_role_row_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    users = _ROLE_MODELS.get(sender._meta.label)
    if users is not None:
        roles_changed(users(instance))


post_save.connect(_on_role_row_changed, dispatch_uid="accounts.rules.roles_changed.save")
post_delete.connect(_on_role_row_changed, dispatch_uid="accounts.rules.roles_changed.delete")


def _id(target: Any) -> int | None:
    return getattr(target, "pk", target)


def _deciding_body_id(seat: Any) -> int | None:
    """The body whose secretariat decides who holds a seat: the appointing body, or the
    seat's own body when no other body appoints to it."""
    return seat.appointing_body_id or seat.body_id


def seat_municipal_region_id(seat: Any) -> int | None:
    """The region whose municipalities may propose candidates for ``seat``, or None.

    A seat is open to the municipalities when no organisation nominates to it (a seat "DA
    nominates" is DA's to fill) and it is active; it is then open to the municipalities of
    the region of the body that decides for it (the appointing body, e.g. KKR Syddanmark for
    RAR Fyn's municipal seats, or the seat's own body when no other body appoints). A
    national deciding body (no region) opens it to no municipality.
    """
    if seat is None or seat.nominating_organisation_id is not None or not seat.is_active:
        return None
    deciding = seat.appointing_body if seat.appointing_body_id else seat.body
    return deciding.region_id


def _seat_municipality_ids(roles: Roles, seat: Any) -> frozenset[int]:
    """The user's own municipalities that may propose for ``seat``."""
    region_id = seat_municipal_region_id(seat)
    if region_id is None:
        return frozenset()
    return frozenset(m for m, r in roles.municipality_regions if r == region_id)


def can(user: Any, action: Action, target: Any = None) -> bool:
    """Whether ``user`` may perform ``action`` on ``target`` (a body, municipality or None)."""
    roles = roles_for(user)
    if action == Action.VIEW_PUBLIC:
        return True
    if roles.is_platform_admin:
        return True
    if action == Action.VIEW_CONTACT_DETAILS:
        # Politicians' and contact persons' e-mail and phone are for the public sector's
        # own: the secretariats, members and municipal contact persons. Not for a signed-in
        # user without a role, nor for an organisation's contact person (DA, LO, ...: people
        # outside the public sector who answer requests for input; decision 0023), nor for
        # a system with a members' token: personal data is not handed to machines in bulk.
        if roles.is_machine:
            return False
        return bool(roles.secretariat_body_ids or roles.member_body_ids or roles.municipality_ids)
    if action in (Action.EDIT_BODY, Action.VIEW_HISTORY):
        return _id(target) in roles.secretariat_body_ids
    if action == Action.VIEW_CLOSED:
        body_id = _id(target)
        return body_id in roles.secretariat_body_ids or body_id in roles.member_body_ids
    if action == Action.ACT_FOR_MUNICIPALITY:
        return _id(target) in roles.municipality_ids
    if action == Action.ACT_FOR_ORGANISATION:
        return _id(target) in roles.organisation_ids
    if action == Action.MANAGE_QUOTAS:
        # Without a region: national work (input data, the national figure), which any
        # KKR secretariat may do.
        return bool(roles.kkr_region_ids) if target is None else _id(target) in roles.kkr_region_ids
    if action == Action.VIEW_QUOTA_CALCULATION:
        return roles.is_staff_role
    if action == Action.WORK_ON_DISTRIBUTION_AGREEMENT:
        # A region's distribution agreement as it is discussed, and the municipalities'
        # answers and comments on it: its KKR secretariat and the contact persons of its
        # municipalities (quotas/access.py adds that a draft not yet sent is the KKR
        # secretariat's alone).
        region_id = _id(target)
        return region_id in roles.kkr_region_ids or region_id in roles.municipality_region_ids
    if action == Action.VIEW_APPOINTMENTS:
        return bool(roles.secretariat_body_ids)
    if action == Action.DECIDE_NOMINATION:
        return _deciding_body_id(target) in roles.secretariat_body_ids
    if action == Action.PROPOSE_NOMINATION:
        # The contact person of a municipality the seat is open to (see
        # ``seat_municipal_region_id``), on behalf of that municipality, or the secretariat
        # that decides for the seat.
        if target is None:
            return bool(roles.municipality_ids)
        return _deciding_body_id(target) in roles.secretariat_body_ids or bool(
            _seat_municipality_ids(roles, target)
        )
    if action == Action.VIEW_OWN_NOMINATIONS:
        # "Mine indstillinger": a municipality's contact person follows their proposals.
        return bool(roles.municipality_ids)
    if action == Action.MANAGE_COMPOSITION:
        # Seats, terms and memberships of a body, and the accounts of its members: the
        # body's secretariat (the composition is the body's record, like EDIT_BODY).
        return _id(target) in roles.secretariat_body_ids
    if action == Action.APPOINT_TO_SEAT:
        # Appoint to a seat, end a membership of it, register its substitute: the
        # secretariat that decides for the seat, or the secretariat of the seat's own body
        # (which records the appointments others make to it).
        return (
            _deciding_body_id(target) in roles.secretariat_body_ids
            or target.body_id in roles.secretariat_body_ids
        )
    if action == Action.GRANT_MUNICIPAL_CONTACT:
        # Make someone (or stop them being) a municipality's contact person: the secretariat
        # of the KKR of the municipality's region. Without a target: any KKR secretariat
        # (whether to offer the page at all).
        if target is None:
            return bool(roles.kkr_region_ids)
        return target.region_id in roles.kkr_region_ids
    if action == Action.GRANT_ORGANISATION_CONTACT:
        # Make someone (or stop them being) an organisation's contact person: the secretariat
        # of a body to one of whose seats the organisation nominates (decision 0023). Without
        # a target: any secretariat (whether to offer the page at all). With one, a query of
        # the organisation's seats through its own relation (accounts imports no app).
        if not roles.secretariat_body_ids:
            return False
        if target is None:
            return True
        # Only active seats: an organisation whose seat was abolished nominates no longer.
        return target.nominated_seats.filter(
            body_id__in=roles.secretariat_body_ids, is_active=True
        ).exists()
    if action == Action.REVOKE_ORGANISATION_CONTACT:
        # Stop someone being an organisation's contact person: as granting, but for any seat
        # of the secretariat's bodies the organisation nominates (or nominated) to, so that
        # the contacts of an organisation whose seat was abolished can still be removed.
        if not roles.secretariat_body_ids:
            return False
        if target is None:
            return True
        return target.nominated_seats.filter(body_id__in=roles.secretariat_body_ids).exists()
    # ADMINISTER_PLATFORM and any action added later without a rule: no.
    return False


# --- Scopes: "which ones", for lists and filters. ``None`` means all of them. -------------


def edited_body_ids(user: Any) -> frozenset[int] | None:
    """The bodies whose records (meetings, drafts, history) the user edits: the same rule as
    ``Action.EDIT_BODY``; ``None`` for administrators (all)."""
    roles = roles_for(user)
    if roles.is_platform_admin:
        return None
    return roles.secretariat_body_ids


def appointing_body_ids(user: Any) -> frozenset[int] | None:
    """The bodies whose appointments and nominations the user manages (as their
    secretariat): ``None`` for administrators (all), empty for everyone else."""
    roles = roles_for(user)
    if roles.is_platform_admin:
        return None
    return roles.secretariat_body_ids


def appointed_seats_q(user: Any, *, prefix: str = "") -> Q:
    """A filter on seats (``prefix`` e.g. ``"seat__"`` from a nomination) that the user
    decides for: the same rule as ``Action.DECIDE_NOMINATION``, as a query."""
    scope = appointing_body_ids(user)
    if scope is None:
        return Q()
    return Q(**{f"{prefix}appointing_body_id__in": scope}) | Q(
        **{f"{prefix}appointing_body__isnull": True, f"{prefix}body_id__in": scope}
    )


def nomination_municipality_ids(user: Any, seat: Any) -> frozenset[int] | None:
    """The municipalities on whose behalf the user may propose a candidate for ``seat``:
    ``None`` (any) for whoever decides for the seat, else the user's own municipalities
    that the seat is open to (``seat_municipal_region_id``)."""
    if can(user, Action.DECIDE_NOMINATION, seat):
        return None
    return _seat_municipality_ids(roles_for(user), seat)


def nominable_seats_q(user: Any) -> Q:
    """A filter on seats the user may propose a candidate for: the same rule as
    ``Action.PROPOSE_NOMINATION``, as a query (active seats only)."""
    roles = roles_for(user)
    if roles.is_platform_admin:
        return Q(is_active=True)
    open_to_contact = Q(pk__in=[])
    region_ids = {r for _m, r in roles.municipality_regions}
    if region_ids:
        open_to_contact = Q(nominating_organisation__isnull=True) & (
            Q(appointing_body__region_id__in=region_ids)
            | Q(appointing_body__isnull=True, body__region_id__in=region_ids)
        )
    decides = appointed_seats_q(user) if roles.secretariat_body_ids else Q(pk__in=[])
    return Q(is_active=True) & (open_to_contact | decides)


def contact_region_ids(user: Any) -> frozenset[int] | None:
    """The regions whose municipalities' contact persons the user appoints and removes:
    the same rule as ``Action.GRANT_MUNICIPAL_CONTACT``; ``None`` for administrators."""
    roles = roles_for(user)
    if roles.is_platform_admin:
        return None
    return roles.kkr_region_ids


def contact_municipality_ids(user: Any) -> frozenset[int]:
    """The municipalities the user is contact person for (their own proposals, "Mine
    indstillinger"); administrators too have only their own."""
    return roles_for(user).municipality_ids


def contact_organisation_ids(user: Any) -> frozenset[int]:
    """The organisations the user is contact person for (the requests for input they answer
    on its behalf); administrators too have only their own (decision 0023)."""
    return roles_for(user).organisation_ids


def organisation_contact_body_ids(user: Any) -> frozenset[int] | None:
    """The bodies whose nominating organisations' contact persons the user appoints and
    removes (``Action.GRANT_ORGANISATION_CONTACT``): the bodies of the user's secretariat;
    ``None`` for administrators (all)."""
    return edited_body_ids(user)


def composition_body_ids(user: Any) -> frozenset[int] | None:
    """The bodies whose composition the user manages: the same rule as
    ``Action.MANAGE_COMPOSITION``; ``None`` for administrators (all)."""
    return edited_body_ids(user)


def quota_region_ids(user: Any) -> frozenset[int] | None:
    """The regions whose refugee quotas the user manages (agreements, placements):
    ``None`` for administrators (all), the KKRs' regions for their secretariats."""
    roles = roles_for(user)
    if roles.is_platform_admin:
        return None
    return roles.kkr_region_ids


def distribution_agreement_region_ids(user: Any) -> frozenset[int] | None:
    """The regions whose distribution agreements the user works on (drafts, comments):
    the same rule as ``Action.WORK_ON_DISTRIBUTION_AGREEMENT``; ``None`` for administrators
    (all)."""
    roles = roles_for(user)
    if roles.is_platform_admin:
        return None
    return roles.kkr_region_ids | roles.municipality_region_ids


def secretariat_users_q(body_ids: Any, *, prefix: str = "") -> Q:
    """A filter on users (``prefix`` e.g. ``"user__"``) who are the secretariat of one of
    these bodies: the inverse of ``roles_for``, for finding whom to tell."""
    from accounts.models import Affiliation

    return Q(
        **{
            f"{prefix}is_active": True,
            f"{prefix}affiliations__kind": Affiliation.Kind.SECRETARIAT,
            f"{prefix}affiliations__body_id__in": list(body_ids),
        }
    )


def municipal_contact_users_q(municipality_ids: Any, *, prefix: str = "") -> Q:
    """A filter on users (``prefix`` e.g. ``"user__"``) who are the contact person of one of
    these municipalities: the inverse of ``roles_for``, for finding whom to remind."""
    from accounts.models import Affiliation

    return Q(
        **{
            f"{prefix}is_active": True,
            f"{prefix}affiliations__kind": Affiliation.Kind.MUNICIPAL_CONTACT,
            f"{prefix}affiliations__municipality_id__in": list(municipality_ids),
        }
    )


def organisation_contact_users_q(organisation_ids: Any, *, prefix: str = "") -> Q:
    """A filter on users (``prefix`` e.g. ``"user__"``) who are the contact person of one of
    these organisations: the inverse of ``roles_for``, for finding whom to tell."""
    from accounts.models import Affiliation

    return Q(
        **{
            f"{prefix}is_active": True,
            f"{prefix}affiliations__kind": Affiliation.Kind.ORGANISATION_CONTACT,
            f"{prefix}affiliations__organisation_id__in": list(organisation_ids),
        }
    )


def must_use_two_factor(user: Any) -> bool:
    """Administrators must sign in with a second factor (the issue's security baseline)."""
    return bool(user.is_authenticated and user.is_superuser)
