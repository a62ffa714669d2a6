"""Writes for agreements: each function is keyword-only, takes the ``actor``, runs in one
transaction and saves through ``save_as`` (so the history names the actor).

Who may call which service is checked by the views through ``agreements.access``; the
services enforce the rules of an agreement's life:

* a period ends on or after its start; an agreement is not its own ancestor (the agreement
  complex is a tree: national → regional → local);
* a form saved against a stale version is a conflict naming what changed;
* an indicator's target needs a unit; a measurement is for a year within the period;
* a goal with measurements is not removed (the follow-up would be lost);
* once an agreement is in force (or has ended), each change of its fields, parties, economy,
  goals or indicators needs a note saying what changed and why, and is recorded as a new
  version with a snapshot of what the agreement then says (``AgreementVersion``); the first
  version is recorded when it comes into force, another when it is terminated; drafts need
  no note and have no versions;
* a draft comes into force; when it renews another agreement, that one is then "replaced";
  renewing copies the goals and indicators into a draft for the next period, with the
  targets left to be set; ending an agreement in force terminates it on a date.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from agreements import signals
from agreements.models import (
    Agreement,
    AgreementDocument,
    AgreementKind,
    AgreementVersion,
    EconomyLine,
    Goal,
    Indicator,
    Measurement,
    Party,
    PlanMatrix,
    Track,
)
from agreements.selectors_versions import agreement_snapshot
from core.errors import ConflictError
from core.history import save_as
from core.html import sanitize_html
from core.models import tombstone_if_withdrawn, tombstones_if_withdrawn, touch
from core.uploads import UploadRefused, upload_check

AGREEMENT_FIELDS = ("kind", "title", "body", "start", "end", "parent", "is_internal", "summary")
GOAL_FIELDS = ("title", "description")
INDICATOR_FIELDS = (
    "name",
    "unit",
    "baseline_value",
    "baseline_year",
    "target_value",
    "target_year",
    "direction",
    "frequency",
    "source",
)


def _is_user(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def _date(value: dt.date) -> str:
    return date_format(value, "DATE_FORMAT")


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.date):
        return _date(value)
    return str(value)


def _conflict(instance: Any, fields: tuple[str, ...]) -> ConflictError:
    """The second writer is told what the record holds now instead of overwriting it."""
    if isinstance(instance, Goal):
        message = _(
            "Someone else changed this goal while you were editing it. Their version is "
            "shown below; your changes were not saved. Check them and save again."
        )
    elif isinstance(instance, Indicator):
        message = _(
            "Someone else changed this indicator while you were editing it. Their version is "
            "shown below; your changes were not saved. Check them and save again."
        )
    else:
        message = _(
            "Someone else changed this agreement while you were editing it. Their version is "
            "shown below; your changes were not saved. Check them and save again."
        )
    return ConflictError(
        message,
        changes=[
            (
                str(type(instance)._meta.get_field(name).verbose_name),
                _shown(getattr(instance, name)),
            )
            for name in fields
        ],
    )


# --- Versions --------------------------------------------------------------------------------

CHANGE_NOTE_MAX = 2000


def needs_change_note(agreement: Agreement) -> bool:
    """Whether a change of the agreement needs a note and makes a new version: once it is
    no longer a draft (in force, expired, terminated or replaced)."""
    return agreement.status != Agreement.Status.DRAFT


def _change_note(agreement: Agreement, change_note: str) -> str:
    """The note of a change, checked before anything is changed: required once the
    agreement is in force."""
    note = (change_note or "").strip()
    if needs_change_note(agreement) and not note:
        raise ValidationError(
            {
                "change_note": _(
                    "The agreement is in force, so each change is kept as a new version. "
                    "Write briefly what changed and why."
                )
            }
        )
    if len(note) > CHANGE_NOTE_MAX:
        raise ValidationError(
            {"change_note": _("Keep the note to %(max)s characters.") % {"max": CHANGE_NOTE_MAX}}
        )
    return note


def _locked(agreement_id: int) -> Agreement:
    """The agreement, locked for the change (so two versions never get the same number)."""
    return Agreement.objects.select_for_update().get(pk=agreement_id)


def version_record(*, actor: Any, agreement_id: int, note: str) -> AgreementVersion:
    """A new version of the agreement as it is now, numbered after the last one. Called by
    the services below inside their transaction, after the change."""
    last = (
        AgreementVersion.objects.filter(agreement_id=agreement_id).aggregate(m=Max("number"))["m"]
        or 0
    )
    version = AgreementVersion.objects.create(
        agreement_id=agreement_id,
        number=last + 1,
        note=note,
        snapshot=agreement_snapshot(agreement_id=agreement_id),
        changed_by=actor if _is_user(actor) else None,
    )
    signals.agreement_changed_on_commit(agreement_id)
    return version


def _after_change(*, actor: Any, agreement: Agreement, note: str) -> None:
    if needs_change_note(agreement):
        version_record(actor=actor, agreement_id=agreement.pk, note=note)


# --- Kinds -----------------------------------------------------------------------------------


def builtin_kind(code: str) -> AgreementKind:
    """The row of a built-in kind (made by migration 0002; made again if it is missing)."""
    label = AgreementKind.Builtin(code)
    kind, _created = AgreementKind.objects.get_or_create(
        code=code, defaults={"name": str(label.label), "slug": slugify(code)}
    )
    return kind


@transaction.atomic
def agreement_kind_add(*, actor: Any, name: str) -> AgreementKind:
    """A kind the secretariat adds (e.g. "Samarbejdsaftale"); an existing kind of the same
    name is reused rather than doubled."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"new_kind": _("Give the new kind a name.")})
    existing = AgreementKind.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    base = slugify(name) or "type"
    slug, n = base, 1
    while AgreementKind.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    kind = AgreementKind(name=name, slug=slug, created_by=actor if _is_user(actor) else None)
    save_as(kind, actor=actor)
    return kind


# --- Agreements ------------------------------------------------------------------------------


def _check_period(start: dt.date, end: dt.date | None) -> None:
    if end is not None and end < start:
        raise ValidationError(
            {
                "end": _(
                    "The period ends (%(end)s) before it starts (%(start)s). Correct one of "
                    "the dates."
                )
                % {"end": _date(end), "start": _date(start)}
            }
        )


def _check_parent(agreement: Agreement | None, parent: Agreement | None) -> None:
    """The agreement complex is a tree: refused when ``parent`` is the agreement itself or
    lies below it (one query per level; complexes are a few levels deep)."""
    if parent is None or agreement is None or agreement.pk is None:
        return
    seen: set[int] = set()
    current: Agreement | None = parent
    while current is not None:
        if current.pk == agreement.pk:
            raise ValidationError(
                {
                    "parent": _(
                        "“%(parent)s” lies within this agreement, so it cannot also be its "
                        "parent agreement (the agreements would contain each other). Choose "
                        "another parent agreement or none."
                    )
                    % {"parent": parent.title}
                }
            )
        if current.pk in seen:  # a loop already in the data: stop rather than hang
            break
        seen.add(current.pk)
        current = (
            Agreement.objects.filter(pk=current.parent_id).first()
            if current.parent_id is not None
            else None
        )


def _clean_agreement_fields(fields: dict[str, Any]) -> dict[str, Any]:
    if "title" in fields:
        fields["title"] = " ".join((fields["title"] or "").split())
        if not fields["title"]:
            raise ValidationError({"title": _("An agreement needs a title.")})
    if "summary" in fields:
        fields["summary"] = sanitize_html(fields["summary"] or "", top_heading=3)
    return fields


@transaction.atomic
def agreement_create(
    *,
    actor: Any,
    body: Any,
    title: str,
    start: dt.date,
    kind: AgreementKind | None = None,
    new_kind: str = "",
    end: dt.date | None = None,
    parent: Agreement | None = None,
    is_internal: bool = False,
    summary: str = "",
) -> Agreement:
    """A draft agreement kept by ``body``'s secretariat. The kind is one of the list, or a
    new kind by name (``new_kind``). Refused: a period that ends before it starts, no kind."""
    fields = _clean_agreement_fields({"title": title, "summary": summary})
    _check_period(start, end)
    if new_kind.strip():
        kind = agreement_kind_add(actor=actor, name=new_kind)
    if kind is None:
        raise ValidationError({"kind": _("Choose the kind of agreement, or name a new one.")})
    agreement = Agreement(
        body=body,
        kind=kind,
        start=start,
        end=end,
        parent=parent,
        is_internal=is_internal,
        created_by=actor if _is_user(actor) else None,
        **fields,
    )
    save_as(agreement, actor=actor)
    return agreement


@transaction.atomic
def agreement_update(
    *,
    actor: Any,
    agreement_id: int,
    expected_version: int,
    new_kind: str = "",
    change_note: str = "",
    **fields: Any,
) -> Agreement:
    """Change an agreement's kind, title, responsible body, period, parent, internal flag
    and summary. Refused: a stale version (a conflict naming what changed), a period that
    ends before it starts, a parent agreement that would make a cycle, no change note once
    the agreement is in force."""
    unknown = set(fields) - set(AGREEMENT_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    agreement = Agreement.objects.select_for_update().get(pk=agreement_id)
    if agreement.version != expected_version:
        raise _conflict(agreement, AGREEMENT_FIELDS)
    note = _change_note(agreement, change_note)
    fields = _clean_agreement_fields(fields)
    _check_period(fields.get("start", agreement.start), fields.get("end", agreement.end))
    if "parent" in fields:
        _check_parent(agreement, fields["parent"])
    if new_kind.strip():
        fields["kind"] = agreement_kind_add(actor=actor, name=new_kind)
    if "kind" in fields and fields["kind"] is None:
        raise ValidationError({"kind": _("Choose the kind of agreement, or name a new one.")})
    # Made internal: the public's copies (the REST change feed) must learn it is gone, with
    # its tracks and plan matrices (as public as their agreement).
    was_public = "is_internal" in fields and bool(Agreement.public_pks([agreement.pk]))
    parts: dict[type[Track] | type[PlanMatrix], list[int]] = {
        Track: list(agreement.tracks.values_list("pk", flat=True)),
        PlanMatrix: list(agreement.matrices.values_list("pk", flat=True)),
    }
    parts_public = {
        model: model.public_pks(pks) if was_public else set() for model, pks in parts.items()
    }
    for name, value in fields.items():
        setattr(agreement, name, value)
    agreement.version += 1
    save_as(agreement, actor=actor)
    if tombstone_if_withdrawn(agreement, was_public=was_public):
        for model, public in parts_public.items():
            tombstones_if_withdrawn(model, public)
    elif "is_internal" in fields and not was_public and Agreement.public_pks([agreement.pk]):
        # Public again: the parts come back after their tombstones, with a newer modified.
        for model, pks in parts.items():
            touch(model, pks)
    _after_change(actor=actor, agreement=agreement, note=note)
    return agreement


def _bump(agreement: Agreement) -> None:
    agreement.version += 1


# What may happen next in an agreement's life; the services refuse the rest, and the page
# offers only these (through ``selectors.agreement_page``).


def may_come_into_force(agreement: Agreement) -> bool:
    return agreement.status == Agreement.Status.DRAFT


def may_be_terminated(agreement: Agreement) -> bool:
    return agreement.status == Agreement.Status.IN_FORCE


def may_be_renewed(agreement: Agreement, *, has_successor: bool) -> bool:
    return agreement.status != Agreement.Status.DRAFT and not has_successor


@transaction.atomic
def agreement_put_in_force(*, actor: Any, agreement_id: int) -> Agreement:
    """A draft comes into force. When it renews another agreement that is still in force
    (or has expired), that one becomes "replaced"."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement_id)
    if not may_come_into_force(agreement):
        raise ValidationError(_("Only a draft can come into force."))
    agreement.status = Agreement.Status.IN_FORCE
    _bump(agreement)
    save_as(agreement, actor=actor)
    version_record(actor=actor, agreement_id=agreement.pk, note=_("Came into force."))
    if agreement.predecessor_id is not None:
        previous = Agreement.objects.select_for_update().get(pk=agreement.predecessor_id)
        if previous.status in (Agreement.Status.IN_FORCE, Agreement.Status.EXPIRED):
            previous.status = Agreement.Status.REPLACED
            _bump(previous)
            save_as(previous, actor=actor)
    return agreement


@transaction.atomic
def agreement_end(*, actor: Any, agreement_id: int, ended_on: dt.date) -> Agreement:
    """Terminate an agreement in force on ``ended_on`` (not before its start)."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement_id)
    if not may_be_terminated(agreement):
        raise ValidationError(_("Only an agreement in force can be terminated."))
    if ended_on < agreement.start:
        raise ValidationError(
            {
                "ended_on": _("The agreement cannot end before its period starts (%(start)s).")
                % {"start": _date(agreement.start)}
            }
        )
    agreement.status = Agreement.Status.TERMINATED
    agreement.ended_on = ended_on
    _bump(agreement)
    save_as(agreement, actor=actor)
    version_record(
        actor=actor,
        agreement_id=agreement.pk,
        note=_("Terminated on %(date)s.") % {"date": _date(ended_on)},
    )
    return agreement


@transaction.atomic
def agreements_expire(*, today: dt.date | None = None) -> int:
    """Agreements in force whose period has ended become "expired" (idempotent; run daily).
    Returns how many changed."""
    today = today or timezone.localdate()
    count = 0
    for agreement in Agreement.objects.select_for_update().filter(
        status=Agreement.Status.IN_FORCE, end__lt=today
    ):
        agreement.status = Agreement.Status.EXPIRED
        _bump(agreement)
        save_as(agreement, actor=None)
        signals.agreement_changed_on_commit(agreement.pk)
        count += 1
    return count


def next_period(agreement: Agreement) -> tuple[dt.date, dt.date | None]:
    """The period a renewal proposes: from the day after this one ends, as long as this one
    (a year for an agreement without an end)."""
    if agreement.end is None:
        try:
            return agreement.start.replace(year=agreement.start.year + 1), None
        except ValueError:  # 29 February
            return agreement.start + dt.timedelta(days=365), None
    start = agreement.end + dt.timedelta(days=1)
    years = start.year - agreement.start.year
    if (start.month, start.day) == (agreement.start.month, agreement.start.day) and years > 0:
        # Whole years (the usual case): 2023 → 2024, 2016-19 → 2020-23, leap years or not.
        try:
            return start, start.replace(year=start.year + years) - dt.timedelta(days=1)
        except ValueError:  # 29 February
            pass
    return start, start + (agreement.end - agreement.start)


@transaction.atomic
def agreement_renew(
    *,
    actor: Any,
    agreement_id: int,
    title: str,
    start: dt.date,
    end: dt.date | None,
) -> Agreement:
    """The next period's agreement as a draft: a copy of this one's kind, body, parent,
    parties, summary, goals and indicators, linked to this one as its successor. Each
    indicator's baseline becomes this agreement's latest measurement (or its old baseline);
    targets are left to be set. This one becomes "replaced" when the new one comes into
    force. Refused: a draft (put it in force first), an agreement already renewed, a period
    that ends before it starts."""
    old = Agreement.objects.select_for_update().get(pk=agreement_id)
    if old.status == Agreement.Status.DRAFT:
        raise ValidationError(_("A draft cannot be renewed; put it in force first."))
    renewal = old.successors.first()
    if renewal is not None:
        raise ValidationError(
            _("This agreement has already been renewed: “%(title)s”.") % {"title": renewal.title}
        )
    fields = _clean_agreement_fields({"title": title})
    _check_period(start, end)
    new = Agreement(
        kind_id=old.kind_id,
        body_id=old.body_id,
        parent_id=old.parent_id,
        predecessor=old,
        start=start,
        end=end,
        is_internal=old.is_internal,
        summary=old.summary,
        created_by=actor if _is_user(actor) else None,
        **fields,
    )
    save_as(new, actor=actor)
    for party in old.parties.all():
        save_as(
            Party(
                agreement=new,
                organisation_id=party.organisation_id,
                body_id=party.body_id,
                municipality_id=party.municipality_id,
                role=party.role,
                position=party.position,
            ),
            actor=actor,
        )
    for goal in old.goals.prefetch_related("indicators__measurements"):
        copy = Goal(
            agreement=new, position=goal.position, title=goal.title, description=goal.description
        )
        save_as(copy, actor=actor)
        for indicator in goal.indicators.all():
            measurements = list(indicator.measurements.all())
            latest = measurements[-1] if measurements else None
            save_as(
                Indicator(
                    goal=copy,
                    position=indicator.position,
                    name=indicator.name,
                    unit=indicator.unit,
                    baseline_value=latest.value if latest else indicator.baseline_value,
                    baseline_year=latest.year if latest else indicator.baseline_year,
                    direction=indicator.direction,
                    frequency=indicator.frequency,
                    source=indicator.source,
                ),
                actor=actor,
            )
    return new


# --- Parties ---------------------------------------------------------------------------------


@transaction.atomic
def party_add(
    *,
    actor: Any,
    agreement: Agreement,
    organisation: Any = None,
    body: Any = None,
    municipality: Any = None,
    role: str = "",
    change_note: str = "",
) -> Party:
    """A party to the agreement: exactly one of an organisation, a body or a municipality,
    and not one that is a party already (with a change note once it is in force)."""
    agreement = _locked(agreement.pk)
    note = _change_note(agreement, change_note)
    chosen = [p for p in (organisation, body, municipality) if p is not None]
    if len(chosen) != 1:
        raise ValidationError(
            _("Choose exactly one party: an organisation, a body or a municipality.")
        )
    lookup = {
        "organisation": organisation,
        "body": body,
        "municipality": municipality,
    }
    name, value = next((k, v) for k, v in lookup.items() if v is not None)
    if agreement.parties.filter(**{name: value}).exists():
        raise ValidationError(
            {name: _("%(party)s is already a party to the agreement.") % {"party": value}}
        )
    position = (agreement.parties.aggregate(m=Max("position"))["m"] or 0) + 1
    party = Party(agreement=agreement, role=role.strip(), position=position, **{name: value})
    save_as(party, actor=actor)
    _after_change(actor=actor, agreement=agreement, note=note)
    return party


@transaction.atomic
def party_remove(*, actor: Any, party_id: int, change_note: str = "") -> None:
    party = Party.objects.get(pk=party_id)
    agreement = _locked(party.agreement_id)
    note = _change_note(agreement, change_note)
    party._history_user = actor if _is_user(actor) else None  # type: ignore[attr-defined]  # for simple-history
    party.delete()
    _after_change(actor=actor, agreement=agreement, note=note)


# --- Economy ---------------------------------------------------------------------------------


@transaction.atomic
def economy_line_add(
    *,
    actor: Any,
    agreement: Agreement,
    amount: Decimal,
    currency: str = "DKK",
    year: int | None = None,
    source: str = "",
    change_note: str = "",
) -> EconomyLine:
    """An amount of money belonging to the agreement (currency as a three-letter code)."""
    agreement = _locked(agreement.pk)
    note = _change_note(agreement, change_note)
    currency = (currency or "DKK").strip().upper()
    if len(currency) != 3 or not currency.isalpha() or not currency.isascii():
        raise ValidationError({"currency": _("Give the currency as a code such as DKK or EUR.")})
    line = EconomyLine(
        agreement=agreement, amount=amount, currency=currency, year=year, source=source.strip()
    )
    save_as(line, actor=actor)
    _after_change(actor=actor, agreement=agreement, note=note)
    return line


@transaction.atomic
def economy_line_remove(*, actor: Any, line_id: int, change_note: str = "") -> None:
    line = EconomyLine.objects.get(pk=line_id)
    agreement = _locked(line.agreement_id)
    note = _change_note(agreement, change_note)
    line._history_user = actor if _is_user(actor) else None  # type: ignore[attr-defined]  # for simple-history
    line.delete()
    _after_change(actor=actor, agreement=agreement, note=note)


# --- Goals -----------------------------------------------------------------------------------


def _clean_goal(fields: dict[str, Any]) -> dict[str, Any]:
    if "title" in fields:
        fields["title"] = " ".join((fields["title"] or "").split())
        if not fields["title"]:
            raise ValidationError({"title": _("A goal needs a title.")})
    if "description" in fields:
        fields["description"] = (fields["description"] or "").strip()
    return fields


@transaction.atomic
def goal_add(
    *,
    actor: Any,
    agreement: Agreement,
    title: str,
    description: str = "",
    change_note: str = "",
) -> Goal:
    """A goal, placed after the agreement's other goals."""
    agreement = _locked(agreement.pk)
    note = _change_note(agreement, change_note)
    fields = _clean_goal({"title": title, "description": description})
    position = (agreement.goals.aggregate(m=Max("position"))["m"] or 0) + 1
    goal = Goal(agreement=agreement, position=position, **fields)
    save_as(goal, actor=actor)
    _after_change(actor=actor, agreement=agreement, note=note)
    return goal


@transaction.atomic
def goal_update(
    *, actor: Any, goal_id: int, expected_version: int, change_note: str = "", **fields: Any
) -> Goal:
    """Change a goal's title and description; a stale version is a conflict."""
    unknown = set(fields) - set(GOAL_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    goal = Goal.objects.select_for_update().get(pk=goal_id)
    if goal.version != expected_version:
        raise _conflict(goal, GOAL_FIELDS)
    agreement = _locked(goal.agreement_id)
    note = _change_note(agreement, change_note)
    for name, value in _clean_goal(fields).items():
        setattr(goal, name, value)
    goal.version += 1
    save_as(goal, actor=actor)
    _after_change(actor=actor, agreement=agreement, note=note)
    return goal


@transaction.atomic
def goal_remove(*, actor: Any, goal_id: int, change_note: str = "") -> None:
    """Remove a goal and its indicators; refused once an indicator has measurements (the
    follow-up would be lost)."""
    goal = Goal.objects.select_for_update().get(pk=goal_id)
    agreement = _locked(goal.agreement_id)
    note = _change_note(agreement, change_note)
    if Measurement.objects.filter(indicator__goal=goal).exists():
        raise ValidationError(
            _(
                "“%(title)s” has measurements, so it cannot be removed: the follow-up would be "
                "lost. Change its text instead."
            )
            % {"title": goal.title}
        )
    for indicator in goal.indicators.all():
        indicator._history_user = actor if _is_user(actor) else None  # type: ignore[attr-defined]  # for simple-history
        indicator.delete()
    goal._history_user = actor if _is_user(actor) else None  # type: ignore[attr-defined]  # for simple-history
    goal.delete()
    _after_change(actor=actor, agreement=agreement, note=note)


# --- Indicators ------------------------------------------------------------------------------


def _clean_indicator(fields: dict[str, Any], current: Indicator | None = None) -> dict[str, Any]:
    for name in ("name", "unit", "source"):
        if name in fields:
            fields[name] = " ".join((fields[name] or "").split())
    if "name" in fields and not fields["name"]:
        raise ValidationError({"name": _("An indicator needs a name.")})
    unit = fields.get("unit", current.unit if current else "")
    target = fields.get("target_value", current.target_value if current else None)
    if target is not None and not unit:
        raise ValidationError(
            {
                "unit": _(
                    "A target needs a unit (e.g. companies, per cent, DKK million): without "
                    "it nobody can read the target. Give the unit or leave the target empty."
                )
            }
        )
    return fields


@transaction.atomic
def indicator_add(
    *,
    actor: Any,
    goal: Goal,
    name: str,
    unit: str = "",
    baseline_value: Decimal | None = None,
    baseline_year: int | None = None,
    target_value: Decimal | None = None,
    target_year: int | None = None,
    direction: str = Indicator.Direction.AT_LEAST,
    frequency: str = Indicator.Frequency.YEARLY,
    source: str = "",
    change_note: str = "",
) -> Indicator:
    """An indicator of a goal. Refused: a target without a unit."""
    agreement = _locked(goal.agreement_id)
    note = _change_note(agreement, change_note)
    fields = _clean_indicator(
        {
            "name": name,
            "unit": unit,
            "baseline_value": baseline_value,
            "baseline_year": baseline_year,
            "target_value": target_value,
            "target_year": target_year,
            "direction": direction,
            "frequency": frequency,
            "source": source,
        }
    )
    position = (goal.indicators.aggregate(m=Max("position"))["m"] or 0) + 1
    indicator = Indicator(goal=goal, position=position, **fields)
    save_as(indicator, actor=actor)
    _after_change(actor=actor, agreement=agreement, note=note)
    return indicator


@transaction.atomic
def indicator_update(
    *,
    actor: Any,
    indicator_id: int,
    expected_version: int,
    change_note: str = "",
    **fields: Any,
) -> Indicator:
    """Change an indicator (e.g. set the targets of a renewed agreement). Refused: a stale
    version (a conflict), a target without a unit."""
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    indicator = Indicator.objects.select_for_update().get(pk=indicator_id)
    if indicator.version != expected_version:
        raise _conflict(indicator, INDICATOR_FIELDS)
    agreement = _locked(indicator.goal.agreement_id)
    note = _change_note(agreement, change_note)
    for name, value in _clean_indicator(fields, indicator).items():
        setattr(indicator, name, value)
    indicator.version += 1
    save_as(indicator, actor=actor)
    _after_change(actor=actor, agreement=agreement, note=note)
    return indicator


# --- Measurements ----------------------------------------------------------------------------


def check_year_in_period(agreement: Agreement, year: int) -> None:
    """Refused: a value for a year outside the agreement's period (also a follow-up round's)."""
    if agreement.covers_year(year):
        return
    period = (
        f"{agreement.start.year}–{agreement.end.year}"
        if agreement.end is not None
        else _("from %(year)s") % {"year": agreement.start.year}
    )
    raise ValidationError(
        {
            "year": _(
                "%(year)s is outside the agreement's period (%(period)s). Record the "
                "value for a year within it, or on the agreement that covers %(year)s."
            )
            % {"year": year, "period": period}
        }
    )


@transaction.atomic
def measurement_record(
    *,
    actor: Any,
    indicator_id: int,
    year: int,
    value: Decimal,
    measured_on: dt.date | None = None,
    note: str = "",
    reported_by: Any = None,
    reported_at: dt.datetime | None = None,
) -> Measurement:
    """A value of an indicator for a year, reported by ``actor`` now (or by ``reported_by``
    at ``reported_at``: a follow-up round's figure is reported by the contact person who
    submitted it, when they submitted it). Refused: a year outside the agreement's period,
    a date outside that year."""
    indicator = Indicator.objects.select_related("goal__agreement").get(pk=indicator_id)
    check_year_in_period(indicator.goal.agreement, year)
    if measured_on is not None and measured_on.year != year:
        raise ValidationError(
            {"measured_on": _("The date must lie in the year %(year)s.") % {"year": year}}
        )
    measurement = Measurement(
        indicator=indicator,
        year=year,
        measured_on=measured_on,
        value=value,
        note=(note or "").strip(),
        reported_by=reported_by
        if reported_by is not None
        else (actor if _is_user(actor) else None),
        reported_at=reported_at or timezone.now(),
    )
    save_as(measurement, actor=actor)
    return measurement


# --- Documents -------------------------------------------------------------------------------


@transaction.atomic
def document_add(
    *,
    actor: Any,
    agreement: Agreement,
    title: str,
    upload: IO[bytes],
    is_internal: bool = False,
) -> AgreementDocument:
    """A file of the agreement, checked by content as meeting attachments are
    (``core.uploads.upload_check``); a refused file stores nothing."""
    try:
        content_type = upload_check(upload=upload)
    except UploadRefused as error:
        raise ValidationError({"file": error.messages}) from None
    title = " ".join((title or "").split()) or str(getattr(upload, "name", "") or _("Document"))
    size = getattr(upload, "size", None)
    document = AgreementDocument(
        agreement=agreement,
        title=title,
        content_type=content_type,
        size=size if size is not None else 0,
        is_internal=is_internal,
        uploaded_by=actor if _is_user(actor) else None,
    )
    # Any uploaded file object will do for Django's File API, whatever its declared type.
    document.file.save(getattr(upload, "name", "document"), upload, save=False)  # type: ignore[arg-type]  # see above
    try:
        if not document.size:
            document.size = document.file.size
        save_as(document, actor=actor)
    except Exception:
        document.file.delete(save=False)  # storage is not transactional
        raise
    return document
