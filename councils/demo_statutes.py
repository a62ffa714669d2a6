"""Demo statutes (issue 18): the RAR, the Erhvervshus boards, Danmarks
Erhvervsfremmebestyrelse and the five KKR, as data. Idempotent (statutes are updated in
place, seat rules only added to statutes that have none) and tolerant: a body or an
organisation that the demo does not have is skipped.

The Erhvervshus boards' statutes say 11 members while the demo's boards have ten member
seats: the composition page shows that departure (and the chair rules, while the chair's
seat is vacant).
"""

from __future__ import annotations

from typing import Any

from councils import services
from councils.models import Body, BodyKind, Organisation

RAR_RULES: list[dict[str, Any]] = [
    {"label": "Indstillet af DA", "count": 6, "organisation": "Dansk Arbejdsgiverforening"},
    {"label": "Indstillet af LO", "count": 5, "organisation": "Landsorganisationen i Danmark"},
    {"label": "Indstillet af FTF", "count": 1, "organisation": "FTF"},
    {"label": "Indstillet af Akademikerne", "count": 1, "organisation": "Akademikerne"},
    {"label": "Indstillet af Lederne", "count": 1, "organisation": "Lederne"},
    {
        "label": "Kommunale medlemmer udpeget af KKR",
        "count": 5,
        "appointing_body_kind": BodyKind.KKR,
        "must_be_politician": True,
    },
    {"label": "Indstillet af DH", "count": 1, "organisation": "Danske Handicaporganisationer"},
    {
        "label": "Fra regionsrådet",
        "count": 1,
        "organisation": "Region Syddanmark",
        "must_be_politician": True,
    },
    {"label": "Tilforordnede", "count": 3, "is_observer": True},
]

# slug: (statute fields, seat rules). "appointer" names a body by slug.
STATUTES: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {
    "rar-fyn": (
        {"source": "Lov om organisering og understøttelse af beskæftigelsesindsatsen m.v., § 10"},
        RAR_RULES,
    ),
    "rar-sydjylland": (
        {"source": "Lov om organisering og understøttelse af beskæftigelsesindsatsen m.v., § 10"},
        RAR_RULES,
    ),
    "danmarks-erhvervsfremmebestyrelse": (
        {
            "source": "Lov om erhvervsfremme, § 9",
            "notes": "Formanden udpeges af erhvervsministeren.",
        },
        [
            {
                "label": "Udpeget af KKR",
                "count": 1,
                "appointing_body_kind": BodyKind.KKR,
                "per_appointing_body": True,
                "must_be_politician": True,
            }
        ],
    ),
}
for _hub in ("erhvervshus-fyn", "erhvervshus-sydjylland"):
    STATUTES[_hub] = (
        {
            "source": "Vedtægter for Erhvervshus Syddanmark, § 6 (lov om erhvervsfremme, § 14)",
            "seats_total": 11,
            "chair_must_be_politician": True,
            "chair_appointer": "kkr-syddanmark",
        },
        [
            {
                "label": "Udpeget af KKR Syddanmark (heraf formanden)",
                "count": 4,
                "appointer": "kkr-syddanmark",
                "must_be_politician": True,
            },
            {"label": "Observatør", "count": 1, "is_observer": True},
        ],
    )
for _kkr in ("nordjylland", "midtjylland", "syddanmark", "hovedstaden", "sjaelland"):
    STATUTES[f"kkr-{_kkr}"] = (
        {
            "source": "KL's love, § 16",
            "chair_must_be_politician": True,
            "vice_chair_must_be_politician": True,
            "notes": "Borgmestrene og et medlem valgt af hver kommunalbestyrelse; formand og "
            "næstformand vælges blandt medlemmerne.",
        },
        [],
    )


def load_statute_demo(*, actor: Any = None) -> dict[str, int]:
    """Give the demo bodies their statutes; returns how many bodies have them."""
    bodies = {body.slug: body for body in Body.objects.filter(slug__in=list(STATUTES))}
    organisations = {o.name: o for o in Organisation.objects.all()}
    loaded = 0
    for slug, (fields, rules) in STATUTES.items():
        body = bodies.get(slug)
        if body is None:
            continue
        fields = dict(fields)
        chair_appointer = fields.pop("chair_appointer", None)
        if chair_appointer is not None:
            fields["chair_appointed_by"] = Body.objects.filter(slug=chair_appointer).first()
        statute = services.statute_update(actor=actor, body=body, **fields)
        if not statute.rules.exists():
            for rule in rules:
                rule = dict(rule)
                organisation_name = rule.pop("organisation", None)
                appointer = rule.pop("appointer", None)
                if organisation_name is not None:
                    rule["nominating_organisation"] = organisations.get(organisation_name)
                    if rule["nominating_organisation"] is None:
                        continue
                if appointer is not None:
                    rule["appointing_body"] = Body.objects.filter(slug=appointer).first()
                    if rule["appointing_body"] is None:
                        continue
                services.statute_rule_create(actor=actor, body=body, **rule)
        loaded += 1
    return {"statutes": loaded}
