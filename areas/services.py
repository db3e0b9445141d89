"""Writes to the areas."""

from django.apps import apps
from django.contrib.gis.geos import MultiPolygon
from django.db import transaction

from .models import Located, Province, Region


@transaction.atomic
def refresh_region(*, region: Region) -> Region:
    """Make the region's shapes the union of its provinces' shapes."""
    provinces = list(region.provinces.with_shapes())
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


@transaction.atomic
def move_province(*, province: Province, region: Region | None) -> Province:
    """Put the province (as stored) in another region, or in none: the two
    regions' shapes and the region of every record in it follow."""
    previous = province.region
    if previous == region:
        return province
    province.region = region
    province.full_clean()
    province.save(update_fields=["region"])
    for changed in (previous, region):
        if changed is not None:
            refresh_region(region=changed)
    for model in apps.get_models():
        if issubclass(model, Located):  # initiatives, gatherings: not imported here
            model.region_moved(province, region)
    return province
