"""OGC API - Features, Part 1 Core, for QGIS, GDAL and other GIS clients.

Collections are data: add a `Collection` to COLLECTIONS and it appears in
the landing page links, /collections and its own items endpoints. The
`datetime` parameter filters initiatives on their last update, and
gatherings on their own time span (from start to end).
"""

import functools
from datetime import UTC, datetime, time

import django_filters as filters
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.utils import translate_validation
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from .base import ApiViewMixin
from .collections import GATHERINGS, INITIATIVES
from .pagination import Page
from .renderers import FeatureData, GeoJSONRenderer, JSONRenderer

GEOJSON, JSON = "application/geo+json", "application/json"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
]
OGC_RELS = {"next": "next", "previous": "prev"}
NETHERLANDS = [3.2, 50.7, 7.3, 53.6]  # lon/lat extent of every collection


COLLECTIONS = {collection.id: collection for collection in (INITIATIVES, GATHERINGS)}


def _url(request, name, **kwargs):
    return request.build_absolute_uri(reverse(f"ogc:{name}", kwargs=kwargs))


def _link(href, rel, media_type, title=""):
    return {"href": href, "rel": rel, "type": media_type, "title": str(title)}


def _collection(request, collection):
    url = _url(request, "collection", collection_id=collection.id)
    items = _url(request, "items", collection_id=collection.id)
    return {
        "id": collection.id,
        "title": str(collection.title),
        "description": str(collection.description),
        "itemType": "feature",
        "crs": [CRS84],
        "extent": {
            "spatial": {"bbox": [NETHERLANDS], "crs": CRS84},
            "temporal": {"interval": [[None, None]]},
        },
        "links": [
            _link(url, "self", JSON, collection.title),
            _link(items, "items", GEOJSON, collection.title),
        ],
    }


def _find(collection_id):
    try:
        return COLLECTIONS[collection_id]
    except KeyError:
        raise exceptions.NotFound(_("No such collection.")) from None


@extend_schema(exclude=True)
class OgcView(ApiViewMixin, APIView):
    renderer_classes = [JSONRenderer, GeoJSONRenderer]

    def known_params(self):
        return {*super().known_params(), "f"}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.query_params.get("f", "json") not in ("json", "geojson"):
            raise exceptions.ValidationError({"f": _("Only json is offered.")})


class Landing(OgcView):
    def get(self, request):
        return Response(
            {
                "title": "Omzien",
                "description": _("Initiatives and gatherings of the Land van Omzien"),
                "links": [
                    _link(_url(request, "landing"), "self", JSON),
                    _link(_url(request, "conformance"), "conformance", JSON),
                    _link(_url(request, "collections"), "data", JSON),
                    _link(
                        request.build_absolute_uri(reverse("api:openapi-json")),
                        "service-desc",
                        "application/vnd.oai.openapi+json;version=3.0",
                    ),
                ],
            }
        )


class Conformance(OgcView):
    def get(self, request):
        return Response({"conformsTo": CONFORMANCE})


class Collections(OgcView):
    def get(self, request):
        return Response(
            {
                "links": [_link(_url(request, "collections"), "self", JSON)],
                "collections": [_collection(request, c) for c in COLLECTIONS.values()],
            }
        )


class CollectionDetail(OgcView):
    def get(self, request, collection_id):
        return Response(_collection(request, _find(collection_id)))


class Items(OgcView):
    renderer_classes = [GeoJSONRenderer, JSONRenderer]

    def known_params(self):
        collection = COLLECTIONS.get(self.kwargs.get("collection_id"))
        filters = ogc_filterset(collection).base_filters if collection else {}
        return {*super().known_params(), *Page.PARAMS, *filters}

    def get(self, request, collection_id):
        collection = _find(collection_id)
        filterset = ogc_filterset(collection)(
            request.query_params, queryset=collection.queryset(), request=request
        )
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        queryset = filterset.qs.order_by("id")
        page = Page(request, default=10)
        rows = page.fetch(queryset, lambda part: collection.rows(part, request))
        matched = queryset.count()
        links = page.links()
        data = FeatureData(rows, count=matched, links=links).as_geojson()
        return Response(_ogc_collection(data, request, collection, links))


def _ogc_collection(data, request, collection, links):
    data["numberMatched"] = data.pop("count")
    data["numberReturned"] = len(data["features"])
    data["timeStamp"] = timezone.now().isoformat()
    data["links"] = [_link(request.build_absolute_uri(), "self", GEOJSON)] + [
        _link(url, OGC_RELS[rel], GEOJSON) for rel, url in links.items() if url
    ]
    del data["next"], data["previous"]
    return data


class Item(OgcView):
    renderer_classes = [GeoJSONRenderer, JSONRenderer]

    def get(self, request, collection_id, feature_id):
        collection = _find(collection_id)
        if not (feature_id.isascii() and feature_id.isdigit()):
            raise exceptions.NotFound()
        queryset = collection.queryset().filter(pk=int(feature_id))
        rows = collection.rows(queryset, request)
        if not rows:
            raise exceptions.NotFound()
        feature = FeatureData(rows, single=True).as_geojson()
        feature["links"] = [
            _link(request.build_absolute_uri(), "self", GEOJSON),
            _link(
                _url(request, "collection", collection_id=collection.id),
                "collection",
                JSON,
            ),
        ]
        return Response(feature)


class IntervalField(forms.CharField):
    """An OGC datetime: (start, end), either None for an open end."""

    def clean(self, value):
        value = super().clean(value)
        return parse_interval(value) if value else None


class IntervalFilter(filters.Filter):
    field_class = IntervalField


@functools.cache
def ogc_filterset(collection):
    """The collection's own FilterSet, with OGC's datetime; ordering is
    OGC's (by id), and other filters are allowed extra parameters (OGC API
    Features Part 1, 7.15.5)."""

    def filter_datetime(self, queryset, name, value):
        return collection.during(queryset, *value)

    filterset = type(
        f"Ogc{collection.filterset.__name__}",
        (collection.filterset,),
        {
            "datetime": IntervalFilter(method="filter_datetime"),
            "filter_datetime": filter_datetime,
        },
    )
    # base_filters, not declared ones: GatheringFilter adds "from" and "to".
    inherited = collection.filterset.base_filters.items()
    filterset.base_filters = {
        **{name: filter for name, filter in inherited if name != "ordering"},
        "datetime": filterset.base_filters["datetime"],
    }
    return filterset


def parse_interval(text):
    """An OGC datetime: an instant, or start/end with `..` for open ends."""
    parts = text.split("/")
    if len(parts) > 2:
        raise _bad_datetime()
    if len(parts) == 1:
        start, end = _moment(parts[0], end=False), _moment(parts[0], end=True)
    else:
        start = None if parts[0] in ("", "..") else _moment(parts[0], end=False)
        end = None if parts[1] in ("", "..") else _moment(parts[1], end=True)
    if start and end and start > end:
        raise _bad_datetime()
    return start, end


def _moment(text, *, end):
    """A date-time; a bare date stands for its whole day."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _bad_datetime() from None
    if len(text) == 10 and end:  # YYYY-MM-DD: up to the end of that day
        moment = datetime.combine(moment.date(), time.max)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    try:
        return moment.astimezone(UTC)  # see api.filters.UtcDateTimeField
    except OverflowError:
        raise _bad_datetime() from None


def _bad_datetime():
    return forms.ValidationError(
        _("Give an RFC 3339 date-time, or start/end with .. open."), code="invalid"
    )
