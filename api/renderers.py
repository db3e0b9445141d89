"""GeoJSON (the default), plain JSON and CSV, all from the same rows."""

import csv
import io

import orjson
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.utils.mediatypes import _MediaType

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class FeatureData:
    """A page of rows or one row, and the links that go with it."""

    def __init__(
        self,
        rows,
        *,
        single=False,
        count=None,
        links=None,
        extra=(),
        columns=(),
    ):
        self.rows, self.single, self.count = rows, single, count
        self.links = links or {}
        self.columns = tuple(columns)  # the properties, in order (for CSV)
        self.extra = tuple(extra)  # properties beyond columns (distance_km)

    def as_geojson(self):
        features = [_feature(geometry, props) for geometry, props in self.rows]
        if self.single:
            return features[0]
        return {
            "type": "FeatureCollection",
            "count": self.count,
            "next": self.links.get("next"),
            "previous": self.links.get("previous"),
            **self._sync(),
            "features": features,
        }

    def as_json(self):
        objects = [_flat(geometry, props) for geometry, props in self.rows]
        if self.single:
            return objects[0]
        return {
            "count": self.count,
            "next": self.links.get("next"),
            "previous": self.links.get("previous"),
            **self._sync(),
            "results": objects,
        }

    def _sync(self):
        """The link of the next sync, on the last page of one."""
        return {"sync": self.links["sync"]} if "sync" in self.links else {}

    def csv_header(self):
        return [*self.columns, *self.extra, "lon", "lat"]

    def csv_rows(self):
        for geometry, props in self.rows:
            flat = _flat(geometry, props)
            yield [_cell(flat.get(column)) for column in self.csv_header()]


def _feature(geometry, props):
    return {
        "type": "Feature",
        "id": props["id"],
        "geometry": orjson.Fragment(geometry) if geometry else None,
        "properties": props,
    }


def _flat(geometry, props):
    """Plain JSON: the properties, lon and lat, and the GeoJSON geometry
    (NL API Design Rules, geospatial module: GeoJSON embedded in JSON)."""
    lon = lat = None
    if geometry:
        lon, lat = orjson.loads(geometry)["coordinates"]
    fragment = orjson.Fragment(geometry) if geometry else None
    return {**props, "lon": lon, "lat": lat, "geometry": fragment}


def _cell(value):
    """A CSV cell that no spreadsheet runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "|".join(value)
    if isinstance(value, bool | int | float):
        return value
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class GeoJSONRenderer(BaseRenderer):
    media_type = "application/geo+json"
    format = "geojson"
    charset = None  # JSON is UTF-8 by definition

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, FeatureData):
            data = data.as_geojson()
        return orjson.dumps(data)


class JSONRenderer(GeoJSONRenderer):
    media_type = "application/json"
    format = "json"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, FeatureData):
            data = data.as_json()
        return orjson.dumps(data)


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(data.csv_header())
        writer.writerows(data.csv_rows())
        return buffer.getvalue().encode()


class StrictContentNegotiation(DefaultContentNegotiation):
    """An unknown `?format=` is a 400 naming the parameter, not a 404; the
    Accept header's q weights choose (DRF orders by specificity only)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        name = self.settings.URL_FORMAT_OVERRIDE
        format = format_suffix or request.query_params.get(name)
        if format:
            renderers = self.filter_renderers(renderers, format)
        accepts = [m for m in self._get_parsed_accept_list(request) if _q(m) > 0]
        # Best quality first, then the more specific (RFC 9110, 12.5.1); a
        # stable sort keeps the client's order among equals.
        accepts.sort(key=lambda accepted: (-_q(accepted), -accepted.precedence))
        for accepted in accepts:
            for renderer in renderers:
                if _MediaType(renderer.media_type).match(accepted):
                    return renderer, renderer.media_type
        raise exceptions.NotAcceptable(available_renderers=renderers)

    def filter_renderers(self, renderers, format):
        found = [renderer for renderer in renderers if renderer.format == format]
        if not found:
            formats = ", ".join(renderer.format for renderer in renderers)
            raise exceptions.ValidationError(
                {"format": _("Unknown format; choose one of: %s.") % formats}
            )
        return found


def _q(media_type) -> float:
    try:
        return float(media_type.params.get("q", 1))
    except ValueError:
        return 0.0  # a malformed weight counts as "not acceptable"
