"""A mail server that accepts connections and never answers must not slow
down a submission, nor make a retrying client store it twice."""

import time

from huey.contrib.djhuey import HUEY

from initiatives.models import Initiative
from outbox.models import Mail
from tests.api.test_submissions import URL, VALID


def test_a_submission_answers_at_once_with_a_dead_mail_server(
    db, client, task_queue, dead_smtp_server, smtp_to, settings, sent_after_commit
):
    smtp_to(dead_smtp_server, timeout=2)
    settings.MODERATOR_EMAILS = ["moderator@omzien.example"]
    started = time.monotonic()
    with sent_after_commit():  # the commit hands the mail to the queue
        response = client.post(URL, VALID, content_type="application/json")
    elapsed = time.monotonic() - started
    assert response.status_code == 201
    assert elapsed < 1.0
    assert Initiative.objects.count() == 1
    mail = Mail.objects.get(kind="submitted")
    assert mail.status == Mail.Status.QUEUED
    assert HUEY.pending_count() == 1
