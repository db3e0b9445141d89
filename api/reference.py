"""The reference lists partners filter by: regions, provinces,
municipalities, themes and places, and counts of initiatives."""

import orjson
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from areas.models import Municipality, Place, Province, Region
from areas.querysets import AUTOCOMPLETE_LIMIT, AUTOCOMPLETE_MAX, AUTOCOMPLETE_TEXT_MAX
from initiatives.models import Initiative, Tag

from . import crs
from .base import ApiViewMixin, problems
from .filters import CodeOrNameField
from .renderers import GeoJSONRenderer, JSONRenderer


class RegionQuery(serializers.Serializer):
    geometry = serializers.ChoiceField(
        choices=["light", "full", "none"],
        default="light",
        help_text=_("light: a precomputed simplified outline (default)"),
    )
    simplify = serializers.FloatField(
        min_value=0.0001,
        max_value=1,
        required=False,
        help_text=_("Simplify further with this tolerance, in degrees"),
    )

    def validate(self, data):
        if data.get("simplify") and data["geometry"] == "none":
            raise serializers.ValidationError(
                {"simplify": _("There is no geometry to simplify.")}
            )
        return data


class RegionList(crs.ContentCrsMixin, ApiViewMixin, APIView):
    """The regions as GeoJSON, with their provinces."""

    offered_crs = (crs.CRS84,)
    renderer_classes = [GeoJSONRenderer, JSONRenderer]
    query_serializer = RegionQuery

    @extend_schema(
        parameters=[RegionQuery],
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), **problems(400)},
    )
    def get(self, request):
        query = self.validated_query(RegionQuery)
        regions = Region.objects.with_shapes().prefetch_related("provinces")
        features = [region_feature(region, **query) for region in regions]
        return Response({"type": "FeatureCollection", "features": features})


def region_feature(region, geometry, simplify=None):
    shape = None
    if geometry != "none":
        shape = region.outline if geometry == "light" else region.boundary
        shape = shape or region.boundary
    if shape is not None and simplify:
        shape = shape.simplify(simplify, preserve_topology=True)
    return {
        "type": "Feature",
        "id": region.slug,
        "geometry": wound(orjson.loads(shape.json)) if shape is not None else None,
        "properties": {
            "slug": region.slug,
            "name": region.name,
            "provinces": sorted(p.code for p in region.provinces.all()),
        },
    }


def wound(geometry: dict) -> dict:
    """A (Multi)Polygon wound as RFC 7946 (3.1.6) asks: exterior rings
    counter-clockwise, holes clockwise. GEOS keeps the source's order."""
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    for polygon in polygons:
        for index, ring in enumerate(polygon):
            if (_signed_area(ring) > 0) != (index == 0):
                ring.reverse()
    return geometry


def _signed_area(ring) -> float:
    """Twice the area; positive when the ring runs counter-clockwise."""
    return sum(
        x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)
    )


class ProvinceOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    region = serializers.CharField(source="region.slug", allow_null=True)


class ProvinceList(ApiViewMixin, APIView):
    @extend_schema(responses={200: ProvinceOutput(many=True), **problems(400)})
    def get(self, request):
        provinces = Province.objects.with_areas("region")
        return Response(ProvinceOutput(provinces, many=True).data)


class MunicipalityQuery(serializers.Serializer):
    province = serializers.CharField(
        required=False, help_text=_("Province CBS code or name")
    )

    def validate_province(self, value):
        return CodeOrNameField(Province.objects.all()).clean(value)


class MunicipalityOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    province = serializers.CharField(source="province.code")


class MunicipalityList(ApiViewMixin, APIView):
    query_serializer = MunicipalityQuery

    @extend_schema(
        parameters=[MunicipalityQuery],
        responses={200: MunicipalityOutput(many=True), **problems(400)},
    )
    def get(self, request):
        province = self.validated_query(MunicipalityQuery).get("province")
        municipalities = Municipality.objects.with_areas("province")
        if province is not None:
            municipalities = municipalities.filter(province=province)
        return Response(MunicipalityOutput(municipalities, many=True).data)


class TagOutput(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField(help_text=_("Published initiatives"))


class TagList(ApiViewMixin, APIView):
    @extend_schema(responses={200: TagOutput(many=True), **problems(400)})
    def get(self, request):
        return Response(TagOutput(Tag.objects.with_counts(), many=True).data)


class PlaceQuery(serializers.Serializer):
    q = serializers.CharField(
        max_length=AUTOCOMPLETE_TEXT_MAX,
        help_text=_("Start of a place name, optionally with its province: Kampen (Fr"),
    )
    limit = serializers.IntegerField(
        min_value=1, max_value=AUTOCOMPLETE_MAX, default=AUTOCOMPLETE_LIMIT
    )


class PlaceOutput(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField(
        help_text=_(
            "The name told apart from same-name places, e.g. Kampen (Fryslân); "
            "it works as `place` in the searches"
        )
    )
    kind = serializers.CharField(source="get_kind_display")
    municipality = serializers.CharField(source="municipality.name")
    province = serializers.CharField(source="province.name")
    lat = serializers.FloatField(source="location.y")
    lon = serializers.FloatField(source="location.x")


class PlaceList(crs.ContentCrsMixin, ApiViewMixin, APIView):
    """Gazetteer autocomplete: the best few places for the start of a name."""

    offered_crs = (crs.CRS84,)
    query_serializer = PlaceQuery

    @extend_schema(
        parameters=[PlaceQuery],
        responses={200: PlaceOutput(many=True), **problems(400)},
    )
    def get(self, request):
        query = self.validated_query(PlaceQuery)
        places = Place.objects.autocomplete(query["q"], limit=query["limit"])
        return Response(PlaceOutput(places, many=True).data)


class KeyCount(serializers.Serializer):
    key = serializers.CharField()
    count = serializers.IntegerField()


class StatsOutput(serializers.Serializer):
    total = serializers.IntegerField()
    regions = KeyCount(many=True)
    provinces = KeyCount(many=True)
    tags = KeyCount(many=True)


class Stats(ApiViewMixin, APIView):
    """Published initiatives counted per region, province (code) and theme."""

    @extend_schema(responses={200: StatsOutput, **problems(400)})
    def get(self, request):
        published = Initiative.objects.published()
        data = {"total": published.count()}
        for name, field in (
            ("regions", "region__slug"),
            ("provinces", "province__code"),
        ):
            counts = published.counts_by(field)
            data[name] = [{"key": c[field], "count": c["count"]} for c in counts]
        tags = Tag.objects.used().order_by("slug")
        data["tags"] = [{"key": tag.slug, "count": tag.count} for tag in tags]
        return Response(data)
