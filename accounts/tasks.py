from smtplib import SMTPException

from celery import shared_task

from accounts import services


@shared_task(
    acks_late=True,
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=6,
)
def send_password_reset_email(
    *, user_id: int, domain: str, use_https: bool, language: str, kind: str = "password_reset"
) -> bool:
    # Sending a reset link twice after a retry is harmless: both links are valid and the
    # first use invalidates the other, so no send-once bookkeeping is needed here.
    return services.password_reset_email_send(
        user_id=user_id, domain=domain, use_https=use_https, language=language, kind=kind
    )
