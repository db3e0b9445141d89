"""Reads: every rule about which gatherings to show lives here."""

from django.db.models import Q
from django.utils import timezone

from areas.querysets import LocatedQuerySet


class GatheringQuerySet(LocatedQuerySet):
    def published(self):
        """What the public may see: published and cancelled gatherings.

        A cancelled gathering stays public, marked as cancelled, so that
        calendars that subscribed to it learn of the cancellation.
        """
        Status = self.model.Status
        return self.filter(status__in=[Status.PUBLISHED, Status.CANCELLED])

    def not_cancelled(self):
        """Without the cancelled ones: what a map shows."""
        return self.exclude(status=self.model.Status.CANCELLED)

    def upcoming(self, now=None):
        """Not yet over at `now`, soonest first: the split is made per request."""
        now = now or timezone.now()
        return self.filter(ends_at__gt=now).order_by("starts_at", "id")

    def past(self, now=None):
        """Over at `now`, most recent first."""
        now = now or timezone.now()
        return self.filter(ends_at__lte=now).order_by("-starts_at", "-id")

    def in_region(self, region):
        return self.filter(region=region)  # stored on save: no spatial join

    def for_region(self, region):
        """A region's own gatherings plus those for the whole country
        (online or national gatherings have no region)."""
        return self.filter(Q(region=region) | Q(region__isnull=True))

    def of_kind(self, kind):
        return self.filter(kind=kind)

    def between(self, start_date=None, end_date=None):
        """Gatherings with at least one day within the dates (inclusive);
        either end may be None for an open range."""
        queryset = self
        if start_date is not None:
            queryset = queryset.filter(end_date__gte=start_date)
        if end_date is not None:
            queryset = queryset.filter(start_date__lte=end_date)
        return queryset

    def during(self, start=None, end=None):
        """Gatherings whose time span meets the instants start..end (either
        may be None for an open end). ends_at is exclusive: an all-day
        gathering is over at the next midnight."""
        queryset = self
        if start is not None:
            queryset = queryset.filter(ends_at__gt=start)
        if end is not None:
            queryset = queryset.filter(starts_at__lte=end)
        return queryset

    def in_bbox(self, polygon):
        """Gatherings with a point in the polygon, its edge included (online
        ones have none)."""
        return self.location_meets(polygon)

    def updated_since(self, moment):
        return self.filter(updated_at__gte=moment)

    def hosted_by(self, initiative):
        return self.filter(host_initiative=initiative)

    def for_list(self):
        """With the related rows a list shows, without their big geometries."""
        return (
            self.with_areas()
            .select_related("host_initiative")
            .defer("host_initiative__description", "host_initiative__pending_changes")
        )
