"""The composition as Popolo (https://www.popoloproject.com): persons, organizations, posts
and memberships, with ``on_behalf_of`` for the nominating organisation."""

from __future__ import annotations

from typing import Any

from councils.models import Body, Membership, Organisation, Person, Seat


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


def popolo_export(*, include_contact: bool = False) -> dict[str, list[dict]]:
    """Every body, organisation, person, seat and membership: five queries in all."""
    organizations = [
        {
            "id": f"body-{body.slug}",
            "name": body.name,
            "classification": body.kind,
            "parent_id": f"body-{body.parent.slug}" if body.parent else None,
        }
        for body in Body.objects.select_related("parent").order_by("slug")
    ] + [
        {"id": f"org-{org.slug}", "name": org.name, "classification": org.kind}
        for org in Organisation.objects.order_by("slug")
    ]
    persons = []
    for person in Person.objects.order_by("slug"):
        item: dict[str, Any] = {"id": f"person-{person.slug}", "name": person.name}
        if include_contact and person.email:
            item["email"] = person.email
        persons.append(item)
    posts = [
        {
            "id": f"seat-{seat.pk}",
            "label": seat.label,
            "role": seat.role,
            "organization_id": f"body-{seat.body.slug}",
        }
        for seat in Seat.objects.select_related("body").order_by("pk")
    ]
    memberships = [
        {
            "id": f"membership-{m.pk}",
            "person_id": f"person-{m.person.slug}",
            "organization_id": f"body-{m.body.slug}",
            "post_id": f"seat-{m.seat_id}" if m.seat_id else None,
            "role": m.role,
            "on_behalf_of_id": f"org-{m.on_behalf_of.slug}" if m.on_behalf_of else None,
            "start_date": _date(m.start),
            "end_date": _date(m.end),
        }
        for m in Membership.objects.select_related("person", "body", "on_behalf_of").order_by("pk")
    ]
    return {
        "persons": persons,
        "organizations": organizations,
        "posts": posts,
        "memberships": memberships,
    }
