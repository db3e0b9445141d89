"""Writes of the outbox: queue a mail, deliver it, merge notices into digests.

A mail is stored in the transaction of the change it reports and handed to
the task queue when that transaction commits: a request never talks to the
mail server, and a rolled-back change sends nothing.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Mail
from .querysets import DIGEST_KIND

logger = logging.getLogger(__name__)
DAY = timedelta(days=1)
DIGEST_NOTICES = 20  # a digest lists this many notices, then counts the rest
OVERDUE = timedelta(minutes=10)


def queue(*, to: str, kind: str, subject: str, body: str) -> Mail:
    """Store a mail and send it after the commit. Past the address's daily
    limit it is stored as dropped, logged, and not sent."""
    now = timezone.now()
    mail = Mail(
        to=_normalised(to), kind=kind, subject=subject, body=body, next_attempt_at=now
    )
    if kind != DIGEST_KIND and _over_daily_limit(mail.to, now):
        mail.status, mail.body = Mail.Status.DROPPED, ""  # keep no links
    mail.save()
    if mail.status == Mail.Status.DROPPED:
        logger.warning(
            "Dropped %s e-mail %s: daily limit of its address", kind, mail.pk
        )
    else:
        _send_after_commit(mail.pk)
    return mail


def hold(*, to: str, kind: str, subject: str, body: str) -> Mail:
    """Store a notice for the address's next digest (see send_digests)."""
    return Mail.objects.create(
        to=_normalised(to),
        kind=kind,
        subject=subject,
        body=body,
        status=Mail.Status.HELD,
    )


def _normalised(address: str) -> str:
    return address.strip().lower()


def _over_daily_limit(address: str, now) -> bool:
    mails = Mail.objects.to_mailbox(address).counted().since(now - DAY)
    sent = mails.count()
    return sent >= settings.MAIL_RECIPIENT_DAILY_LIMIT


def _send_after_commit(mail_id: int):
    from . import tasks  # the tasks call these services

    # robust: a queue that cannot be reached leaves the mail queued for
    # requeue_overdue() instead of failing the request that stored it.
    transaction.on_commit(lambda: tasks.deliver(mail_id), robust=True)


def deliver(*, mail_id: int) -> int | None:
    """Send one queued mail. Returns the seconds to wait before the next
    attempt when it failed and may be tried again, else None."""
    mail = Mail.objects.filter(pk=mail_id, status=Mail.Status.QUEUED).first()
    if mail is None:
        return None  # sent already, or no longer to be sent
    if mail.next_attempt_at and mail.next_attempt_at > timezone.now():
        return None  # a second task for it came early: the due one follows
    mail.attempts += 1
    try:
        message = EmailMessage(
            mail.subject, mail.body, None, [mail.to], reply_to=_reply_to()
        )
        # EMAIL_TIMEOUT bounds every step of the exchange with the server.
        message.connection = get_connection(fail_silently=False)
        message.send()
    except Exception as error:  # a bug fails the mail like a dead server
        return _failed(mail, error)
    mail.status, mail.sent_at, mail.last_error = Mail.Status.SENT, timezone.now(), ""
    mail.body = ""  # it held personal links; the subject and kind remain
    mail.save(update_fields=["status", "sent_at", "last_error", "attempts", "body"])
    return None


def _reply_to() -> list[str]:
    """Replies go to the moderators (REPLY_TO_EMAIL), never to noreply@."""
    return [settings.REPLY_TO_EMAIL] if settings.REPLY_TO_EMAIL else []


def _failed(mail: Mail, error: Exception) -> int | None:
    delays = settings.MAIL_RETRY_DELAYS
    mail.last_error = f"{type(error).__name__}: {error}"[:1000]
    if mail.attempts > len(delays):
        mail.status, mail.body = Mail.Status.FAILED, ""  # keep no links
        logger.error(
            "E-mail %s failed after %s attempts: %s",
            mail.pk,
            mail.attempts,
            mail.last_error,
        )
        delay = None
    else:
        delay = delays[mail.attempts - 1]
        mail.next_attempt_at = timezone.now() + timedelta(seconds=delay)
        logger.warning(
            "E-mail %s, attempt %s failed (%s); next attempt in %s s",
            mail.pk,
            mail.attempts,
            mail.last_error,
            delay,
        )
    mail.save(
        update_fields=["status", "last_error", "attempts", "next_attempt_at", "body"]
    )
    return delay


def send_digests(*, now=None) -> int:
    """Merge each address's held notices into one digest, at most one per
    MODERATOR_DIGEST_MINUTES per address. Returns the digests queued."""
    now = now or timezone.now()
    quiet_since = now - timedelta(minutes=settings.MODERATOR_DIGEST_MINUTES)
    addresses = set(Mail.objects.held().values_list("to", flat=True))
    recent = set(Mail.objects.digests().since(quiet_since).values_list("to", flat=True))
    for address in sorted(addresses - recent):
        _digest(address)
    return len(addresses - recent)


@transaction.atomic
def _digest(address: str) -> Mail:
    notices = list(Mail.objects.held().to_address(address).order_by("created_at", "id"))
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Omzien: %(count)s messages for the moderators") % {
            "count": len(notices)
        }
        body = render_to_string(
            "outbox/digest.txt",
            {
                "notices": notices[:DIGEST_NOTICES],
                "more": max(0, len(notices) - DIGEST_NOTICES),
                "site_url": settings.SITE_URL,
            },
        )
    Mail.objects.filter(pk__in=[n.pk for n in notices]).update(
        status=Mail.Status.MERGED, body=""
    )
    return queue(to=address, kind=DIGEST_KIND, subject=subject, body=body)


def requeue_overdue(*, now=None) -> int:
    """Hand queued mails whose task was lost to the queue again."""
    now = now or timezone.now()
    ids = list(Mail.objects.overdue(now - OVERDUE).values_list("pk", flat=True)[:100])
    # Due now: not overdue again for a while, and not sent twice over.
    Mail.objects.filter(pk__in=ids).update(next_attempt_at=now)
    for mail_id in ids:
        _send_after_commit(mail_id)
    return len(ids)
