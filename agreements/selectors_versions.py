"""Reads of an agreement's versions and history.

``agreement_snapshot`` is the one function that says what a version holds: the agreement's
fields, parties, economy and goals with their indicators (baselines and targets) as JSON.
A version's page is rendered from its snapshot; two versions are compared field by field,
party by party, line by line and goal by goal (``versions_compare``).

Who sees what is asked of ``agreements.access``: the versions of an agreement are seen by
whoever sees the agreement (``may_see_versions``), its history only by its secretariat
(``may_see_history``). A parent agreement named in a snapshot is shown only when the viewer
may see it now; whether the agreement was internal only to its secretariat.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.access import (
    AgreementAccess,
    agreement_access,
    may_see_history,
    may_see_versions,
)
from agreements.models import (
    Agreement,
    AgreementStatus,
    AgreementVersion,
    Direction,
    EconomyLine,
    Frequency,
    Goal,
    Indicator,
    Party,
)
from core.history import HistoryEntry, history_entries

MAX_NUMBER = 2**31 - 1
SNAPSHOT_SCHEMA = 1

# The fields of the agreement a version shows, in order, with their labels.
FIELD_LABELS = {
    "title": gettext_lazy("Title"),
    "kind": gettext_lazy("Kind"),
    "body": gettext_lazy("Responsible body"),
    "start": gettext_lazy("Start of period"),
    "end": gettext_lazy("End of period"),
    "status": gettext_lazy("Status"),
    "ended_on": gettext_lazy("Terminated on"),
    "parent": gettext_lazy("Parent agreement"),
    "is_internal": gettext_lazy("Internal"),
    "summary": gettext_lazy("Summary"),
}
INDICATOR_LABELS = {
    "name": gettext_lazy("Name"),
    "unit": gettext_lazy("Unit"),
    "baseline_value": gettext_lazy("Baseline value"),
    "baseline_year": gettext_lazy("Baseline year"),
    "target_value": gettext_lazy("Target value"),
    "target_year": gettext_lazy("Target year"),
    "direction": gettext_lazy("The target is met by"),
    "frequency": gettext_lazy("Frequency of measurement"),
    "source": gettext_lazy("Source"),
}


def _number(value: Any) -> str | None:
    """A decimal as text without trailing zeros (400, not 400.0000)."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return text


def agreement_snapshot(*, agreement_id: int) -> dict[str, Any]:
    """What the agreement says now, as JSON for a version: its fields, parties, economy,
    goals and indicators (five queries however many there are)."""
    agreement = Agreement.objects.select_related("kind", "body", "parent").get(pk=agreement_id)
    parties = []
    for party in Party.objects.filter(agreement_id=agreement_id).select_related(
        "organisation", "body", "municipality"
    ):
        kind = (
            "organisation" if party.organisation_id else "body" if party.body_id else "municipality"
        )
        parties.append(
            {"kind": kind, "id": party.party.pk, "name": str(party.party), "role": party.role}
        )
    economy = [
        {
            "amount": _number(line.amount),
            "currency": line.currency,
            "year": line.year,
            "source": line.source,
        }
        for line in EconomyLine.objects.filter(agreement_id=agreement_id)
    ]
    goals = []
    indicators: dict[int, list[dict[str, Any]]] = {}
    for indicator in Indicator.objects.filter(goal__agreement_id=agreement_id):
        indicators.setdefault(indicator.goal_id, []).append(
            {
                "id": indicator.pk,
                "name": indicator.name,
                "unit": indicator.unit,
                "baseline_value": _number(indicator.baseline_value),
                "baseline_year": indicator.baseline_year,
                "target_value": _number(indicator.target_value),
                "target_year": indicator.target_year,
                "direction": indicator.direction,
                "frequency": indicator.frequency,
                "source": indicator.source,
            }
        )
    for goal in Goal.objects.filter(agreement_id=agreement_id):
        goals.append(
            {
                "id": goal.pk,
                "title": goal.title,
                "description": goal.description,
                "indicators": indicators.get(goal.pk, []),
            }
        )
    return {
        "schema": SNAPSHOT_SCHEMA,
        "fields": {
            "title": agreement.title,
            "kind": agreement.kind.label,
            "body": agreement.body.name,
            "start": agreement.start.isoformat(),
            "end": agreement.end.isoformat() if agreement.end else None,
            "status": agreement.status,
            "ended_on": agreement.ended_on.isoformat() if agreement.ended_on else None,
            "parent": (
                {"id": agreement.parent_id, "title": agreement.parent.title}
                if agreement.parent
                else None
            ),
            "is_internal": agreement.is_internal,
            "summary": agreement.summary,
        },
        "parties": parties,
        "economy": economy,
        "goals": goals,
    }


# --- Reading versions ------------------------------------------------------------------------


def _versions_access(user: Any, pk: int) -> tuple[Agreement, AgreementAccess]:
    from agreements.selectors import agreement_get_for_user

    agreement, access = agreement_get_for_user(user=user, pk=pk)
    if not may_see_versions(access):
        raise Http404
    return agreement, access


def latest_version(*, agreement: Agreement, access: AgreementAccess) -> AgreementVersion | None:
    """The newest version for the agreement page's "Version n, date: note" (None if none or
    the viewer may not see versions)."""
    if not may_see_versions(access):
        return None
    return (
        AgreementVersion.objects.filter(agreement=agreement)
        .select_related("changed_by")
        .order_by("-number")
        .defer("snapshot")
        .first()
    )


def versions_for_user(*, user: Any, pk: int) -> tuple[Agreement, AgreementAccess, list[Any]]:
    """The agreement and its versions, newest first (without their snapshots): two queries."""
    agreement, access = _versions_access(user, pk)
    versions = list(
        AgreementVersion.objects.filter(agreement=agreement)
        .select_related("changed_by")
        .defer("snapshot")
        .order_by("-number")
    )
    return agreement, access, versions


def version_get_for_user(
    *, user: Any, pk: int, number: int
) -> tuple[Agreement, AgreementAccess, AgreementVersion]:
    agreement, access = _versions_access(user, pk)
    version = (
        AgreementVersion.objects.filter(agreement=agreement, number=number)
        .select_related("changed_by")
        .first()
        if 0 < number <= MAX_NUMBER
        else None
    )
    if version is None:
        raise Http404
    return agreement, access, version


@dataclass(frozen=True)
class Shown:
    """A snapshot as a page shows it to one viewer."""

    fields: list[tuple[str, str, str]]  # (key, label, text); "summary" is sanitised HTML
    parties: list[dict[str, Any]]
    economy: list[dict[str, Any]]
    goals: list[dict[str, Any]]


def _label(choices: Any, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


def _date_text(value: str | None) -> str:
    if not value:
        return ""
    import datetime as dt

    from django.utils.formats import date_format

    return date_format(dt.date.fromisoformat(value), "DATE_FORMAT")


def _parent_text(user: Any, parent: dict[str, Any] | None) -> str:
    """A parent agreement's title, only when the viewer may see it now (one query)."""
    if not parent:
        return ""
    parent_id = parent.get("id")
    if not isinstance(parent_id, int):
        return ""
    found = Agreement.objects.filter(pk=parent_id).first()
    if found is None or not agreement_access(user, found).may_view:
        return ""
    return str(parent.get("title", ""))


def snapshot_shown(*, user: Any, access: AgreementAccess, snapshot: dict[str, Any]) -> Shown:
    """The snapshot as texts for the viewer: labels translated, dates formatted, a parent
    agreement only when visible, "internal" only to the secretariat."""
    raw = snapshot.get("fields", {})
    fields = []
    for key, label in FIELD_LABELS.items():
        if key == "is_internal" and not access.sees_internal:
            continue
        value = raw.get(key)
        if key in ("start", "end", "ended_on"):
            text = _date_text(value)
        elif key == "status":
            text = _label(AgreementStatus, value)
        elif key == "parent":
            text = _parent_text(user, value)
        elif key == "is_internal":
            text = _("yes") if value else _("no")
        else:
            text = str(value or "")
        fields.append((key, str(label), text))
    goals = []
    for goal in snapshot.get("goals", []):
        goals.append(
            {
                **goal,
                "indicators": [
                    {
                        **indicator,
                        "direction_label": _label(Direction, indicator.get("direction")),
                        "frequency_label": _label(Frequency, indicator.get("frequency")),
                    }
                    for indicator in goal.get("indicators", [])
                ],
            }
        )
    return Shown(
        fields=fields,
        parties=list(snapshot.get("parties", [])),
        economy=list(snapshot.get("economy", [])),
        goals=goals,
    )


# --- Comparing two versions ------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """One line of a comparison: what (e.g. "Goal “Flere vækstforløb”: target value"), the
    text before and after ("" when it was not there)."""

    what: str
    before: str
    after: str


def _indicator_text(indicator: dict[str, Any], key: str) -> str:
    value = indicator.get(key)
    if key == "direction":
        return _label(Direction, value)
    if key == "frequency":
        return _label(Frequency, value)
    return "" if value is None else str(value)


def _party_text(party: dict[str, Any]) -> str:
    return f"{party.get('name', '')} ({party['role']})" if party.get("role") else party["name"]


def _line_text(line: dict[str, Any]) -> str:
    parts = [f"{line.get('currency', '')} {line.get('amount', '')}"]
    if line.get("year"):
        parts.append(str(line["year"]))
    if line.get("source"):
        parts.append(str(line["source"]))
    return ", ".join(parts)


def versions_compare(
    *, user: Any, access: AgreementAccess, old: dict[str, Any], new: dict[str, Any]
) -> list[Difference]:
    """What differs between two snapshots, field by field, party by party, economy line by
    line, goal by goal and indicator by indicator (goals and indicators matched by id)."""
    differences: list[Difference] = []
    before = {
        key: text
        for key, _label, text in snapshot_shown(user=user, access=access, snapshot=old).fields
    }
    after_fields = snapshot_shown(user=user, access=access, snapshot=new).fields
    for key, label, text in after_fields:
        if before.get(key, "") != text:
            differences.append(Difference(label, before.get(key, ""), text))
    old_parties = {(p["kind"], p["id"]): p for p in old.get("parties", [])}
    new_parties = {(p["kind"], p["id"]): p for p in new.get("parties", [])}
    for party_key in [*old_parties, *[k for k in new_parties if k not in old_parties]]:
        was, now = old_parties.get(party_key), new_parties.get(party_key)
        was_text = _party_text(was) if was else ""
        now_text = _party_text(now) if now else ""
        if was_text != now_text:
            differences.append(Difference(_("Party"), was_text, now_text))
    old_lines = sorted(_line_text(line) for line in old.get("economy", []))
    new_lines = sorted(_line_text(line) for line in new.get("economy", []))
    for line in old_lines:
        if line not in new_lines:
            differences.append(Difference(_("Economy"), line, ""))
    for line in new_lines:
        if line not in old_lines:
            differences.append(Difference(_("Economy"), "", line))
    old_goals = {g["id"]: g for g in old.get("goals", [])}
    new_goals = {g["id"]: g for g in new.get("goals", [])}
    for goal_id in [*old_goals, *[k for k in new_goals if k not in old_goals]]:
        was, now = old_goals.get(goal_id), new_goals.get(goal_id)
        name = (now or was or {}).get("title", "")
        goal_label = _("Goal “%(title)s”") % {"title": name}
        if was is None or now is None:
            differences.append(
                Difference(_("Goal"), was["title"] if was else "", now["title"] if now else "")
            )
            continue
        for key, label in (("title", _("title")), ("description", _("description"))):
            if was.get(key, "") != now.get(key, ""):
                differences.append(
                    Difference(f"{goal_label}: {label}", was.get(key, ""), now.get(key, ""))
                )
        old_ind = {i["id"]: i for i in was.get("indicators", [])}
        new_ind = {i["id"]: i for i in now.get("indicators", [])}
        for ind_id in [*old_ind, *[k for k in new_ind if k not in old_ind]]:
            i_was, i_now = old_ind.get(ind_id), new_ind.get(ind_id)
            if i_was is None or i_now is None:
                differences.append(
                    Difference(
                        f"{goal_label}: {_('indicator')}",
                        i_was["name"] if i_was else "",
                        i_now["name"] if i_now else "",
                    )
                )
                continue
            for key, indicator_label in INDICATOR_LABELS.items():
                was_text, now_text = _indicator_text(i_was, key), _indicator_text(i_now, key)
                if was_text != now_text:
                    differences.append(
                        Difference(
                            f"{goal_label}, {i_now.get('name', '')}: "
                            f"{str(indicator_label).lower()}",
                            was_text,
                            now_text,
                        )
                    )
    return differences


# --- History ---------------------------------------------------------------------------------


def agreement_history(*, user: Any, pk: int, limit: int = 500) -> tuple[Agreement, list[Any]]:
    """Who changed what and when in an agreement (django-simple-history rows of the
    agreement, its parties, economy lines, goals, indicators, measurements and documents),
    newest first. For the secretariat (``may_see_history``), else PermissionError."""
    from agreements.models import AgreementDocument, Measurement
    from agreements.selectors import agreement_get_for_user

    agreement, access = agreement_get_for_user(user=user, pk=pk)
    if not may_see_history(access):
        raise PermissionError

    def rows(manager: Any, **lookup: Any) -> list[Any]:
        return list(
            manager.filter(**lookup)
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        )

    goal_ids = list(Goal.history.filter(agreement_id=pk).values_list("id", flat=True).distinct())
    indicator_rows = rows(Indicator.history, goal_id__in=goal_ids)
    indicator_names = {r.id: r.name for r in indicator_rows}
    entries: list[HistoryEntry] = (
        history_entries(rows(Agreement.history, id=pk), lambda r: _("Agreement"))
        + history_entries(
            rows(Party.history, agreement_id=pk),
            lambda r: _("Party") + (f" ({r.role})" if r.role else ""),
        )
        + history_entries(
            rows(EconomyLine.history, agreement_id=pk),
            lambda r: _("Economy line") + (f" ({r.source})" if r.source else ""),
        )
        + history_entries(
            rows(Goal.history, agreement_id=pk),
            lambda r: _("Goal “%(title)s”") % {"title": r.title},
        )
        + history_entries(indicator_rows, lambda r: _("Indicator “%(name)s”") % {"name": r.name})
        + history_entries(
            rows(Measurement.history, indicator_id__in=list(indicator_names)),
            lambda r: (
                _("Measurement of “%(name)s”") % {"name": indicator_names.get(r.indicator_id, "")}
            ),
        )
        + history_entries(
            rows(AgreementDocument.history, agreement_id=pk),
            lambda r: _("Document “%(title)s”") % {"title": r.title},
        )
    )
    for version in (
        AgreementVersion.objects.filter(agreement_id=pk)
        .select_related("changed_by")
        .defer("snapshot")
    ):
        entries.append(
            HistoryEntry(
                when=version.changed_at,
                who=str(version.changed_by) if version.changed_by else "",
                record=_("Version %(number)s") % {"number": version.number},
                action=_("recorded"),
                changes=[(_("what changed and why"), "", version.note)],
            )
        )
    return agreement, sorted(entries, key=lambda e: e.when, reverse=True)[:limit]
