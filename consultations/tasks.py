from celery import shared_task

from consultations import services


@shared_task(acks_late=True)
def send_consultation_reminders() -> int:
    # Idempotent: the outbox key names the request, municipality, address and day.
    return services.reminders_send()
