"""The Celery application. Settings come from Django's, prefixed ``CELERY_``."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkr_portal.settings")

app = Celery("kkr_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic jobs are declared here, in one place (design.md: Celery).
app.conf.beat_schedule = {
    "open-data-dump": {
        "task": "integrations.tasks.build_open_data_dump",
        "schedule": crontab(hour=2, minute=30),
    },
    "prune-tombstones": {
        "task": "integrations.tasks.prune_tombstones",
        "schedule": crontab(hour=2, minute=45),
    },
    "resume-webhook-deliveries": {
        "task": "integrations.tasks.resume_webhook_deliveries",
        "schedule": crontab(minute="*"),
    },
    "announce-seat-holders": {
        "task": "councils.tasks.announce_seat_holders",
        "schedule": crontab(minute=7),
    },
    "publish-scheduled-agendas": {
        "task": "meetings.tasks.publish_due_agendas",
        "schedule": crontab(minute="*/5"),
    },
    "resume-meeting-pdfs": {
        "task": "meetings.tasks.resume_meeting_pdfs",
        "schedule": crontab(minute="*/5"),
    },
    "daily-digests": {
        "task": "notifications.tasks.send_digests",
        "schedule": crontab(hour=6, minute=0),
    },
    "meeting-reminders": {
        "task": "notifications.tasks.send_reminders",
        "schedule": crontab(hour=7, minute=15),
    },
    "council-term-reminders": {
        "task": "councils.tasks.send_term_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
    "quota-distribution-agreement-reminders": {
        "task": "quotas.tasks.send_distribution_agreement_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Requests whose answers became public at their deadline: their modified moves (REST
    # change feeds) and webhooks are told (nothing is written when a deadline passes).
    "requests-opened-to-public": {
        "task": "consultations.tasks.mark_requests_opened_to_public",
        "schedule": crontab(minute="*/5"),
    },
    "consultation-reminders": {
        "task": "consultations.tasks.send_consultation_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    "agreements-expire": {
        "task": "agreements.tasks.expire_agreements",
        "schedule": crontab(hour=0, minute=15),
    },
    # Evaluations due, agreements ending without a renewal (follow-up rounds' deadlines are
    # reminded by their requests for input, "consultation-reminders").
    "agreement-reminders": {
        "task": "agreements.tasks.send_agreement_reminders",
        "schedule": crontab(hour=7, minute=45),
    },
    # A compiled PDF of a request's answers left pending or abandoned by a dead worker is
    # picked up again without waiting for a worker to restart.
    "resume-compiled-answers-pdfs": {
        "task": "consultations.tasks.resume_compiled_answers_pdfs",
        "schedule": crontab(minute="*/5"),
    },
    # Members who have not yet approved the minutes online (issue 18): once a day, never
    # twice to the same member on one day (the outbox key).
    "remind-minutes-approvals": {
        "task": "meetings.tasks.remind_minutes_approvals",
        "schedule": crontab(hour=7, minute=30),
    },
    # Agendas that the body's meeting plan rule says should have been published and are not
    # (issue 18, decision 0025): the secretariat is told once a day (the outbox key).
    "remind-overdue-agendas": {
        "task": "meetings.tasks.remind_overdue_agendas",
        "schedule": crontab(hour=7, minute=20),
    },
    # The same for an agreement's PDF.
    "resume-agreement-pdfs": {
        "task": "agreements.tasks_pdf.resume_agreement_pdfs",
        "schedule": crontab(minute="*/5"),
    },
    # New results of saved searches (issue 16): one e-mail per user and day (the outbox key),
    # after the night's imports and before the notifications' digest.
    "saved-search-digests": {
        "task": "search.tasks.send_saved_search_digests",
        "schedule": crontab(hour=5, minute=45),
    },
}
