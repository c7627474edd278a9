from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(bind=True, max_retries=20, default_retry_delay=60, acks_late=True)
def send_campaign(self, campaign_id: int) -> int:
    """Send batch after batch until nothing is left; a server error retries later and the
    send resumes where it stopped (rows already sent are never sent again)."""
    total = 0
    try:
        while True:
            handled = services.campaign_send_batch(campaign_id=campaign_id)
            if not handled:
                return total
            total += handled
    except OSError as exc:  # SMTP errors are OSError subclasses
        raise self.retry(exc=exc) from exc


@shared_task
def start_due_campaigns() -> int:
    return services.campaign_start_due()


@shared_task
def send_stay_surveys() -> int:
    return services.stay_surveys_send()


@shared_task
def run_retention() -> tuple[int, int]:
    return services.retention_run()
