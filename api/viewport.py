"""The map's data for one viewport: /api/v1/map/initiatives.

It takes the initiatives list's own FilterSet (every filter means the same)
plus `zoom`. Where few initiatives are in view it returns them as points;
where many, clusters counted by the database on a grid of about 64 screen
pixels at that zoom, so a million rows never leave it. Each cluster's
`count` is exact: the counts and the points add up to `total`.

The answer depends only on the query and the data version, so it carries an
ETag and Cache-Control for any HTTP cache, and is kept in Django's cache.
"""

import hashlib
import math

from django.core.cache import cache
from django.db.models import Avg, Count, FloatField, Func, Min, Value
from django.db.models.functions import Floor
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.response import Response

from initiatives.models import Initiative

from .base import ApiViewMixin, problems
from .collections import INITIATIVES
from .features import page_url, tag_slugs
from .filters import InitiativeFilter
from .renderers import JSONRenderer

MIN_ZOOM, MAX_ZOOM = 0, 22
POINTS_AT_MOST = 250  # more in view: clusters
CELL_PIXELS = 64  # a cluster's grid cell on screen, in 256-pixel tiles
LIST_SIZE = 20  # the first of the list beside the map
CACHE_SECONDS = 600  # in Django's cache; the data version is in the key
COORDINATE_DECIMALS = 5  # about a metre


def cell_size(zoom: int, latitude: float) -> tuple[float, float]:
    """The grid cell (degrees of longitude, of latitude) at this zoom: square
    on screen near `latitude` (web mercator stretches latitude)."""
    width = 360 / 2**zoom * CELL_PIXELS / 256
    return width, width * math.cos(math.radians(latitude))


def _coordinates(queryset):
    return queryset.annotate(
        x=Func("location", function="ST_X", output_field=FloatField()),
        y=Func("location", function="ST_Y", output_field=FloatField()),
    )


def clusters(queryset, zoom: int, latitude: float) -> list[dict]:
    """Grid clusters of the rows, counted by the database; a cell of one row
    also gives that row's id."""
    width, height = cell_size(zoom, latitude)
    if queryset.query.distinct:  # GROUP BY on DISTINCT rows: group their ids
        queryset = Initiative.objects.filter(pk__in=queryset.values("pk"))
    cells = (
        _coordinates(queryset.order_by())
        .annotate(cx=Floor(_divided("x", width)), cy=Floor(_divided("y", height)))
        .values("cx", "cy")
        .annotate(count=Count("id"), lon=Avg("x"), lat=Avg("y"), first=Min("id"))
        .order_by()
    )
    # The cell's own box, not its rows' extent: four aggregates less per row.
    return [
        {
            "lon": round(cell["lon"], COORDINATE_DECIMALS),
            "lat": round(cell["lat"], COORDINATE_DECIMALS),
            "count": cell["count"],
            "bbox": [
                round(value, COORDINATE_DECIMALS)
                for value in (
                    cell["cx"] * width,
                    cell["cy"] * height,
                    (cell["cx"] + 1) * width,
                    (cell["cy"] + 1) * height,
                )
            ],
            "id": cell["first"] if cell["count"] == 1 else None,
        }
        for cell in cells
    ]


def _divided(name, size):
    return Func(
        name,
        Value(size),
        template="(%(expressions)s)",
        arg_joiner=" / ",
        output_field=FloatField(),
    )


def points(queryset, request) -> list[dict]:
    """The rows as points, with name, place, every theme and the page URL."""
    rows = _coordinates(queryset.order_by()).values(
        "id", "slug", "name", "place_name", "x", "y"
    )
    rows = list(rows)
    themes = tag_slugs([row["id"] for row in rows])
    url = page_url(request)
    return [
        {
            "id": row["id"],
            "lon": round(row["x"], COORDINATE_DECIMALS),
            "lat": round(row["y"], COORDINATE_DECIMALS),
            "name": row["name"],
            "place": row["place_name"],
            "tags": themes.get(row["id"], []),
            "url": url(row["slug"]),
        }
        for row in rows
    ]


def listed(queryset, request) -> list[dict]:
    """The first LIST_SIZE rows in the list's order (nearest first around a
    place or point, else by name)."""
    with_distance = "distance" in queryset.query.annotations
    fields = ("id", "slug", "name", "place_name", *(("distance",) * with_distance))
    url = page_url(request)
    return [
        {
            "id": row["id"],
            "name": row["name"],
            "place": row["place_name"],
            "url": url(row["slug"]),
            "distance_km": round(row["distance"].km, 1) if with_distance else None,
        }
        for row in queryset.values(*fields)[:LIST_SIZE]
    ]


def viewport(queryset, zoom: int, latitude: float, request) -> dict:
    """Clusters or points of the filtered rows, their total and the list."""
    found = clusters(queryset, zoom, latitude)
    total = sum(cell["count"] for cell in found)
    if total <= POINTS_AT_MOST:
        shown, found = points(queryset, request), []
    else:
        singles = [cell["id"] for cell in found if cell["id"] is not None]
        shown = points(queryset.filter(pk__in=singles), request) if singles else []
        found = [cell for cell in found if cell["id"] is None]
    for cell in found:
        del cell["id"]
    return {
        "total": total,
        "zoom": zoom,
        "clusters": found,
        "points": shown,
        "list": listed(queryset, request),
    }


class Cluster(serializers.Serializer):
    lon = serializers.FloatField()
    lat = serializers.FloatField()
    count = serializers.IntegerField()
    bbox = serializers.ListField(
        child=serializers.FloatField(),
        help_text="The cluster's grid cell: minLon,minLat,maxLon,maxLat",
    )


class MapPoint(serializers.Serializer):
    id = serializers.IntegerField()
    lon = serializers.FloatField()
    lat = serializers.FloatField()
    name = serializers.CharField()
    place = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())
    url = serializers.URLField()


class MapListItem(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    place = serializers.CharField()
    url = serializers.URLField()
    distance_km = serializers.FloatField(allow_null=True)


class MapViewport(serializers.Serializer):
    """Clusters where many, points where few: `total` is the sum of the
    clusters' counts and the points."""

    total = serializers.IntegerField()
    zoom = serializers.IntegerField()
    clusters = Cluster(many=True)
    points = MapPoint(many=True)
    list = MapListItem(many=True, help_text=f"The first {LIST_SIZE} in list order")


ZOOM = OpenApiParameter(
    "zoom",
    {"type": "integer", "minimum": MIN_ZOOM, "maximum": MAX_ZOOM},
    description=(
        f"The map's zoom level ({MIN_ZOOM} to {MAX_ZOOM}, default 7): the size "
        "of the clusters' grid cells"
    ),
)


class FilteredSchema(AutoSchema):
    """One object, not a list, yet with the list's filter parameters."""

    def get_filter_backends(self):
        return self.view.filter_backends


@extend_schema(
    responses={200: MapViewport, **problems(400, 429)},
    parameters=[ZOOM],
    summary="Initiatives on a map, by viewport and zoom",
)
class InitiativeMap(ApiViewMixin, generics.GenericAPIView):
    """Initiatives on a map: the same filters as the initiatives list (use
    `bbox` for the viewport) plus `zoom`; clusters where many, points where
    few. Cacheable: ETag by data version, Cache-Control."""

    renderer_classes = [JSONRenderer]
    schema = FilteredSchema()
    filter_backends = [DjangoFilterBackend]  # for the schema; see get()
    filterset_class = InitiativeFilter
    queryset = Initiative.objects.none()  # for the schema

    def known_params(self):
        return {*super().known_params(), "zoom"}

    def get(self, request):
        zoom = self.zoom()
        tag = self.etag(zoom)
        if tag in request.headers.get("If-None-Match", ""):
            return self.cached(Response(status=304), tag)
        key = f"api-map:{tag}"
        data = cache.get(key)
        if data is None:
            filterset = InitiativeFilter(
                request.query_params, queryset=INITIATIVES.queryset(), request=request
            )
            if not filterset.is_valid():
                raise translate_validation(filterset.errors)
            box = filterset.form.cleaned_data.get("bbox")
            latitude = box.centroid.y if box else 52.2  # the Netherlands
            data = viewport(filterset.qs, zoom, latitude, request)
            cache.set(key, data, CACHE_SECONDS)
        return self.cached(Response(data), tag)

    def zoom(self) -> int:
        value = self.request.query_params.get("zoom", "7")
        if not (value.isascii() and value.isdigit()) or not (
            MIN_ZOOM <= int(value) <= MAX_ZOOM
        ):
            raise exceptions.ValidationError(
                {
                    "zoom": _("Give a whole number from %(min)d to %(max)d.")
                    % {"min": MIN_ZOOM, "max": MAX_ZOOM}
                }
            )
        return int(value)

    def etag(self, zoom: int) -> str:
        """The query, the host (in the URLs) and the data version, hashed."""
        query = sorted(self.request.query_params.lists())
        parts = (
            query,
            zoom,
            self.request.get_host(),
            str(INITIATIVES.data_version()),
        )
        digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
        return f'"{digest}"'

    @staticmethod
    def cached(response, tag):
        response["ETag"] = tag
        # Any cache may keep it, and asks again each time (a 304 while the
        # data version stands): a new initiative shows at once.
        response["Cache-Control"] = "public, no-cache"
        return response
