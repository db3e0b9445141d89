"""Where things are: point to municipality, names to places, text to points.

Coordinates: a GEOS Point is (x=longitude, y=latitude), SRID 4326. Query
strings follow the web habit `lat,lon`; bounding boxes are
`minLon,minLat,maxLon,maxLat` as in GeoJSON and OGC API Features.
"""

import math
import re
import unicodedata

from django.apps import apps
from django.contrib.gis.geos import Point, Polygon
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WGS84 = 4326
RD_NEW = 28992  # Dutch national grid, in metres: for distances in Python
# Boundaries follow the land, so harbours, dikes and lake shores
# (Eemshaven, Kornwerderzand) fall just outside every municipality.
SHORE_TOLERANCE_M = 2000
KM_PER_DEGREE_LAT = 111.32


class LocationError(ValueError):
    """A location given as text that is not a valid location."""


def normalize(name: str) -> str:
    """Lower case, no accents, punctuation as single spaces: 's-Hertogenbosch
    becomes "s hertogenbosch"."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.split(r"[^0-9a-z]+", ascii_only.lower())).strip()


def search_names(name: str, alt_names: str = "") -> str:
    """All normalised names of a place as "|name|other|", for LIKE searches.

    Names starting with the old article 's or 't are also stored without it,
    so "hertogenbosch" finds 's-Hertogenbosch.
    """
    names = [normalize(n) for n in [name, *alt_names.split("|")] if n.strip()]
    names += [n[2:] for n in names if n[:2] in ("s ", "t ")]
    unique = list(dict.fromkeys(n for n in names if n))
    return "|" + "|".join(unique) + "|"


def locate(point: Point):
    """The municipality that holds the point, or the nearest one within 2 km.

    Returns None when the point lies outside the Netherlands.
    """
    Municipality = apps.get_model("areas", "Municipality")
    point = _as_wgs84(point)
    municipalities = Municipality.objects.select_related("province__region")
    found = municipalities.filter(boundary__contains=point).first()
    if found is not None:
        return found
    near = municipalities.with_shapes().filter(
        boundary__intersects=box_around(point, 2.5)
    )
    local = point.transform(RD_NEW, clone=True)
    distances = [
        (m.boundary.transform(RD_NEW, clone=True).distance(local), m) for m in near
    ]
    distance, nearest = min(distances, default=(None, None), key=lambda d: d[0])
    return nearest if distance is not None and distance <= SHORE_TOLERANCE_M else None


def municipality_at(location):
    """The municipality at location; a ValidationError on the location field
    when it lies outside the Netherlands."""
    municipality = locate(location)
    if municipality is None:
        raise ValidationError(
            {"location": _("This location lies outside the Netherlands.")}
        )
    return municipality


def assign_area(record, municipality=None) -> None:
    """Set record.municipality, .province and .region from record.location
    (looked up unless the caller found its municipality already).

    For any model with those fields (initiatives, gatherings)."""
    municipality = municipality or municipality_at(record.location)
    record.municipality = municipality
    record.province = municipality.province
    record.region = municipality.province.region


def distance_km(a: Point, b: Point) -> float:
    """Distance between two WGS84 points on the WGS84 ellipsoid, in km."""
    from django.contrib.gis.gdal import CoordTransform, SpatialReference

    # Azimuthal equidistant projection centred on a: exact distances from a.
    aeqd = SpatialReference(
        f"+proj=aeqd +lat_0={a.y} +lon_0={a.x} +datum=WGS84 +units=m +no_defs"
    )
    projected = b.transform(CoordTransform(SpatialReference(WGS84), aeqd), clone=True)
    return math.hypot(projected.x, projected.y) / 1000


def parse_lat_lon(text: str) -> Point:
    """Parse "lat,lon" (e.g. "52.555,5.911") into a Point(lon, lat)."""
    numbers = _parse_numbers(text, 2, _("Give a point as latitude,longitude."))
    lat, lon = numbers
    if not -90 <= lat <= 90:
        raise LocationError(_("Latitude must lie between -90 and 90."))
    if not -180 <= lon <= 180:
        raise LocationError(_("Longitude must lie between -180 and 180."))
    return Point(lon, lat, srid=WGS84)


def parse_bbox(text: str) -> Polygon:
    """Parse "minLon,minLat,maxLon,maxLat" into a Polygon; the 6-number
    form with heights (minLon,minLat,minH,maxLon,maxLat,maxH) too, its
    heights ignored."""
    message = _("Give a bounding box as minLon,minLat,maxLon,maxLat.")
    count = 6 if text.count(",") == 5 else 4
    numbers = _parse_numbers(text, count, message)
    half = count // 2
    min_lon, min_lat, max_lon, max_lat = *numbers[:2], *numbers[half : half + 2]
    if not (-180 <= min_lon < max_lon <= 180 and -90 <= min_lat < max_lat <= 90):
        raise LocationError(
            _(
                "A bounding box needs minLon < maxLon and minLat < maxLat, "
                "within ±180 and ±90."
            )
        )
    box = Polygon.from_bbox((min_lon, min_lat, max_lon, max_lat))
    box.srid = WGS84
    return box


POSTCODE = re.compile(r"\d{4}(\s*[A-Za-z]{2})?")


def find_place(text: str, near: Point | None = None):
    """The best gazetteer match for a place name or a PC4 postcode, or None.

    Returns an object with `name`, `label` and `location` (a Place or a
    Postcode). Same-name places: see PlaceQuerySet.find ("Kampen
    (Fryslân)"; with `near`, the namesake nearest to that point).
    """
    text = text.strip()
    if POSTCODE.fullmatch(text):
        Postcode = apps.get_model("areas", "Postcode")
        return Postcode.objects.filter(code=text[:4]).first()
    Place = apps.get_model("areas", "Place")
    return Place.objects.find(text, near=near)


def nearby_postcodes(text: str, limit: int = 3) -> list:
    """For a postcode the gazetteer does not know (9000), the known ones
    closest in number (9001 Grou); [] for any other text."""
    text = text.strip()
    if not POSTCODE.fullmatch(text):
        return []
    Postcode = apps.get_model("areas", "Postcode")
    number = int(text[:4])
    # Neighbouring numbers share their first two digits or lie next door.
    candidates = Postcode.objects.filter(
        code__gte=f"{max(number - 100, 0):04d}", code__lte=f"{number + 100:04d}"
    ).only("code", "place_names")
    return sorted(candidates, key=lambda p: (abs(int(p.code) - number), p.code))[:limit]


# A location that lies outside the municipality of the place it names, or
# farther than this from the place's point, is flagged: the initiator must
# confirm it and the moderators see it.
PLACE_TOLERANCE_KM = 10


def distance_from_place(place, location: Point, municipality=None):
    """(km from the place's point, True when that is a mismatch): the
    location lies outside the place's municipality (`municipality`: the one
    at location when the caller looked it up already) or farther than
    PLACE_TOLERANCE_KM from the place."""
    km = distance_km(_as_wgs84(place.location), _as_wgs84(location))
    if municipality is None:
        municipality = locate(location)
    outside = municipality is None or municipality.pk != place.municipality_id
    return km, outside or km > PLACE_TOLERANCE_KM


def _parse_numbers(text: str, count: int, message) -> list[float]:
    parts = text.split(",")
    if len(parts) != count:
        raise LocationError(message)
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        raise LocationError(message) from None
    if not all(math.isfinite(n) for n in numbers):
        raise LocationError(message)
    return numbers


def box_around(point: Point, radius_km: float) -> Polygon:
    """A lon/lat box that surely holds every point within radius_km.

    A cheap first filter that the spatial index can serve.
    """
    dlat = radius_km / KM_PER_DEGREE_LAT * 1.01
    cos_lat = max(math.cos(math.radians(min(abs(point.y) + dlat, 89.9))), 1e-6)
    dlon = dlat / cos_lat
    box = Polygon.from_bbox(
        (point.x - dlon, point.y - dlat, point.x + dlon, point.y + dlat)
    )
    box.srid = WGS84
    return box


# The WGS 84 ellipsoid: its equatorial radius, and the smallest radius of
# curvature of a meridian (at the equator, a(1 - e²)), in metres.
ELLIPSOID_A_M = 6_378_137.0
MERIDIAN_MIN_RADIUS_M = 6_335_439.327


def min_metres_per_degree(point: Point, radius_km: float) -> float:
    """A lower bound of the distance on the ellipsoid, in metres, per degree
    of plain lon/lat distance (sqrt(dlon² + dlat²)) between two points of
    box_around(point, radius_km): the smaller of a meridian's and a
    parallel's scale there (a parallel's shrinks with cos(lat)), less 0.1%
    for the little a geodesic bends away from the box."""
    dlat = radius_km / KM_PER_DEGREE_LAT * 1.01
    cos_lat = math.cos(math.radians(min(abs(point.y) + dlat, 90.0)))
    scale = min(MERIDIAN_MIN_RADIUS_M, ELLIPSOID_A_M * cos_lat)
    return max(scale, 0.0) * math.pi / 180 * 0.999


def _as_wgs84(point: Point) -> Point:
    if point.srid in (None, WGS84):
        return Point(point.x, point.y, srid=WGS84)
    return point.transform(WGS84, clone=True)
