"""Reads of the outbox."""

from django.db import models
from django.db.models import Q

DIGEST_KIND = "digest"  # the kind of the moderators' digests


class MailQuerySet(models.QuerySet):
    def to_address(self, address: str):
        return self.filter(to=address)

    def to_mailbox(self, address: str):
        """Mails to the address's mailbox: "anna+1@" and "anna+2@" reach the
        one of "anna@" (stored addresses are lowercase)."""
        local, _, domain = address.strip().lower().rpartition("@")
        local = local.split("+", 1)[0]
        return self.filter(
            Q(to=f"{local}@{domain}")
            | Q(to__startswith=f"{local}+", to__endswith=f"@{domain}")
        )

    def counted(self):
        """Mails that went, or will go, out on their own: not dropped, held
        for a digest or merged into one."""
        Status = self.model.Status
        return self.filter(status__in=[Status.QUEUED, Status.SENT, Status.FAILED])

    def since(self, moment):
        return self.filter(created_at__gte=moment)

    def held(self):
        return self.filter(status=self.model.Status.HELD)

    def digests(self):
        return self.filter(kind=DIGEST_KIND)

    def overdue(self, moment):
        """Queued mails whose attempt should have happened before moment:
        their task was lost (a worker or queue that went away)."""
        return self.filter(status=self.model.Status.QUEUED, next_attempt_at__lt=moment)
