"""Reads: every rule about which rows to show lives here as a chainable method."""

from datetime import timedelta

from django.apps import apps
from django.contrib.gis.db.models.functions import Distance, GeoFunc
from django.contrib.gis.measure import D
from django.db import connections, models
from django.db.models import Count, F, FloatField, Q
from django.db.models.functions import Coalesce, Greatest

from areas import geography
from areas.querysets import LocatedQuerySet

from . import names

DUPLICATE_RADIUS_KM = 5
DUPLICATE_CANDIDATES = 200
REMINDER_AFTER = timedelta(days=365)
REPORT_AFTER = timedelta(days=30)
# narrowed(): the first batch of candidates, as a multiple of the rows
# wanted, and how many times a batch may grow (4×) before giving up.
CANDIDATES_PER_ROW = 4
CANDIDATE_ROUNDS = 3


class SearchDistance(Distance):
    """The distance on the ellipsoid to a near() search's point, which
    remembers the point and the radius for narrowed()."""

    name = "Distance"  # the SQL function's, as the parent's

    def __init__(self, point, radius_km):
        super().__init__("location", point, spheroid=True)
        self.point, self.radius_km = point, radius_km


class PlaneDistance(GeoFunc):
    """PostGIS's `location <-> point`: the plain lon/lat distance, which the
    GiST index serves in order (KNN) without reading the other rows."""

    arg_joiner = " <-> "
    geom_param_pos = (0, 1)
    template = "(%(expressions)s)"
    output_field = FloatField()


class InitiativeQuerySet(LocatedQuerySet):
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
        """A text search over name, summary, description and place: every
        word, forgiving case and accents ("zorgcooperatie" finds
        "Zorgcoöperatie"), the same on every database: it reads the
        normalised search_text that the model keeps on save."""
        words = geography.normalize(text).split()
        if text.strip() and not words:
            return self.none()  # only punctuation: nothing to look for
        query = Q()
        for word in words:
            query &= Q(search_text__contains=word)
        return self.filter(query)

    def in_bbox(self, bbox):
        """Those whose point lies in the box, its edge included."""
        return self.location_meets(bbox)

    def near(self, point, radius_km):
        """Within radius_km of point on the earth's ellipsoid, nearest first,
        annotated with `distance` (a Distance; `.km` for kilometres)."""
        return (
            self.filter(location__within=geography.box_around(point, radius_km))
            .filter(location__distance_lte=(point, D(km=radius_km), "spheroid"))
            .annotate(distance=SearchDistance(point, radius_km))
            .order_by("distance", "id")
        )

    def narrowed(self, count):
        """A near() search that yields the same first `count` rows, reading
        only those: on PostGIS the index hands out the rows nearest on the
        lon/lat plane first (KNN), a batch at a time. Once the count-th
        smallest true distance among them is below what any row further on
        the plane can have (geography.min_metres_per_degree), the search
        runs within that distance. Otherwise (SpatiaLite, or no proof after
        a few batches) the search is unchanged: slower, never different."""
        search = self.query.annotations.get("distance")
        if not isinstance(search, SearchDistance):
            return self
        if not getattr(connections[self.db].ops, "postgis", False):
            return self
        point = search.point
        per_degree = geography.min_metres_per_degree(point, search.radius_km)
        plane = self.annotate(plane=PlaneDistance("location", point)).order_by("plane")
        batch = CANDIDATES_PER_ROW * count
        for _ in range(CANDIDATE_ROUNDS):
            candidates = list(plane.values_list("plane", "distance")[:batch])
            distances = sorted(distance.m for _, distance in candidates)
            if not distances:
                return self
            threshold = distances[:count][-1]
            if len(candidates) < batch:  # all the rows there are
                return self.within_metres(point, threshold)
            # A full batch holds count rows or more: is the threshold proven?
            if threshold < per_degree * candidates[-1][0]:
                return self.within_metres(point, threshold)
            batch *= CANDIDATES_PER_ROW
        return self

    def within_metres(self, point, metres):
        # The box a metre wider: at a distance of 0 it is still a box.
        return self.filter(
            location__within=geography.box_around(point, (metres + 1) / 1000)
        ).filter(location__distance_lte=(point, D(m=metres), "spheroid"))

    def updated_since(self, moment):
        """Changed at or after moment."""
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
        """With what a list shows, but not the areas' big boundaries."""
        return self.with_areas().prefetch_related("tags")

    def needs_moderation(self):
        """New submissions and published ones with changes awaiting review."""
        return self.filter(self._new_submission() | self._changes_awaiting())

    def new_submissions(self):
        """Submissions awaiting their first review, oldest first."""
        return self.filter(self._new_submission()).order_by("created_at", "id")

    def changes_awaiting(self):
        """Initiatives whose initiator's update awaits review (a submission
        with a new address waiting counts as a new submission), oldest first."""
        # confirmed_at is set when the update arrives (updated_at only when
        # the public version changes).
        return self.filter(self._changes_awaiting()).order_by("confirmed_at", "id")

    def _new_submission(self):
        return Q(status=self.model.Status.PENDING)

    def _changes_awaiting(self):
        return Q(pending_changes__isnull=False) & ~self._new_submission()

    def likely_duplicates(self, name, point, radius_km=DUPLICATE_RADIUS_KM):
        """Published initiatives within radius_km whose name is like name.

        A list, nearest first: the likeness is judged in Python
        (names.alike), over the few candidates close by.
        """
        close_by = (
            self.published()
            .only("slug", "name", "place_name", "location")
            .near(point, radius_km)[:DUPLICATE_CANDIDATES]
        )
        return [
            initiative
            for initiative in close_by
            if names.alike(name, initiative.name, place=initiative.place_name)
        ]

    def _last_checked(self):
        """When each initiative was last known current: its last change or
        the initiator's last confirmation, whichever came later."""
        return self.alias(
            checked=Greatest("updated_at", Coalesce("confirmed_at", "updated_at"))
        )

    def due_for_reminder(self, now):
        """Published and unchanged for a year, with no reminder sent since."""
        return (
            self.published()
            ._last_checked()
            .filter(checked__lt=now - REMINDER_AFTER)
            .filter(
                Q(reminder_sent_at__isnull=True) | Q(reminder_sent_at__lt=F("checked"))
            )
        )

    def unanswered_reminders(self, now):
        """Reminded more than 30 days ago, no answer, not yet reported."""
        return (
            self.published()
            ._last_checked()
            .filter(reminder_sent_at__lt=now - REPORT_AFTER)
            .filter(reminder_sent_at__gt=F("checked"))
            .filter(
                Q(reminder_reported_at__isnull=True)
                | Q(reminder_reported_at__lt=F("reminder_sent_at"))
            )
        )


class TagQuerySet(models.QuerySet):
    def with_counts(self, among=None):
        """Annotate `count`: the number of published initiatives per theme,
        or of those `among` a QuerySet of them (a search's results)."""
        Initiative = apps.get_model("initiatives", "Initiative")
        published = Q(initiatives__status=Initiative.Status.PUBLISHED)
        if among is not None:
            published &= Q(initiatives__in=among.order_by().values("pk"))
        return self.annotate(count=Count("initiatives", filter=published))

    def used(self):
        """Themes carried by at least one published initiative."""
        return self.with_counts().filter(count__gt=0)

    def most_used(self):
        """Themes carried by published initiatives, the most used first."""
        return self.used().order_by("-count", "name")
