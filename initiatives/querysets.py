"""Reads: every rule about which rows to show lives here as a chainable method."""

from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.measure import D
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When

from . import geography


class InitiativeQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: published initiatives only."""
        return self.filter(status=self.model.Status.PUBLISHED)

    def demo(self):
        return self.filter(is_demo=True)

    def in_region(self, region):
        return self.filter(region=region)  # stored on save: no spatial join

    def in_province(self, province):
        return self.filter(province=province)

    def in_municipality(self, municipality):
        return self.filter(municipality=municipality)

    def with_all_tags(self, tags):
        """Initiatives that carry every one of the tags."""
        queryset = self
        for tag in tags:
            queryset = queryset.filter(tags=tag)
        return queryset

    def with_any_tags(self, tags):
        return self.filter(tags__in=tags).distinct()

    def matching(self, text):
        """A plain text search over name, summary, description and place."""
        query = Q()
        for word in text.split():
            query &= (
                Q(name__icontains=word)
                | Q(summary__icontains=word)
                | Q(description__icontains=word)
                | Q(place_name__icontains=word)
            )
        return self.filter(query)

    def in_bbox(self, bbox):
        return self.filter(location__within=bbox)

    def near(self, point, radius_km):
        """Within radius_km of point on the earth's ellipsoid, nearest first,
        annotated with `distance` (a Distance; `.km` for kilometres)."""
        return (
            self.filter(location__within=geography.box_around(point, radius_km))
            .filter(location__distance_lte=(point, D(km=radius_km), "spheroid"))
            .annotate(distance=Distance("location", point, spheroid=True))
            .order_by("distance", "id")
        )

    def updated_since(self, moment):
        """Changed at or after moment: published, unpublished or archived."""
        return self.filter(updated_at__gte=moment)

    def counts_by(self, field):
        """[{field: value, "count": n}] per value of field, e.g. region__slug."""
        return (
            self.exclude(**{f"{field}__isnull": True})
            .order_by()
            .values(field)
            .annotate(count=models.Count("id", distinct=True))
            .order_by(field)
        )

    def for_list(self):
        return self.select_related(
            "region", "province", "municipality"
        ).prefetch_related("tags")


class PlaceQuerySet(models.QuerySet):
    def matching(self, text):
        """Places whose name (or another name) starts with text, forgiving case,
        accents and punctuation; exact names first, then towns, then size."""
        key = geography.normalize(text)
        if not key:
            return self.none()
        return (
            self.filter(search_names__contains=f"|{key}")
            .annotate(
                exactness=Case(
                    When(search_names__startswith=f"|{key}|", then=Value(0)),
                    When(search_names__contains=f"|{key}|", then=Value(1)),
                    default=Value(2),
                    output_field=IntegerField(),
                )
            )
            .select_related("municipality", "province")
            .order_by(
                "exactness",
                "kind",
                models.F("population").desc(nulls_last=True),
                "name",
            )
        )
