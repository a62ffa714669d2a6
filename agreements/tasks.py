"""Celery tasks of agreements: thin, idempotent, each calling its service. The periodic
ones are declared in ``kkr_portal/celery.py``."""

from __future__ import annotations

from agreements.tasks_pdf import render_agreement_pdf, resume_agreement_pdfs  # noqa: F401
