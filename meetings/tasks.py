from celery import shared_task

from meetings import services


@shared_task(acks_late=True)
def publish_due_agendas() -> int:
    # Idempotent: a meeting leaves the "planned" state when published, so a second run
    # finds nothing to do.
    return services.agendas_due_publish()
