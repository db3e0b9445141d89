import logging
from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from outbox import services
from outbox.models import Mail
from tests.smtp import CLOSED_PORT


def queue(to="anna@example.org", kind="submitted", subject="Onderwerp"):
    return services.queue(to=to, kind=kind, subject=subject, body="Tekst.\n")


def test_a_mail_leaves_after_the_commit_not_before(db, mailoutbox, sent_after_commit):
    with sent_after_commit():
        with transaction.atomic():
            mail = queue()
            assert mailoutbox == []  # stored; the change is not committed yet
        assert mailoutbox == []
    (sent,) = mailoutbox
    assert (sent.to, sent.subject) == (["anna@example.org"], "Onderwerp")
    assert sent.body == "Tekst.\n"
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (Mail.Status.SENT, 1)
    assert mail.body == ""  # the personal links it held are not kept


def test_a_rolled_back_change_sends_nothing(db, mailoutbox, sent_after_commit):
    with sent_after_commit(), pytest.raises(ZeroDivisionError):
        with transaction.atomic():
            queue()
            1 / 0  # noqa: B018
    assert mailoutbox == []
    assert not Mail.objects.exists()


def test_an_address_gets_at_most_its_daily_limit(
    db, mailoutbox, settings, caplog, sent_after_commit
):
    settings.MAIL_RECIPIENT_DAILY_LIMIT = 2
    with sent_after_commit(), caplog.at_level(logging.WARNING, "outbox"):
        kept = [queue(to="anna@example.org") for _ in range(2)]
        dropped = queue(to=" Anna@Example.org")  # the same address
        other = queue(to="bert@example.org")
    assert len(mailoutbox) == 3
    assert dropped.status == Mail.Status.DROPPED
    assert [m.to for m in mailoutbox].count(["anna@example.org"]) == 2
    for mail in (*kept, other):
        mail.refresh_from_db()
        assert mail.status == Mail.Status.SENT
    assert f"Dropped submitted e-mail {dropped.pk}" in caplog.text
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert queue().status == Mail.Status.QUEUED


def test_notices_for_moderators_wait_for_one_digest(
    db, mailoutbox, settings, sent_after_commit
):
    settings.MODERATOR_DIGEST_MINUTES = 60
    for n in range(25):
        services.hold(
            to="mod@example.org", kind="new", subject=f"Nieuw {n}", body=f"Link {n}"
        )
    assert mailoutbox == []
    with sent_after_commit():
        assert services.send_digests() == 1
    (digest,) = mailoutbox
    assert digest.subject == "Omzien: 25 berichten voor de moderatie"
    assert "Nieuw 0" in digest.body and "Link 19" in digest.body
    assert "Nieuw 20" not in digest.body
    assert "En nog 5 berichten." in digest.body
    assert not Mail.objects.held().exists()


def test_at_most_one_digest_per_interval(db, mailoutbox, settings, sent_after_commit):
    settings.MODERATOR_DIGEST_MINUTES = 60
    now = timezone.now()

    def notice_and_digest(minutes):
        with time_machine.travel(now + timedelta(minutes=minutes), tick=False):
            services.hold(to="mod@example.org", kind="new", subject="s", body="b")
            with sent_after_commit():
                return services.send_digests()

    assert notice_and_digest(0) == 1
    assert notice_and_digest(30) == 0  # merged into the next one
    assert notice_and_digest(59) == 0
    assert notice_and_digest(61) == 1
    assert len(mailoutbox) == 2
    assert mailoutbox[1].subject == "Omzien: 3 berichten voor de moderatie"


def test_digests_are_not_held_back_by_the_daily_limit(
    db, mailoutbox, settings, sent_after_commit
):
    settings.MAIL_RECIPIENT_DAILY_LIMIT = 1
    settings.MODERATOR_DIGEST_MINUTES = 0
    queue(to="mod@example.org")
    for _ in range(2):
        services.hold(to="mod@example.org", kind="new", subject="s", body="b")
        with sent_after_commit():
            services.send_digests()
    assert Mail.objects.digests().filter(status=Mail.Status.SENT).count() == 2


def test_a_failing_server_is_retried_then_reported(
    db, settings, smtp_to, caplog, sent_after_commit
):
    smtp_to(CLOSED_PORT)  # nothing listens: every attempt is refused
    settings.MAIL_RETRY_DELAYS = [60, 300]
    with sent_after_commit():
        mail = queue()  # immediate mode: the first attempt runs at the commit
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (Mail.Status.QUEUED, 1)
    assert "ConnectionRefusedError" in mail.last_error
    assert mail.next_attempt_at > timezone.now() + timedelta(seconds=50)
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        assert services.deliver(mail_id=mail.pk) == 300
    later = timezone.now() + timedelta(seconds=400)
    with time_machine.travel(later), caplog.at_level(logging.ERROR, "outbox"):
        assert services.deliver(mail_id=mail.pk) is None
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (Mail.Status.FAILED, 3)
    assert f"E-mail {mail.pk} failed after 3 attempts" in caplog.text
    with time_machine.travel(later + timedelta(days=1)):
        assert services.deliver(mail_id=mail.pk) is None  # no fourth attempt
    mail.refresh_from_db()
    assert mail.attempts == 3


def test_a_mail_whose_task_was_lost_is_queued_again(db, task_queue, sent_after_commit):
    mail = Mail.objects.create(
        to="anna@example.org",
        kind="submitted",
        subject="s",
        body="b",
        next_attempt_at=timezone.now() - timedelta(minutes=11),
    )
    Mail.objects.create(  # its attempt is due only now: its task still waits
        to="bert@example.org",
        kind="submitted",
        subject="s",
        body="b",
        next_attempt_at=timezone.now(),
    )
    with sent_after_commit():
        assert services.requeue_overdue() == 1
    (task,) = [HUEY.dequeue()]
    assert task.args == (mail.pk,)
    assert HUEY.pending_count() == 0
    with sent_after_commit():
        assert services.requeue_overdue() == 0  # due now: not again at once


def test_a_task_that_comes_before_the_mail_is_due_does_nothing(db, smtp_to, mailoutbox):
    """A mail waiting for its next attempt is not tried early by a second
    task for it (one handed out again while the first still waited)."""
    smtp_to(CLOSED_PORT)
    mail = Mail.objects.create(
        to="anna@example.org",
        kind="submitted",
        subject="s",
        body="b",
        attempts=1,
        next_attempt_at=timezone.now() + timedelta(minutes=5),
    )
    assert services.deliver(mail_id=mail.pk) is None
    mail.refresh_from_db()
    assert mail.attempts == 1


def test_a_mail_that_failed_for_good_keeps_no_body(db, settings, smtp_to):
    """Its personal links must not outlive it in the database."""
    smtp_to(CLOSED_PORT)
    settings.MAIL_RETRY_DELAYS = []  # the first failure is the last
    mail = queue()
    assert services.deliver(mail_id=mail.pk) is None
    mail.refresh_from_db()
    assert (mail.status, mail.body) == (Mail.Status.FAILED, "")
    assert mail.subject == "Onderwerp"  # what it was remains visible


def test_plus_tags_do_not_multiply_an_address_limit(db, settings):
    """cap+1@, cap+2@ and Cap@ reach one mailbox: they share its limit."""
    settings.MAIL_RECIPIENT_DAILY_LIMIT = 2
    statuses = [
        queue(to=address).status
        for address in ("cap+1@example.org", "Cap+2@Example.org", "cap@example.org")
    ]
    assert statuses == [Mail.Status.QUEUED, Mail.Status.QUEUED, Mail.Status.DROPPED]
    assert queue(to="cap+1@example.org").status == Mail.Status.DROPPED
    assert queue(to="capo+1@example.org").status == Mail.Status.QUEUED
    assert queue(to="cap@example.net").status == Mail.Status.QUEUED
    sent = Mail.objects.exclude(status=Mail.Status.DROPPED).values_list("to", flat=True)
    assert "cap+1@example.org" in sent  # delivered as written, only counted as one
