"""Who may see and edit which agreements: the one place that decides it for the agreements
app. The roles come from ``accounts.rules``; this module turns them into decisions.

* Agreements are public documents: everyone, also without signing in, sees an agreement
  that is not a draft and not marked internal, with its parties, goals, indicators,
  measurements, economy and its documents that are not marked internal.
* A draft (status "draft"), an internal agreement and an internal document are seen only
  by the secretariat of the agreement's responsible body (``Action.EDIT_BODY``) and the
  platform administrator.
* The same secretariat (and the administrator) edits the agreement and everything in it,
  and alone opens its follow-up rounds, sees their answers and accepts them
  (``may_follow_up``); the narratives it accepted are part of the agreement (public as it).
* The versions of an agreement (each change after it came into force, with its note) are
  seen by whoever sees the agreement (``may_see_versions``); its history (every change of
  every part, and who made it) by its secretariat only (``may_see_history``).

Pages (and later the API, exports and PDFs) ask ``Agreement.objects.visible_to(user)``,
``agreement_access(user, agreement)`` and ``documents_visible``; nothing else looks at a
status, a flag or a role to decide.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

from accounts.rules import Action, can, edited_body_ids
from core.models import TimestampedQuerySet

if TYPE_CHECKING:
    from agreements.models import Agreement, AgreementDocument


def _public_q() -> Q:
    from agreements.models import AgreementStatus

    return Q(is_internal=False) & ~Q(status=AgreementStatus.DRAFT)


class AgreementQuerySet(TimestampedQuerySet):
    def public(self) -> AgreementQuerySet:
        """What everybody may know of: neither a draft nor internal."""
        return self.filter(_public_q())

    def visible_to(self, user: Any) -> AgreementQuerySet:
        """The agreements ``user`` may see: the public ones, and every agreement of the
        bodies whose secretariat the user is (all of them for the administrator)."""
        edited = edited_body_ids(user)
        if edited is None:
            return self
        return self.filter(_public_q() | Q(body_id__in=edited))

    def editable_by(self, user: Any) -> AgreementQuerySet:
        """The agreements ``user`` edits (e.g. as a parent to choose)."""
        edited = edited_body_ids(user)
        if edited is None:
            return self
        return self.filter(body_id__in=edited)


@dataclass(frozen=True)
class AgreementAccess:
    """What one user may do with one agreement; computed once per request."""

    may_view: bool
    may_edit: bool

    @property
    def sees_internal(self) -> bool:
        """Internal documents (and the fact that the agreement is a draft or internal)."""
        return self.may_edit

    def sees_document(self, document: AgreementDocument) -> bool:
        return self.may_edit or not document.is_internal


def agreement_access(user: Any, agreement: Agreement) -> AgreementAccess:
    """The user's access to ``agreement`` (no query beyond the cached roles)."""
    may_edit = body_may_edit(user, agreement.body_id)
    public = agreement.status != agreement.Status.DRAFT and not agreement.is_internal
    return AgreementAccess(may_view=may_edit or public, may_edit=may_edit)


def may_follow_up(access: AgreementAccess) -> bool:
    """Whether the user opens follow-up rounds of the agreement, sees their answers side by
    side with the targets, accepts them and enters an organisation party's figures: the
    responsible body's secretariat (and the administrator). The round's request for input is
    governed by ``consultations.access`` as every request is."""
    return access.may_edit


def may_see_versions(access: AgreementAccess) -> bool:
    """Whether the user sees the agreement's versions (each rendered from its snapshot, and
    compared): whoever sees the agreement. A public agreement's versions are public; a
    draft's or an internal agreement's are its secretariat's only, as the agreement is."""
    return access.may_view


def may_see_history(access: AgreementAccess) -> bool:
    """Whether the user sees the history of the agreement and its parts (who changed what
    and when, django-simple-history): the responsible body's secretariat and the
    administrator, as for meetings and bodies."""
    return access.may_edit


def body_may_edit(user: Any, body: Any) -> bool:
    """Whether the user keeps the agreements of ``body`` (creates, edits, renews, ends)."""
    return can(user, Action.EDIT_BODY, body)


def may_create_agreements(user: Any) -> bool:
    """Whether the user keeps the agreements of at least one body."""
    edited = edited_body_ids(user)
    return edited is None or bool(edited)


def documents_visible(
    access: AgreementAccess, documents: models.QuerySet[Any]
) -> models.QuerySet[Any]:
    """The documents of an agreement that the user may see and download."""
    return documents if access.sees_internal else documents.filter(is_internal=False)


def public_part_pks(model: Any, pks: Iterable[int]) -> set[int]:
    """Those of ``pks`` of ``model`` (a part with an ``agreement``: a track, a plan matrix)
    whose agreement the public may see: a part is as public as its agreement."""
    from django.contrib.auth.models import AnonymousUser

    from agreements.models import Agreement

    public = Agreement.objects.visible_to(AnonymousUser()).values("pk")
    return set(model.objects.filter(pk__in=pks, agreement__in=public).values_list("pk", flat=True))


def search_internal_ids(user: Any) -> models.QuerySet[Any]:
    """The agreements whose internal documents ``user`` may find (``AgreementAccess.
    sees_internal``: their body's secretariat, the administrator), as a subquery of ids."""
    from agreements.models import Agreement

    return Agreement.objects.editable_by(user).values("pk")


def search_visible_ids(user: Any) -> models.QuerySet[Any]:
    """The agreements whose index rows (the agreement, its goals, indicators and tracks)
    ``user`` may find: those the user may see (a subquery of ids, for search)."""
    from agreements.models import Agreement

    return Agreement.objects.visible_to(user).values("pk")
