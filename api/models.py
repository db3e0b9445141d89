"""Partners' API keys and how much each one is used.

The tables keep the names they had in the initiatives app (db_table), so an
existing database moved here without copying a row.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A partner's API key, kept only as its SHA-256 digest: the key is shown
    once, when it is made. A slow password hash is not needed for random keys
    of 256 bits, and would cost every request."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_token",
        verbose_name=_("partner"),
    )
    prefix = models.CharField(_("key starts with"), max_length=8, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(
        _("created"), default=timezone.now, editable=False
    )

    class Meta:
        db_table = "initiatives_apitoken"  # from before the api app
        ordering = ["user"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return str(self.user)  # never the key: this ends up in the admin's log

    @staticmethod
    def digest_of(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    def set_new_key(self) -> str:
        """Give the token a new random key and return it; only its digest
        and first characters are kept."""
        key = secrets.token_urlsafe(32)
        self.prefix, self.digest = key[:8], self.digest_of(key)
        return key


class ApiUsage(models.Model):
    """How many API requests a partner's token made on one day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_usage",
        verbose_name=_("partner"),
    )
    day = models.DateField(_("day"), db_index=True)
    requests = models.PositiveIntegerField(_("requests"), default=0)

    class Meta:
        db_table = "initiatives_apiusage"  # from before the api app
        ordering = ["-day", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_usage_per_day")
        ]
        verbose_name = _("API usage")
        verbose_name_plural = _("API usage")

    def __str__(self):
        return f"{self.user} {self.day}: {self.requests}"


class Grid(models.Model):
    """The map's pre-counted grid (api/grid.py): the cells of one filter's
    rows ("all", "region=3", "theme=wonen"), as counted at one data version."""

    name = models.CharField(max_length=200, unique=True)
    version = models.CharField(max_length=64, blank=True)  # "": never counted

    def __str__(self):
        return self.name


class Cell(models.Model):
    """One grid cell at one zoom level: how many rows lie in it, the sum of
    their coordinates (their centroid, exactly) and the lowest id (the row
    itself where the count is one)."""

    grid = models.ForeignKey(Grid, on_delete=models.CASCADE, related_name="cells")
    zoom = models.PositiveSmallIntegerField()
    cx = models.IntegerField()
    cy = models.IntegerField()
    count = models.PositiveIntegerField()
    sum_x = models.FloatField()
    sum_y = models.FloatField()
    first = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["grid", "zoom", "cx", "cy"], name="map_cell_unique"
            )
        ]

    def __str__(self):
        return f"{self.grid} {self.zoom}/{self.cx}/{self.cy}"
