"""The outbox's tasks, run by the queue's worker (`manage.py run_huey`)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task
from huey.exceptions import RetryTask

from . import services

# A backstop: EMAIL_TIMEOUT already bounds each step of an SMTP exchange.
TASK_TIMEOUT = 120


@db_task(timeout=TASK_TIMEOUT)
def deliver(mail_id: int):
    """Send a mail; a failed attempt comes back after its delay."""
    delay = services.deliver(mail_id=mail_id)
    if delay is not None:
        raise RetryTask(delay=delay)


@db_periodic_task(crontab(minute="*"))
def every_minute():
    services.send_digests()
    services.requeue_overdue()
