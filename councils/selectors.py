"""Reads for the base records, each with a fixed number of queries whatever the row count."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Prefetch, Q, QuerySet, When
from django.http import Http404

from accounts.rules import (
    Action,
    can,
    municipal_contact_users_q,
    roles_for,
    secretariat_users_q,
)
from core.history import HistoryEntry, history_entries
from councils.models import Body, Membership, Municipality, Region


def current_member_body_ids(user: Any) -> QuerySet[Any]:
    """The bodies the user is a member of today (a current membership of the user's person):
    the member role of ``accounts.rules`` (decision 0003), which asks this through
    ``rules.register_member_body_ids`` because accounts sits below councils."""
    return Membership.objects.current().filter(person__user=user).values_list("body_id", flat=True)


@dataclass(frozen=True)
class RoleOverview:
    is_platform_admin: bool
    secretariat_bodies: list[Any]
    member_bodies: list[Any]
    municipalities: list[Any]


def role_overview_for_user(*, user: Any) -> RoleOverview:
    """What the user's roles cover, for the profile page (``accounts.pages.PROFILE_PAGE``)."""
    roles = roles_for(user)
    return RoleOverview(
        is_platform_admin=roles.is_platform_admin,
        secretariat_bodies=list(Body.objects.filter(pk__in=roles.secretariat_body_ids)),
        member_bodies=list(Body.objects.filter(pk__in=roles.member_body_ids)),
        municipalities=list(Municipality.objects.filter(pk__in=roles.municipality_ids)),
    )


def region_list_with_bodies() -> QuerySet[Region]:
    """Regions with their active bodies (the KKR first), for the front page: two queries."""
    # The KKR first within a region, then the other bodies by name.
    bodies = Body.objects.filter(is_active=True).order_by(
        Case(When(kind=Body.Kind.KKR, then=0), default=1), "name"
    )
    return Region.objects.prefetch_related(Prefetch("bodies", queryset=bodies))


def national_bodies() -> QuerySet[Body]:
    """Active bodies not tied to one region (e.g. Danmarks Erhvervsfremmebestyrelse)."""
    return Body.objects.filter(is_active=True, region__isnull=True)


def body_get(*, slug: str) -> Body:
    body = Body.objects.select_related("region", "parent", "secretariat").filter(slug=slug).first()
    if body is None:
        raise Http404
    return body


def body_children(*, body: Body) -> QuerySet[Body]:
    return body.children.filter(is_active=True)


def membership_current_list(*, body: Body) -> QuerySet[Membership]:
    """Who holds a seat in the body today."""
    return (
        Membership.objects.current()
        .filter(body=body)
        .select_related("person", "on_behalf_of", "municipality")
        .order_by("role", "person__name")
    )


def municipality_get(*, key: str) -> Municipality:
    """A municipality by its slug or its official code (``/kommuner/aarhus/``,
    ``/kommuner/751/``)."""
    municipality = (
        Municipality.objects.select_related("region").filter(Q(slug=key) | Q(code=key)).first()
    )
    if municipality is None:
        raise Http404
    return municipality


def municipality_memberships(*, municipality: Municipality) -> QuerySet[Membership]:
    """Who represents the municipality in a body today (current memberships), by body."""
    return (
        Membership.objects.current()
        .filter(municipality=municipality, body__is_active=True)
        .select_related("person", "body", "seat")
        .order_by("body__name", "role", "person__name")
    )


def municipality_contact_persons(*, municipality: Municipality, user: Any) -> list[Any]:
    """The municipality's contact persons in the portal, for signed-in users only (the same
    rule as other contact details, ``Action.VIEW_CONTACT_DETAILS``); empty otherwise."""
    if not can(user, Action.VIEW_CONTACT_DETAILS):
        return []
    from accounts.models import User

    return list(
        User.objects.filter(municipal_contact_users_q([municipality.pk]))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def nominations_proposed_by(*, user: Any) -> QuerySet[Any]:
    """The user's own proposals still waiting for a decision ("Mine opgaver")."""
    from councils.models import Nomination

    if not user.is_authenticated:
        return Nomination.objects.none()
    return (
        Nomination.objects.filter(proposed_by=user, status=Nomination.Status.PROPOSED)
        .select_related("seat__body", "on_behalf_of_municipality")
        .order_by("proposed_at")
    )


def municipality_list(*, region_code: str | None = None) -> QuerySet[Municipality]:
    queryset = Municipality.objects.select_related("region")
    if region_code:
        queryset = queryset.filter(region__code=region_code)
    return queryset.order_by("name")


def body_history(*, body: Body, user: Any, limit: int = 200) -> list[HistoryEntry]:
    """Who changed what and when, for the body and its memberships; newest first.

    Only the body's secretariat and platform administrators may see it.
    """
    if not can(user, Action.VIEW_HISTORY, body):
        raise PermissionError
    body_records = list(
        body.history.select_related("history_user").order_by("-history_date")[:limit]
    )
    membership_records = list(
        Membership.history.filter(body_id=body.pk)
        .select_related("history_user", "person")
        .order_by("-history_date")[:limit]
    )
    entries = history_entries(body_records, lambda r: str(body)) + history_entries(
        membership_records,
        lambda r: f"{r.person.name if r.person else ''} ({r.get_role_display()})",
    )
    return sorted(entries, key=lambda e: e.when, reverse=True)[:limit]


def secretariat_emails(*bodies: Body | None) -> list[str]:
    """The e-mail addresses of the active secretariat users of these bodies."""
    from accounts.models import User

    ids = [body.pk for body in bodies if body is not None]
    return sorted(
        set(
            User.objects.filter(secretariat_users_q(ids))
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
