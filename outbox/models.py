"""Every e-mail the site sends, stored before a worker sends it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .querysets import MailQuerySet


class Mail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        DROPPED = "dropped", _("dropped: too many for this address")
        HELD = "held", _("held for the moderators' digest")
        MERGED = "merged", _("merged into a digest")

    to = models.EmailField(_("to"))
    kind = models.CharField(_("kind"), max_length=50)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = MailQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["to", "created_at"])]

    def __str__(self):
        return f"{self.kind} → {self.to} ({self.status})"
