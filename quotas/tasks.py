from smtplib import SMTPException

from celery import shared_task

from quotas import services


@shared_task(
    acks_late=True,
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=6,
)
def send_distribution_agreement_reminders() -> int:
    # Idempotent: each line is claimed with a conditional update before its e-mail is sent.
    return services.distribution_agreement_reminders_send()
