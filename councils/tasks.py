from smtplib import SMTPException

from celery import shared_task

from councils import services

RETRY = {
    "acks_late": True,
    "autoretry_for": (SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": True,
    "max_retries": 6,
}


@shared_task(**RETRY)
def send_appointment_notice(*, membership_id: int) -> int:
    return services.appointment_notice_send(membership_id=membership_id)


@shared_task(**RETRY)
def send_term_reminders() -> int:
    # Idempotent: each membership and seat is claimed before its e-mail is sent.
    return services.term_reminders_send()


@shared_task(acks_late=True)
def announce_seat_holders() -> int:
    # Idempotent: it compares today's holders with those last announced.
    return services.seat_holders_announce()
