"""Writes to the areas."""

from django.contrib.gis.geos import MultiPolygon
from django.db import transaction

from .models import Region


@transaction.atomic
def refresh_region(*, region: Region) -> Region:
    """Make the region's shapes the union of its provinces' shapes."""
    provinces = list(region.provinces.all())
    region.boundary = _union([p.boundary for p in provinces])
    region.outline = _union([p.outline for p in provinces if p.outline])
    region.save(update_fields=["boundary", "outline"])
    return region


def _union(geometries):
    if not geometries:
        return None
    union = MultiPolygon(
        [polygon for g in geometries for polygon in g], srid=4326
    ).unary_union
    return union if isinstance(union, MultiPolygon) else MultiPolygon(union, srid=4326)
