"""The OpenAPI components of a collection, built from its properties under
the names clients already know (InitiativeProperties, InitiativeFeature, …)."""

import copy
import functools

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema_serializer
from rest_framework import serializers

from .base import problems


class PageFields(serializers.Serializer):
    count = serializers.IntegerField(
        help_text=(
            "The rows the filters match, on all pages. Counted once per search "
            "while the data stands: the first page of a new point, box or text "
            "search may take longer (about 0.2 s for 9,000 matches among a "
            "million); its other pages and repeats take the count from the cache."
        )
    )
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    sync = serializers.URLField(
        required=False,
        help_text=(
            "With updated_since, on the last page: the URL of the next sync, "
            "which starts right after the last change delivered."
        ),
    )


def _serializer(name, fields, doc="", *, base=serializers.Serializer):
    fields = {key: copy.deepcopy(value) for key, value in fields.items()}
    return type(name, (base,), {**fields, "__doc__": doc})


def _page(name, fields):
    # Paged by the view itself: the response is this object, not a list.
    page = _serializer(name, fields, base=PageFields)
    return extend_schema_serializer(many=False)(page)


POINT = _serializer(
    "PointGeometry",
    {
        "type": serializers.ChoiceField(choices=["Point"]),
        "coordinates": serializers.ListField(
            child=serializers.FloatField(), min_length=2, max_length=2
        ),
    },
)


@functools.cache
def components(collection) -> dict[str, type[serializers.Serializer]]:
    """Properties, Feature, FeatureCollection, Object and ObjectPage."""
    name = collection.name
    fields = {p.name: _field(collection, p) for p in collection.properties}
    properties = _serializer(
        f"{name}Properties", {**fields, **collection.extra_schema}, collection.doc
    )
    feature = _serializer(
        f"{name}Feature",
        {
            "type": serializers.ChoiceField(choices=["Feature"]),
            "id": serializers.IntegerField(),
            "geometry": POINT(allow_null=True, **_help(collection.geometry_help)),
            "properties": properties(),
        },
    )
    optional = collection.coordinates_optional
    flat = _serializer(
        f"{name}Object",
        {
            **fields,
            **collection.extra_schema,
            "lon": serializers.FloatField(allow_null=True, required=not optional),
            "lat": serializers.FloatField(allow_null=True, required=not optional),
            "geometry": POINT(
                allow_null=True,
                required=not optional,
                help_text="The location as a GeoJSON Point (WGS 84).",
            ),
        },
        collection.doc,
    )
    return {
        "Properties": properties,
        "Feature": feature,
        "FeatureCollection": _page(
            f"{name}FeatureCollection",
            {
                "type": serializers.ChoiceField(choices=["FeatureCollection"]),
                "features": feature(many=True),
            },
        ),
        "Object": flat,
        "ObjectPage": _page(f"{name}ObjectPage", {"results": flat(many=True)}),
    }


def _field(collection, prop):
    """A property's schema; those a tombstone lacks are not required."""
    if collection.sync is None or prop.in_tombstone:
        return prop.field
    # DRF fields deep-copy from their constructor's arguments, so change
    # those: a changed attribute would not survive the next copy.
    field = copy.deepcopy(prop.field)
    field._kwargs = {**field._kwargs, "required": False}
    field.required = False
    return field


def _help(text):
    return {"help_text": text} if text else {}


def list_responses(collection):
    shapes = components(collection)
    return {
        (200, "application/geo+json"): shapes["FeatureCollection"],
        (200, "application/json"): shapes["ObjectPage"],
        (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR),
        **problems(400, 406, 429),  # 406: an Accept-Crs not offered
    }


def detail_responses(collection):
    shapes = components(collection)
    return {
        (200, "application/geo+json"): shapes["Feature"],
        (200, "application/json"): shapes["Object"],
        (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR),
        **problems(400, 404, 406, 429),  # 406: an Accept-Crs not offered
    }
