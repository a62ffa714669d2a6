"""The tables of agreements for download (``core.exports``: formula-safe CSV with a BOM and
semicolons, and Excel): the agreement list as filtered, and the indicator measurements of
one agreement or of every agreement in the (filtered) list.

What goes in is what the viewer may see: the agreements come from
``Agreement.objects.visible_to(user)`` (through ``agreements.selectors.agreement_list`` and
``agreement_get_for_user``); no reporter's name (the page shows it only to the secretariat)
and no document is exported.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from agreements.models import Agreement, Indicator, Measurement, Party
from agreements.selectors import indicator_status

Row = list[Any]


def _number(value: Decimal | None) -> Decimal | None:
    """A stored value without its trailing zeros (400, not 400.0000)."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def agreement_rows(agreements: QuerySet[Agreement], *, user: Any) -> list[Row]:
    """One row per agreement (``agreements`` are those the user may see, filtered): a fixed
    number of queries however many there are. A parent agreement is named only when the user
    may see it."""
    agreements = agreements.select_related("body", "kind", "parent").prefetch_related(
        Prefetch(
            "parties",
            queryset=Party.objects.select_related("organisation", "body", "municipality"),
        )
    )
    rows: list[Row] = [
        [
            _("Id"),
            _("Title"),
            _("Kind"),
            _("Responsible body"),
            _("Start of period"),
            _("End of period"),
            _("Status"),
            _("Terminated on"),
            _("Parties"),
            _("Made within"),
        ]
    ]
    visible_parents = set(
        Agreement.objects.visible_to(user)
        .filter(pk__in=agreements.values("parent_id"))
        .values_list("pk", flat=True)
    )
    for agreement in agreements:
        parties = "; ".join(
            f"{party.party} ({party.role})" if party.role else str(party.party)
            for party in agreement.parties.all()
        )
        parent = agreement.parent if agreement.parent_id in visible_parents else None
        rows.append(
            [
                agreement.pk,
                agreement.title,
                agreement.kind.label,
                agreement.body.name,
                agreement.start,
                agreement.end,
                agreement.get_status_display(),
                agreement.ended_on,
                parties,
                parent.title if parent else "",
            ]
        )
    return rows


def measurement_rows(agreements: QuerySet[Agreement]) -> list[Row]:
    """One row per measurement of the indicators of ``agreements`` (those the user may see,
    filtered), oldest first within each indicator, with the indicator's unit, baseline,
    target and its status now: three queries however many there are."""
    indicators = (
        Indicator.objects.filter(goal__agreement__in=agreements.values("pk"))
        .select_related("goal__agreement")
        .prefetch_related(Prefetch("measurements", queryset=Measurement.objects.all()))
        .order_by(
            "-goal__agreement__start",
            "goal__agreement__title",
            "goal__agreement_id",
            "goal__position",
            "goal_id",
            "position",
            "pk",
        )
    )
    rows: list[Row] = [
        [
            _("Agreement id"),
            _("Agreement"),
            _("Goal"),
            _("Indicator"),
            _("Unit"),
            _("Baseline value"),
            _("Baseline year"),
            _("Direction"),
            _("Target value"),
            _("Target year"),
            _("Year"),
            _("Date"),
            _("Value"),
            _("Reported"),
            _("Note"),
            _("Indicator status"),
        ]
    ]
    for indicator in indicators:
        measurements = list(indicator.measurements.all())
        status = indicator_status(indicator, measurements[-1] if measurements else None)
        agreement = indicator.goal.agreement
        for measurement in measurements:
            rows.append(
                [
                    agreement.pk,
                    agreement.title,
                    indicator.goal.title,
                    indicator.name,
                    indicator.unit,
                    _number(indicator.baseline_value),
                    indicator.baseline_year,
                    indicator.get_direction_display(),
                    _number(indicator.target_value),
                    indicator.target_year,
                    measurement.year,
                    measurement.measured_on,
                    _number(measurement.value),
                    measurement.reported_at.date(),
                    measurement.note,
                    status.label,
                ]
            )
    return rows
