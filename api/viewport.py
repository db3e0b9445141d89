"""The map's data for one viewport: /api/v1/map/initiatives.

It takes the initiatives list's own FilterSet (every filter means the same)
plus `zoom`. Where few initiatives are in view it returns them as points;
where many, clusters on the fixed grid of api.grid (cells of about 64
screen pixels at that zoom), pre-counted or counted by the database, so a
million rows never leave it. The view is the grid cells the box touches:
each cluster's `count` is exact, and the counts and the points add up to
`total`, the filtered rows in those cells.

The answer depends only on the request and the data version, so it carries
an ETag and Cache-Control for any HTTP cache, and is kept in Django's cache
(api.response_cache, as the lists are).
"""

from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.response import Response

from initiatives.models import Initiative

from . import grid, response_cache
from .base import ApiViewMixin, problems
from .collections import INITIATIVES
from .features import page_url, tag_slugs
from .filters import InitiativeFilter
from .params import together
from .renderers import JSONRenderer

MIN_ZOOM, MAX_ZOOM = 0, 22
POINTS_AT_MOST = 250  # more in view: clusters
LIST_SIZE = 20  # the first of the list beside the map
COORDINATE_DECIMALS = 5  # about a metre


def clusters(filterset, zoom: int, cells) -> list[dict]:
    """The grid cells of the filtered rows in view: pre-counted where the
    filters have a grid and the zoom is shallow, else counted live; a cell
    of one row also gives that row's id."""
    rows, name = filterset.qs, filterset.grid_name()
    if name is not None and zoom <= grid.PRECOUNTED_ZOOM:
        found = grid.precounted(rows, zoom, cells, name=name, version=data_version)
    else:
        found = grid.counted(rows, zoom, cells)
    width, height = grid.cell_size(zoom)
    # The cell's own box, not its rows' extent: four aggregates less per row.
    return [
        {
            "lon": round(cell["sum_x"] / cell["count"], COORDINATE_DECIMALS),
            "lat": round(cell["sum_y"] / cell["count"], COORDINATE_DECIMALS),
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
        for cell in found
    ]


def data_version() -> str:
    return str(INITIATIVES.data_version())


def points(queryset, request) -> list[dict]:
    """The rows as points, with name, place, every theme and the page URL."""
    rows = grid.coordinates(queryset.order_by()).values(
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


def viewport(filterset, zoom: int, request) -> dict:
    """Clusters or points of the filtered rows in the grid cells the box
    touches, their total and the list."""
    box = filterset.form.cleaned_data.get("bbox")
    cells = grid.cells_over(box, zoom) if box else None
    found = clusters(filterset, zoom, cells)
    rows = grid.in_cells(filterset.qs, zoom, cells)
    # The list needs no row's cell: the rows in the cells' box, give or take
    # a metre, are found faster (an index on name).
    if cells:
        in_box = filterset.qs.location_candidates(grid.cells_box(zoom, cells))
    else:
        in_box = rows
    total = sum(cell["count"] for cell in found)
    if total <= POINTS_AT_MOST:
        shown, found = points(rows, request), []
    else:
        singles = [cell["id"] for cell in found if cell["id"] is not None]
        shown = points(rows.filter(pk__in=singles), request) if singles else []
        found = [cell for cell in found if cell["id"] is None]
    for cell in found:
        del cell["id"]
    return {
        "total": total,
        "zoom": zoom,
        "clusters": found,
        "points": shown,
        "list": listed(in_box, request),
    }


class MapFilter(InitiativeFilter):
    """The list's filters, but the box is applied as the grid cells it
    touches (api.grid.cells_over), by the view."""

    def filter_bbox(self, queryset, name, value: str):
        return queryset

    def grid_name(self) -> str | None:
        """The name of the filters' pre-counted grid; None: counted live."""
        return self.count_name(besides=("bbox",))


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
    few. The answer covers the whole grid cells (about 64 px) that `bbox`
    touches, so `total` may count a little beyond the box's edges (the
    `count` of /api/v1/initiatives is the box's exact number). Cacheable:
    ETag by data version, Cache-Control."""

    renderer_classes = [JSONRenderer]
    schema = FilteredSchema()
    filter_backends = [DjangoFilterBackend]  # for the schema; see get()
    filterset_class = MapFilter
    queryset = Initiative.objects.none()  # for the schema

    def known_params(self):
        return {*super().known_params(), "zoom"}

    def get(self, request):
        response = response_cache.served(
            request, INITIATIVES.data_version(), lambda: self.build(request)
        )
        # Any cache may keep it, and asks again each time (a 304 while the
        # data version stands): a new initiative shows at once.
        response["Cache-Control"] = "public, no-cache"
        return response

    def build(self, request):
        filterset = MapFilter(
            request.query_params, queryset=INITIATIVES.queryset(), request=request
        )

        def valid():
            if not filterset.is_valid():
                raise translate_validation(filterset.errors)

        zoom = together(self.zoom, valid)[0]
        return Response(viewport(filterset, zoom, request))

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
