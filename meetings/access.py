"""Who may see what of a meeting: the one place where meeting visibility is decided.

Pages, the API, feeds, calendars, PDFs, attachment downloads, newsletters, history pages
and (later) search and OParl ask this module; none of them re-derives the rule from a
status, a closed flag or a role.

The rules:

* A meeting is visible to everyone once its agenda has been published
  (``Meeting.agenda_published_at`` is set when it is, and never cleared); before that only
  to the secretariat of its body and the platform administrator. Cancelling a meeting does
  not publish it.
* The public reads the *published version* (a snapshot taken when publishing), not the
  live rows: edits after publishing are a draft only the secretariat sees, until it
  publishes again.
* An item is closed when it is marked closed *or its parent item is*; a closed item shows
  the public only its number. Attachments are closed when marked closed or when their item
  is. Members and the secretariat of the body (and the administrator) see closed content.
* A public file (attachment or PDF) that showed something which the current published
  version closes is withdrawn from the public.
* The meeting plan (deadline rules, each meeting's item deadline and planned publication
  date, late items, overdue agendas) is the secretariat's only (``may_see_planning``).
* Named attendance is shown to signed-in users, or to everyone when the body publishes it;
  so are who left, joined or was disqualified at an item.
* Approving the minutes online ("Godkend referat") is for the body's members on the
  meeting's day (chair, vice chair, members: ``minutes_approver_person_ids``), when the body
  approves its minutes online and the secretariat has asked. Adjusting them (justering) is
  for the meeting's adjusters, who read and comment on the draft minutes before they are
  published; nobody else but the secretariat sees that draft.

The role rules themselves (who is secretariat or member of which body) live in
``accounts.rules``; this module turns them into meeting decisions.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

from accounts.rules import Action, can, edited_body_ids
from core.models import TimestampedQuerySet

if TYPE_CHECKING:
    from meetings.models import AgendaItem, Meeting


class Audience(StrEnum):
    """Which rendering of an agenda a viewer gets. Cached fragments are keyed by it."""

    PUBLIC = "public"  # published version, closed content redacted
    MEMBERS = "members"  # published version with closed content
    EDIT = "edit"  # the live draft, with closed content and decisions


@dataclass(frozen=True)
class MeetingAccess:
    """What one user may do with one meeting; computed once per user and meeting."""

    may_view: bool
    may_edit: bool
    sees_closed: bool
    sees_attendance: bool

    @property
    def audience(self) -> Audience:
        if self.may_edit:
            return Audience.EDIT
        return Audience.MEMBERS if self.sees_closed else Audience.PUBLIC

    @property
    def sees_draft(self) -> bool:
        """The live rows (unpublished edits) are the secretariat's only."""
        return self.may_edit

    @property
    def pdf_audience(self) -> str:
        """The members' PDF (closed items, and who attended by name: ``pdf_shows_attendance``)
        for those who see both; everyone else, a members' API token included (it sees
        closed items but no persons' details), gets the public one."""
        if self.audience == Audience.PUBLIC or not self.sees_attendance:
            return "public"
        return "members"


def meeting_access(user: Any, meeting: Meeting) -> MeetingAccess:
    """The user's access to ``meeting``. Cheap: the roles are computed once per user object
    (``accounts.rules.roles_for``), so nothing more is cached here."""
    may_edit = body_may_edit(user, meeting.body_id)
    return MeetingAccess(
        may_view=may_edit or meeting.agenda_published_at is not None,
        may_edit=may_edit,
        sees_closed=may_edit or can(user, Action.VIEW_CLOSED, meeting.body_id),
        sees_attendance=(
            public_sees_attendance(meeting.body) or can(user, Action.VIEW_CONTACT_DETAILS)
        ),
    )


def public_sees_attendance(body: Any) -> bool:
    """Whether everyone may see who attended the body's meetings (also at each item)."""
    return bool(body.publishes_attendance)


def pdf_shows_attendance(body: Any, *, public: bool) -> bool:
    """Whether a meeting PDF shows who attended: the members' PDF always, the public one
    as the public may see it."""
    return not public or public_sees_attendance(body)


# The roles that make a person a member of a body for attendance and approving the minutes.
MEMBER_ROLES = ("chair", "vice_chair", "member")


def minutes_approval_rule(body: Any) -> str:
    """How ``body`` approves its minutes (``MinutesApprovalRule``): at the next meeting
    unless its minutes settings say online by the members or by adjusters."""
    from django.core.exceptions import ObjectDoesNotExist

    from meetings.models import BodyMinutesSettings, MinutesApprovalRule

    settings: BodyMinutesSettings | None
    if hasattr(body, "_meta"):
        # A body: its settings row, loaded with it when selected so (``select_related``).
        try:
            settings = body.minutes_settings
        except ObjectDoesNotExist:
            settings = None
    else:
        settings = BodyMinutesSettings.objects.filter(body_id=body).first()
    return settings.approval if settings is not None else MinutesApprovalRule.NEXT_MEETING


def _meeting_day(meeting: Meeting) -> Any:
    from django.utils import timezone

    return timezone.localtime(meeting.starts_at).date()


def minutes_approver_person_ids(meeting: Meeting) -> set[int]:
    """The persons who approve the minutes online: the body's members (``MEMBER_ROLES``)
    on the meeting's day."""
    from councils.models import Membership

    return set(
        Membership.objects.current(_meeting_day(meeting))
        .filter(body_id=meeting.body_id, role__in=MEMBER_ROLES)
        .values_list("person_id", flat=True)
    )


def minutes_chair_person_id(meeting: Meeting) -> int | None:
    """The body's chair on the meeting's day (an adjuster of the minutes by office)."""
    from councils.models import Membership

    return (
        Membership.objects.current(_meeting_day(meeting))
        .filter(body_id=meeting.body_id, role="chair")
        .values_list("person_id", flat=True)
        .first()
    )


def person_id_of(user: Any) -> int | None:
    """The person record of a signed-in user, if any (a caller without an account row, such
    as a system's token, has none: ``user_id IS NULL`` would match every person without one)."""
    if user is None or not getattr(user, "is_authenticated", False) or user.pk is None:
        return None
    from councils.models import Person

    return Person.objects.filter(user_id=user.pk).values_list("pk", flat=True).first()


def may_approve_minutes(user: Any, meeting: Meeting) -> bool:
    """Whether ``user`` may approve these minutes online now ("Godkend referat")."""
    from meetings.models import MinutesApprovalRule

    if meeting.minutes_approval_requested_at is None or meeting.minutes_approved_at is not None:
        return False
    if minutes_approval_rule(meeting.body) != MinutesApprovalRule.MEMBERS_ONLINE:
        return False
    person_id = person_id_of(user)
    return person_id is not None and person_id in minutes_approver_person_ids(meeting)


def is_minutes_adjuster(user: Any, meeting: Meeting) -> bool:
    """Whether ``user`` is one of the adjusters (justerare) of this meeting's minutes."""
    from meetings.models import MinutesAdjuster

    person_id = person_id_of(user)
    return (
        person_id is not None
        and MinutesAdjuster.objects.filter(meeting=meeting, person_id=person_id).exists()
    )


def sees_minutes_approval(user: Any, meeting: Meeting) -> bool:
    """The state of the members' approval (who has approved): the secretariat and the
    body's members."""
    return body_may_edit(user, meeting.body_id) or can(user, Action.VIEW_CLOSED, meeting.body_id)


def may_read_minutes_draft(user: Any, meeting: Meeting) -> bool:
    """The draft minutes with their comments: the secretariat, and the adjusters until the
    minutes are published (after that the secretariat's later, unpublished edits are its
    own; the adjusters read the published version like every member)."""
    if body_may_edit(user, meeting.body_id):
        return True
    return meeting.minutes_published_at is None and is_minutes_adjuster(user, meeting)


def may_see_planning(user: Any, body: Any) -> bool:
    """The body's meeting plan: its deadline rules, each meeting's item deadline and planned
    publication date, late items and overdue agendas. The secretariat's (and the
    administrator's) only: a planned publication date or a late item would tell the public
    of a meeting, or an item, that is not published."""
    return body_may_edit(user, body)


def body_may_edit(user: Any, body: Any) -> bool:
    """Whether the user edits the meetings, agendas and newsletters of ``body``."""
    return can(user, Action.EDIT_BODY, body)


def item_is_closed(item: AgendaItem, parent: AgendaItem | None = None) -> bool:
    """Closed when marked so or when its parent item is (a sub-item inherits it).

    ``parent`` may be passed when it is already loaded, to save a query."""
    if item.is_closed:
        return True
    if item.parent_id is None:
        return False
    parent = parent if parent is not None else item.parent
    return bool(parent and parent.is_closed)


def attachment_is_closed(attachment: Any, item_closed: bool) -> bool:
    return bool(attachment.is_closed or item_closed)


class MeetingQuerySet(TimestampedQuerySet):
    def published(self) -> MeetingQuerySet:
        """Meetings whose agenda has been published (what the public may know of)."""
        return self.filter(agenda_published_at__isnull=False)

    def visible_to(self, user: Any) -> MeetingQuerySet:
        """The meetings ``user`` may see: published ones, and the unpublished ones of the
        bodies whose secretariat the user is (all of them for the administrator)."""
        edited = edited_body_ids(user)
        if edited is None:
            return self
        return self.filter(Q(agenda_published_at__isnull=False) | Q(body_id__in=edited))


class NewsletterQuerySet(TimestampedQuerySet):
    def visible_to(self, user: Any) -> NewsletterQuerySet:
        """Published newsletters, and drafts for the secretariat of their body."""
        edited = edited_body_ids(user)
        if edited is None:
            return self
        return self.filter(Q(status="published") | Q(body_id__in=edited))


class LiveQuerySet(models.QuerySet):
    """Items and attachments in the bin (``deleted_at`` set) are kept for published
    versions, undo and history, but are not part of the agenda."""

    def in_bin(self) -> LiveQuerySet:
        return self.filter(deleted_at__isnull=False)


# A manager class made by from_queryset is a dynamic base for the type checker.
class LiveManager(models.Manager.from_queryset(LiveQuerySet)):  # type: ignore[misc]  # see above
    """The default manager of items and attachments: what is on the agenda. ``path`` leads
    from the model to its item ("" for an item, "item__" for an attachment): anything whose
    item or parent item is in the bin is in the bin too."""

    # A class attribute, not an argument: Django builds related managers from the class.
    path = ""

    def get_queryset(self) -> LiveQuerySet:
        p = self.path
        live = Q(deleted_at__isnull=True) & Q(**{f"{p}parent__deleted_at__isnull": True})
        if p:
            live &= Q(**{f"{p}deleted_at__isnull": True})
        return super().get_queryset().filter(live)


class AttachmentLiveManager(LiveManager):
    path = "item__"


# --- Search (issue 16): the index stores, per meeting, one row per audience, made from what
# that audience reads; the viewer is matched to the one audience it gets of each body. -----


def search_audience_accesses() -> dict[Audience, MeetingAccess]:
    """The access each search audience has to a meeting it may view: the index renders a
    meeting once per audience with it (the secretariat the live draft, the members and the
    public the published version, with or without closed content)."""
    return {
        Audience.PUBLIC: MeetingAccess(
            may_view=True, may_edit=False, sees_closed=False, sees_attendance=False
        ),
        Audience.MEMBERS: MeetingAccess(
            may_view=True, may_edit=False, sees_closed=True, sees_attendance=False
        ),
        Audience.EDIT: MeetingAccess(
            may_view=True, may_edit=True, sees_closed=True, sees_attendance=False
        ),
    }


def search_visible_q(
    user: Any, *, audience_field: str = "audience", body_field: str = "body_id"
) -> Q:
    """The index rows of meetings ``user`` may find: for each body exactly the audience
    ``meeting_access`` gives the user (the draft for its secretariat, the published version
    with closed content for its members, the public rendering for everyone else). Rows of
    an unpublished meeting exist only for the secretariat's audience."""
    from accounts.rules import roles_for

    edited = edited_body_ids(user)
    if edited is None:
        return Q(**{audience_field: Audience.EDIT})
    roles = roles_for(user)
    candidates = roles.secretariat_body_ids | roles.member_body_ids
    closed = {b for b in candidates if can(user, Action.VIEW_CLOSED, b)} - set(edited)
    return (
        Q(**{audience_field: Audience.EDIT, f"{body_field}__in": sorted(edited)})
        | Q(**{audience_field: Audience.MEMBERS, f"{body_field}__in": sorted(closed)})
        | (
            Q(**{audience_field: Audience.PUBLIC})
            & ~Q(**{f"{body_field}__in": sorted(closed | set(edited))})
        )
    )


def search_visible_newsletter_ids(user: Any) -> Any:
    """The newsletters ``user`` may find (a subquery of ids)."""
    from meetings.models import Newsletter

    return Newsletter.objects.visible_to(user).values("pk")
