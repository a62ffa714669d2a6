"""Writes for refugee quotas. Each service runs in a transaction and takes ``actor``.

Rules enforced here (docs/quota-model.md): input files are all-or-nothing; every version of
the national figure is kept; revisions follow the regime in force on the revision's date;
an agreement lists every municipality of its region and adds up to the regional quota.

One module per concern, named after the glossary: ``quota_years`` (the year and the
model's input), ``national_figures`` (figures and the quotas they give),
``distribution_agreements``, ``placements``; ``common`` holds what they share. The names are
re-exported here, so
``from quotas import services; services.distribution_agreement_send(...)`` keeps working.
"""

from quotas.services.common import MAX_INTEGER
from quotas.services.distribution_agreements import (
    REMIND_DAYS_BEFORE,
    distribution_agreement_answer,
    distribution_agreement_draft,
    distribution_agreement_finalise,
    distribution_agreement_lines_set,
    distribution_agreement_reminders_send,
    distribution_agreement_send,
)
from quotas.services.national_figures import (
    REGIME_2018,
    REGIME_2020,
    national_figure_announce,
    national_figure_revise,
    quotas_enter,
    revision_method,
)
from quotas.services.placements import placement_record
from quotas.services.quota_years import model_input_import, quota_year_compute, quota_year_create

__all__ = [
    "MAX_INTEGER",
    "REGIME_2018",
    "REGIME_2020",
    "REMIND_DAYS_BEFORE",
    "distribution_agreement_answer",
    "distribution_agreement_draft",
    "distribution_agreement_finalise",
    "distribution_agreement_lines_set",
    "distribution_agreement_reminders_send",
    "distribution_agreement_send",
    "model_input_import",
    "national_figure_announce",
    "national_figure_revise",
    "placement_record",
    "quota_year_compute",
    "quota_year_create",
    "quotas_enter",
    "revision_method",
]
