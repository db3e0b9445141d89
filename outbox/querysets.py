"""Reads of the outbox."""

from django.db import models

DIGEST_KIND = "digest"  # the kind of the moderators' digests


class MailQuerySet(models.QuerySet):
    def to_address(self, address: str):
        return self.filter(to=address)

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
