"""Plain factory functions for gatherings: defaults plus overrides."""

import datetime
import itertools

from django.contrib.gis.geos import Point

from gatherings.models import Gathering

_numbers = itertools.count(1)


def make_gathering(
    *,
    title=None,
    start_date=datetime.date(2026, 5, 22),
    lon=5.911,
    lat=52.555,
    **fields,
) -> Gathering:
    """A published all-day gathering in Kampen (longitude first); lon=None
    for one without a point."""
    values = {
        "title": title or f"Bijeenkomst {next(_numbers)}",
        "kind": Gathering.Kind.KENNISMAKINGSMIDDAG,
        "description": "Samen rondkijken en elkaar ontmoeten.",
        "start_date": start_date,
        "location": Point(lon, lat, srid=4326) if lon is not None else None,
        "status": Gathering.Status.PUBLISHED,
        **fields,
    }
    gathering = Gathering(**values)
    gathering.full_clean()
    gathering.save()
    return gathering
