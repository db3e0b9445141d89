"""Responses kept per Idempotency-Key, so a retried request is answered
again instead of being carried out twice."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredResponse(models.Model):
    scope = models.CharField(_("client"), max_length=100)
    key = models.CharField(_("Idempotency-Key"), max_length=255)
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    status = models.PositiveSmallIntegerField(_("status"))
    body = models.JSONField(_("body"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("stored response")
        verbose_name_plural = _("stored responses")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key"], name="one_response_per_key"
            )
        ]

    def __str__(self):
        return f"{self.scope} {self.key}"
