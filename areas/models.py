"""The country's areas: regions, provinces, municipalities, and the
gazetteer of place names and postcodes that searches near a place use.

The tables keep the names they had in the initiatives app (db_table), so an
existing database moved here without copying a row.
"""

from django.contrib.gis.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from . import geography
from .querysets import AreaManager, PlaceQuerySet, label_places


class Region(models.Model):
    """A part of the country the movement meets in: a set of provinces."""

    slug = models.SlugField(_("slug"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=50)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Unions of the provinces' shapes, kept in step by services.refresh_region.
    boundary = models.MultiPolygonField(_("boundary"), null=True, blank=True)
    outline = models.MultiPolygonField(
        _("light outline"), null=True, blank=True, help_text=_("For overview maps.")
    )

    objects = AreaManager()

    class Meta:
        db_table = "initiatives_region"  # from before the areas app
        ordering = ["order", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class Province(models.Model):
    code = models.CharField(_("CBS code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=50)
    region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="provinces",
        verbose_name=_("region"),
    )
    boundary = models.MultiPolygonField(_("boundary"))
    outline = models.MultiPolygonField(_("light outline"), null=True, blank=True)

    objects = AreaManager()

    class Meta:
        db_table = "initiatives_province"  # from before the areas app
        ordering = ["name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name


class Municipality(models.Model):
    code = models.CharField(_("CBS code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=80)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("province"),
    )
    boundary = models.MultiPolygonField(_("boundary"))

    objects = AreaManager()

    class Meta:
        db_table = "initiatives_municipality"  # from before the areas app
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name


class Place(models.Model):
    """A place name from the gazetteer, for "near Kampen" searches."""

    class Kind(models.IntegerChoices):
        # The order ranks search results: woonplaatsen first.
        WOONPLAATS = 0, _("town or village")
        KERN = 1, _("hamlet or village")
        WIJK = 2, _("district")
        BUURTSCHAP = 3, _("neighbourhood")

    name = models.CharField(_("name"), max_length=100)
    kind = models.PositiveSmallIntegerField(_("kind"), choices=Kind.choices)
    alt_names = models.CharField(_("other names"), max_length=1000, blank=True)
    # "|kampen|" plus every other name, normalised by geography.normalize().
    search_names = models.CharField(max_length=2000, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="places"
    )
    province = models.ForeignKey(Province, on_delete=models.CASCADE)
    location = models.PointField(_("location"))
    postcodes = models.CharField(_("postcodes"), max_length=2000, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        db_table = "initiatives_place"  # from before the areas app
        ordering = ["name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self):
        return f"{self.name} ({self.municipality.name})"

    @cached_property
    def label(self) -> str:
        """The name, told apart from namesakes: "Kampen (Fryslân)"; the
        one home of this rule is querysets.label_places."""
        return label_places([self])[0].label

    @property
    def key(self) -> str:
        """What a search for it takes (the `place` of a URL): its label."""
        return self.label

    def save(self, *args, **kwargs):
        self.search_names = geography.search_names(self.name, self.alt_names)
        super().save(*args, **kwargs)


class Postcode(models.Model):
    """A four-digit postcode (PC4) with an approximate centre point."""

    code = models.CharField(_("postcode"), max_length=4, unique=True)
    place_names = models.CharField(_("places"), max_length=500)
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE)
    location = models.PointField(_("location"))

    class Meta:
        db_table = "initiatives_postcode"  # from before the areas app
        ordering = ["code"]
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return f"{self.code} ({self.place_names})"

    label = name

    @property
    def key(self) -> str:
        """What a search for it takes (the `place` of a URL)."""
        return self.code


class Located:
    """A record that lies in the areas (an initiative, a gathering): its
    province and region are stored with it, derived from its location, so
    its region must follow when its province moves to another region.

    Each concrete model declares `tracker = FieldTracker(fields=["location"])`
    (django-model-utils does not inherit a tracker from a base class; and
    it tracks no foreign keys here, as it reads deferred ones and so
    recurses in refresh_from_db(fields=...))."""

    def check_location(self):
        """Validation: a new location must lie in the Netherlands. Changes no
        field; the municipality found is kept for relocate()."""
        if self.location is not None and self.needs_relocation():
            found = geography.municipality_at(self.location)
            self._checked_location = (self.location.clone(), found)

    def relocate(self):
        """Derive municipality, province and region again, only when the
        location changed since it was read or saved (or none is stored)."""
        if self.location is None or not self.needs_relocation():
            return
        point, found = getattr(self, "_checked_location", (None, None))
        geography.assign_area(self, found if point == self.location else None)

    def needs_relocation(self) -> bool:
        """True when the location changed since read or saved, or an area
        is missing (a caller cleared it)."""
        if None in (self.municipality_id, self.province_id, self.region_id):
            return True
        return self.tracker.has_changed("location")

    @classmethod
    def region_moved(cls, province, region):
        """province now lies in region: so does every record in it. The
        change time moves too, so partners' syncs and the caches see it."""
        return cls._default_manager.filter(province=province).update(
            region=region, updated_at=timezone.now()
        )
