"""The coordinate reference systems both APIs offer, in one place: their
names, SRIDs, axis order and precision, and the parsing of a CRS name or a
bounding box given in one of them.

Geometries are stored in WGS 84 (SRID 4326) and transformed by the database.
Coordinates follow the axis order of the CRS, as OGC API Features Part 2
asks and its Content-Crs header says: CRS84 is lon,lat (as GeoJSON), EPSG
4326 and 4258 are lat,lon, RD New (EPSG:28992) is x,y in metres.
"""

import math
import re
from dataclasses import dataclass

import orjson
from django.contrib.gis.db.models.functions import AsGeoJSON, Transform
from django.contrib.gis.geos import Polygon
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from rest_framework import exceptions

from areas import geography

STORED_SRID = 4326  # the SRID of every location column


@dataclass(frozen=True)
class Crs:
    uri: str  # the OGC URI: what OGC's crs parameter and Content-Crs carry
    code: str  # "EPSG:28992": what Accept-Crs takes (the URI works too)
    srid: int
    lat_first: bool  # the first axis is latitude (north)
    precision: int  # decimals: about 0.1 m in degrees, 1 cm in metres
    title: str

    def header(self) -> str:
        """The value of a Content-Crs header."""
        return f"<{self.uri}>"


EPSG = "http://www.opengis.net/def/crs/EPSG/0/"
CRS84 = Crs(
    "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
    "OGC:CRS84",
    4326,
    lat_first=False,
    precision=6,
    title="WGS 84 (lon, lat)",
)
WGS84 = Crs(f"{EPSG}4326", "EPSG:4326", 4326, True, 6, "WGS 84 (lat, lon)")
RD_NEW = Crs(f"{EPSG}28992", "EPSG:28992", 28992, False, 2, "Amersfoort / RD New")
ETRS89 = Crs(f"{EPSG}4258", "EPSG:4258", 4258, True, 6, "ETRS89 (lat, lon)")
SUPPORTED = (CRS84, WGS84, RD_NEW, ETRS89)
DEFAULT = CRS84

_URN = re.compile(r"urn:ogc:def:crs:(EPSG|OGC)::?([\w.]+)", re.IGNORECASE)


def find(text: str) -> Crs | None:
    """The CRS named by a URI (http://www.opengis.net/def/crs/EPSG/0/28992),
    a safe CURIE ([EPSG:28992]), a code (EPSG:28992) or a URN; None when
    not supported."""
    name = text.strip().strip("[]")
    match = _URN.fullmatch(name)
    if match:
        name = f"{match[1]}:{match[2]}"
    for crs in SUPPORTED:
        if name in (crs.uri, crs.code) or name.upper() == crs.code:
            return crs
    if name.upper() in ("CRS84", "OGC:1.3:CRS84"):
        return CRS84
    return None


def of(request) -> Crs:
    """The CRS the view chose for this request's response (see choose)."""
    return getattr(request, "response_crs", DEFAULT)


def choose(request, crs: Crs) -> Crs:
    """Remember the response's CRS on the request: the rows read it."""
    request.response_crs = crs
    return crs


def names(offered=SUPPORTED) -> str:
    """The supported CRSs, for error messages."""
    return ", ".join(crs.code for crs in offered)


def accepted(request, offered=SUPPORTED) -> Crs:
    """The CRS an Accept-Crs header asks for (CRS84 without one); one not
    offered is a 406, never silently WGS 84. CSV has lon and lat columns:
    CRS84 only."""
    header = request.headers.get("Accept-Crs")
    if header is None:
        return DEFAULT  # an empty one asks for nothing on offer: 406
    found = find(header)
    if found is None or found not in offered:
        raise exceptions.NotAcceptable(
            _("Unsupported Accept-Crs; choose one of: %s.") % names(offered)
        )
    renderer = getattr(request, "accepted_renderer", None)
    if found is not DEFAULT and getattr(renderer, "format", "") == "csv":
        raise exceptions.NotAcceptable(_("CSV has lon and lat: CRS84 only."))
    return found


class ContentCrsMixin:
    """/api/v1 views with coordinates: Accept-Crs chooses the CRS of the
    answer (ADR geospatial module), Content-Crs names it."""

    offered_crs = SUPPORTED

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if getattr(self, request.method.lower(), None) is not None:
            # A method the view lacks is a 405, whatever CRS was asked for.
            choose(request, accepted(request, self.offered_crs))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            response["Content-Crs"] = of(request).header()
        patch_vary_headers(response, ["Accept-Crs"])
        return response


def geojson(crs: Crs, column="location"):
    """The column as GeoJSON text in the CRS (axes as stored: x,y)."""
    source = column if crs.srid == STORED_SRID else Transform(column, crs.srid)
    return AsGeoJSON(source, precision=crs.precision)


def in_axis_order(text: str | None, crs: Crs) -> str | None:
    """GeoJSON geometry text from the database (x,y) in the CRS's axis order."""
    if text is None or not crs.lat_first:
        return text
    geometry = orjson.loads(text)
    geometry["coordinates"] = _swapped(geometry["coordinates"])
    return orjson.dumps(geometry).decode()


def _swapped(coordinates):
    if coordinates and isinstance(coordinates[0], int | float):
        return [coordinates[1], coordinates[0], *coordinates[2:]]
    return [_swapped(part) for part in coordinates]


class BboxError(ValueError):
    pass


def parse_bbox(text: str, crs: Crs = CRS84) -> Polygon:
    """A bbox of 4 or 6 numbers (min and max, the 6-number form with
    heights, which are ignored) in the CRS's axis order, as a polygon in the
    stored SRID. Lon/lat boxes are checked by the geography module."""
    if crs is CRS84:
        try:
            return geography.parse_bbox(text)
        except geography.LocationError as error:
            raise BboxError(str(error)) from None
    numbers = _numbers(text)
    half = len(numbers) // 2
    low, high = numbers[:2], numbers[half : half + 2]
    if crs.lat_first:
        low, high = low[::-1], high[::-1]
    if not (low[0] < high[0] and low[1] < high[1]):
        raise BboxError(_("A bounding box needs its minimum below its maximum."))
    box = Polygon.from_bbox((*low, *high))
    box.srid = crs.srid
    if crs.srid != STORED_SRID:
        box.transform(STORED_SRID)
    return box


def _numbers(text):
    parts = text.split(",")
    message = _("Give a bounding box of 4 or 6 numbers, separated by commas.")
    if len(parts) not in (4, 6):
        raise BboxError(message)
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        raise BboxError(message) from None
    if not all(math.isfinite(n) for n in numbers):
        raise BboxError(message)
    return numbers
