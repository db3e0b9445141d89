"""Periodic clean-up, run by the queue's worker (`manage.py run_huey`)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="17"))
def forget_expired():
    services.forget_expired()
