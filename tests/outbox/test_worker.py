"""The queue's real consumer, with its scheduler and a worker thread,
against a real SMTP server (and one that refuses) on loopback."""

import pytest

from outbox import services
from outbox.models import Mail
from tests.outbox.conftest import wait_until
from tests.smtp import CLOSED_PORT, SMTP_PORT

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_sends_a_queued_mail(worker, smtp_server, smtp_to):
    smtp_to(SMTP_PORT)
    mail = services.queue(
        to="anna@example.org", kind="submitted", subject="Ontvangen", body="Dank.\n"
    )
    assert wait_until(lambda: smtp_server.messages)
    (envelope,) = smtp_server.messages
    assert envelope.rcpt_tos == ["anna@example.org"]
    assert b"Subject: Ontvangen" in envelope.content
    assert wait_until(lambda: Mail.objects.get(pk=mail.pk).status == Mail.Status.SENT)


@pytest.mark.slow
def test_the_worker_retries_then_marks_the_mail_failed(worker, smtp_to, settings):
    smtp_to(CLOSED_PORT)
    settings.MAIL_RETRY_DELAYS = [1]
    mail = services.queue(
        to="anna@example.org", kind="submitted", subject="Ontvangen", body="Dank.\n"
    )
    assert wait_until(lambda: Mail.objects.get(pk=mail.pk).status == Mail.Status.FAILED)
    mail.refresh_from_db()
    assert mail.attempts == 2


def test_the_worker_gives_up_on_a_dead_server_after_the_timeout(
    worker, dead_smtp_server, smtp_to, settings
):
    smtp_to(dead_smtp_server, timeout=1)
    settings.MAIL_RETRY_DELAYS = [60]
    mail = services.queue(
        to="anna@example.org", kind="submitted", subject="Ontvangen", body="Dank.\n"
    )
    assert wait_until(lambda: Mail.objects.get(pk=mail.pk).attempts == 1, seconds=5)
    mail.refresh_from_db()
    assert mail.status == Mail.Status.QUEUED  # waits for its next attempt
    assert "timed out" in mail.last_error
    assert worker.huey.scheduled_count() == 1
