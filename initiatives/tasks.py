"""Periodic clean-up, run by the queue's worker (`manage.py run_huey`)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="43", hour="3"))
def delete_unused_images():
    services.delete_unused_images()
