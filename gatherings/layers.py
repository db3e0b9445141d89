"""Gatherings as points for a map layer: plain data, no folium here.

The maps app turns these into markers with their own icon. A regional
gathering without a fixed address is placed at a point inside its region
and marked `approximate`, so the popup can say the place follows.
"""

from areas.models import Region

from . import display


def map_points(gatherings) -> list[dict]:
    """lon, lat, title, date text, place, url (and flags) per gathering.

    Online gatherings and those without a point or region are left out.
    """
    gatherings = list(gatherings)
    region_points = _region_points({g.region_id for g in gatherings})
    points = []
    for gathering in gatherings:
        point, approximate = _point(gathering, region_points)
        if point is None:
            continue
        points.append(
            {
                "lon": point.x,  # GEOS: x is longitude, y is latitude
                "lat": point.y,
                "title": gathering.title,
                "date_text": display.when_text(gathering),
                "place": display.place_text(gathering),
                "url": gathering.get_absolute_url(),
                "kind": gathering.kind,
                "approximate": approximate,
                "cancelled": gathering.cancelled,
            }
        )
    return points


def _point(gathering, region_points):
    if gathering.online:
        return None, False
    if gathering.location is not None:
        return gathering.location, False
    return region_points.get(gathering.region_id), True


def _region_points(region_ids) -> dict:
    """A point surely inside each region (not the centroid, which may not be)."""
    regions = Region.objects.with_shapes().filter(pk__in=region_ids - {None})
    # The light outline is enough to find a point; the boundary is the fallback.
    return {
        region.pk: (region.outline or region.boundary).point_on_surface
        for region in regions
    }
