"""OGC API - Features Parts 1 (Core, GeoJSON, HTML, OpenAPI 3.0), 2 (CRS)
and 3 (queryables, CQL2 text filters), for QGIS, GDAL and other GIS clients.

Collections are data: add a `Collection` to COLLECTIONS and it appears in
the landing page links, /collections and its own items endpoints. The
`datetime` parameter filters initiatives on their last update, and
gatherings on their own time span (from start to end).
"""

import functools
from datetime import UTC, datetime, time

import django_filters as filters
from django import forms
from django.contrib.gis.db.models import Extent
from django.db.models import Max, Min
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.utils import translate_validation
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from . import cql2, crs, ogc_openapi, queryables, response_cache
from .base import ApiViewMixin
from .collections import GATHERINGS, INITIATIVES
from .pagination import MAX_LIMIT, Page, cached_count
from .params import together
from .renderers import FeatureData, GeoJSONRenderer, JSONRenderer

GEOJSON, JSON, HTML = "application/geo+json", "application/json", "text/html"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
SCHEMA = "application/schema+json"
CRS84 = crs.CRS84.uri
DEFAULT_LIMIT = 10  # OGC's example default; the OpenAPI document says so
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
]
OGC_RELS = {"next": "next", "previous": "prev"}
QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables"
# The parameters of /items beyond the collection's own filters.
ITEMS_PARAMS = {
    "bbox",
    "bbox-crs",
    "crs",
    "filter",
    "filter-lang",
    "filter-crs",
    "sortby",
    "properties",
    "skipGeometry",
}


COLLECTIONS = {collection.id: collection for collection in (INITIATIVES, GATHERINGS)}
QUERYABLES = {
    "initiatives": queryables.initiatives,
    "gatherings": queryables.gatherings,
}
# The moments of each collection that its temporal extent spans.
TEMPORAL = {
    "initiatives": ("updated_at", "updated_at"),
    "gatherings": ("starts_at", "ends_at"),
}


def _url(request, name, **kwargs):
    return request.build_absolute_uri(reverse(f"ogc:{name}", kwargs=kwargs))


def _link(href, rel, media_type, title=""):
    return {"href": href, "rel": rel, "type": media_type, "title": str(title)}


def _with_f(url, f):
    return f"{url}{'&' if '?' in url else '?'}f={f}"


def _queryables(collection):
    return QUERYABLES.get(collection.id, lambda: queryables.Queryables(None))()


def _extent(collection):
    """The bbox of the collection's points (CRS84) and its time span, from
    the data as it is now."""
    start, end = TEMPORAL.get(collection.id, ("updated_at", "updated_at"))
    found = (
        collection.queryset()
        .order_by()
        .aggregate(box=Extent("location"), start=Min(start), end=Max(end))
    )
    box = [round(n, 6) for n in found["box"]] if found["box"] else None
    interval = [
        moment.astimezone(UTC).isoformat().replace("+00:00", "Z") if moment else None
        for moment in (found["start"], found["end"])
    ]
    extent = {"temporal": {"interval": [interval], "trs": TRS}}
    if box:
        extent["spatial"] = {"bbox": [box], "crs": CRS84}
    return extent


TRS = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"


def _collection(request, collection):
    url = _url(request, "collection", collection_id=collection.id)
    items = _url(request, "items", collection_id=collection.id)
    return {
        "id": collection.id,
        "title": str(collection.title),
        "description": str(collection.description),
        "itemType": "feature",
        "crs": [c.uri for c in crs.SUPPORTED],
        "storageCrs": CRS84,
        "extent": _extent(collection),
        "links": [
            _link(url, "self", JSON, collection.title),
            _link(_with_f(url, "html"), "alternate", HTML, collection.title),
            _link(_with_f(items, "html"), "items", HTML, collection.title),
            _link(items, "items", GEOJSON, collection.title),
            _link(
                _url(request, "queryables", collection_id=collection.id),
                QUERYABLES_REL,
                SCHEMA,
                _("Queryables"),
            ),
        ],
    }


def _find(collection_id):
    try:
        return COLLECTIONS[collection_id]
    except KeyError:
        raise exceptions.NotFound(_("No such collection.")) from None


class HTMLRenderer(BaseRenderer):
    """The view's data in its Dutch-first template (f=html, or a browser)."""

    media_type = HTML
    format = "html"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        view = renderer_context["view"]
        request = renderer_context["request"]
        context = {
            "data": data,
            "view": view,
            "json_url": _with_f(request.build_absolute_uri(), "json"),
        }
        return render_to_string(f"ogc/{view.template}.html", context, request)


class OpenAPIRenderer(JSONRenderer):
    media_type = OPENAPI
    format = "json"


@extend_schema(exclude=True)
class OgcView(ApiViewMixin, APIView):
    """JSON (f=json) or HTML (f=html, or a browser that asks for text/html)."""

    renderer_classes = [JSONRenderer, HTMLRenderer]
    template = ""
    formats = {"json": JSONRenderer, "html": HTMLRenderer}

    def known_params(self):
        return {*super().known_params(), "f"}

    def perform_content_negotiation(self, request, force=False):
        f = request.query_params.get("f")
        if f is None:
            return super().perform_content_negotiation(request, force)
        renderer = self.formats.get(f)
        if renderer is None:
            raise exceptions.ValidationError(
                {"f": _("Choose one of: %s.") % ", ".join(self.formats)}
            )
        return renderer(), renderer.media_type


class Landing(OgcView):
    template = "landing"

    def get(self, request):
        return Response(
            {
                "title": "Omzien",
                "description": _("Initiatives and gatherings of the Land van Omzien"),
                "links": [
                    _link(_url(request, "landing"), "self", JSON),
                    _link(_with_f(_url(request, "landing"), "html"), "alternate", HTML),
                    _link(
                        _url(request, "openapi"),
                        "service-desc",
                        OPENAPI,
                        _("The API definition (OpenAPI 3.0)"),
                    ),
                    _link(_url(request, "conformance"), "conformance", JSON),
                    _link(_url(request, "collections"), "data", JSON),
                ],
            }
        )


class OpenApi(OgcView):
    renderer_classes = [OpenAPIRenderer, JSONRenderer]
    formats = {"json": OpenAPIRenderer}

    def get(self, request):
        server = _url(request, "landing")
        document = ogc_openapi.document(server, COLLECTIONS.values())
        return Response(document, content_type=OPENAPI)


class Conformance(OgcView):
    template = "conformance"

    def get(self, request):
        return Response({"conformsTo": CONFORMANCE})


class Collections(OgcView):
    template = "collections"

    def get(self, request):
        return Response(
            {
                "links": [
                    _link(_url(request, "collections"), "self", JSON),
                    _link(
                        _with_f(_url(request, "collections"), "html"), "alternate", HTML
                    ),
                ],
                "collections": [_collection(request, c) for c in COLLECTIONS.values()],
            }
        )


class CollectionDetail(OgcView):
    template = "collection"

    def get(self, request, collection_id):
        return Response(_collection(request, _find(collection_id)))


class Queryables(OgcView):
    renderer_classes = [JSONRenderer]
    formats = {"json": JSONRenderer}

    def get(self, request, collection_id):
        collection = _find(collection_id)
        url = _url(request, "queryables", collection_id=collection.id)
        schema = _queryables(collection).schema(url, collection.title)
        return Response(schema, content_type=SCHEMA)


def _crs_param(request, name, default=crs.CRS84):
    text = request.query_params.get(name)
    if text is None:
        return default
    found = crs.find(text)
    if found is None:
        raise exceptions.ValidationError(
            {name: _("Unsupported CRS; choose one of: %s.") % crs.names()}
        )
    return found


class FeatureView(OgcView):
    renderer_classes = [GeoJSONRenderer, JSONRenderer, HTMLRenderer]
    formats = {
        "json": GeoJSONRenderer,
        "geojson": GeoJSONRenderer,
        "html": HTMLRenderer,
    }

    def get(self, request, collection_id, *args, **kwargs):
        self.collection = collection = _find(collection_id)
        crs.choose(request, _crs_param(request, "crs"))
        self.version = collection.data_version() if collection.data_version else None
        return response_cache.served(
            request,
            self.version,
            lambda: self.build(request, collection_id, *args, **kwargs),
        )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            response["Content-Crs"] = crs.of(request).header()
        return response

    def shaping(self):
        """A function that gives rows with only the asked properties, and
        without geometry when skipGeometry=true."""
        params = self.request.query_params
        skip, wanted = together(
            lambda: _skip_geometry(params),
            lambda: _properties(params, self.collection),
        )

        def shaped(rows):
            if wanted is not None:
                keep = {"id", *wanted}
                rows = [(g, {k: v for k, v in p.items() if k in keep}) for g, p in rows]
            if skip:
                rows = [(None, p) for _, p in rows]
            return rows

        return shaped


class Items(FeatureView):
    template = "items"

    def known_params(self):
        collection = COLLECTIONS.get(self.kwargs.get("collection_id"))
        filters = ogc_filterset(collection).base_filters if collection else {}
        return {*super().known_params(), *Page.PARAMS, *filters, *ITEMS_PARAMS}

    def build(self, request, collection_id):
        collection = self.collection
        filterset = ogc_filterset(collection)(
            request.query_params, queryset=collection.queryset(), request=request
        )

        def filtered():
            if not filterset.is_valid():
                raise translate_validation(filterset.errors)
            return self.filtered(filterset.qs, collection)

        queryset, order, page, shaped = together(
            filtered,
            lambda: self.ordering(collection),
            lambda: Page(request, default=DEFAULT_LIMIT),
            self.shaping,
        )
        queryset = queryset.order_by(*order)
        read = functools.partial(collection.rows, request=request)
        rows = shaped(page.fetch(queryset, read))
        matched = cached_count(queryset, name=None, version=self.version)
        links = page.links()
        if links.get("next") and request.query_params.get("f") != "html":
            links["next"] = _growing(links["next"], page.limit)
        data = FeatureData(rows, count=matched, links=links).as_geojson()
        return Response(_ogc_collection(data, request, collection, links))

    def filtered(self, queryset, collection):
        params = self.request.query_params
        if "bbox" in params:
            box_crs = _crs_param(self.request, "bbox-crs")
            try:
                queryset = queryset.in_bbox(crs.parse_bbox(params["bbox"], box_crs))
            except crs.BboxError as error:
                raise exceptions.ValidationError({"bbox": str(error)}) from None
        text = params.get("filter")
        if text is not None:
            if params.get("filter-lang", "cql2-text") != "cql2-text":
                raise exceptions.ValidationError(
                    {"filter-lang": _("Only cql2-text is offered.")}
                )
            filter_crs = _crs_param(self.request, "filter-crs")
            try:
                q = cql2.parse(text, _queryables(collection), filter_crs=filter_crs)
            except cql2.CqlError as error:
                raise exceptions.ValidationError({"filter": str(error)}) from None
            queryset = queryset.filter(q)
        return queryset

    def ordering(self, collection):
        text = self.request.query_params.get("sortby")
        if not text:
            return ("id",)
        known = _queryables(collection)
        fields = []
        for key in text.split(","):
            name = key.lstrip("+-")
            queryable = dict.get(known, name)
            if queryable is None or not queryable.sortable:
                raise exceptions.ValidationError(
                    {"sortby": _("Cannot sort by %s.") % name}
                )
            fields.append(("-" if key.startswith("-") else "") + queryable.field)
        return (*fields, "id")


def _skip_geometry(params) -> bool:
    skip = params.get("skipGeometry", "false")
    if skip not in ("true", "false"):
        raise exceptions.ValidationError({"skipGeometry": _("Give true or false.")})
    return skip == "true"


def _properties(params, collection) -> list[str] | None:
    """The properties asked for, or None for all."""
    wanted = params.get("properties")
    if wanted is None:
        return None
    names = [name for name in wanted.split(",") if name]
    unknown = sorted(set(names) - set(collection.columns))
    if unknown:
        raise exceptions.ValidationError(
            {"properties": _("Unknown properties: %s.") % ", ".join(unknown)}
        )
    return names


def _growing(url, limit):
    """The next page ten times as large, up to MAX_LIMIT: clients that page
    by 10 (GDAL before 3.8, which does not read the maximum from the OpenAPI
    document) fetch a large collection in few requests, within the rate
    limit. Each page still holds no more than the limit its URL asks."""
    return replace_query_param(url, "limit", min(MAX_LIMIT, limit * 10))


def _ogc_collection(data, request, collection, links):
    data["numberMatched"] = data.pop("count")
    data["numberReturned"] = len(data["features"])
    data["timeStamp"] = timezone.now().isoformat()
    self_url = request.build_absolute_uri()
    data["links"] = [
        _link(self_url, "self", GEOJSON),
        _link(_with_f(self_url, "html"), "alternate", HTML),
        _link(
            _url(request, "collection", collection_id=collection.id), "collection", JSON
        ),
    ] + [_link(url, OGC_RELS[rel], GEOJSON) for rel, url in links.items() if url]
    del data["next"], data["previous"]
    return data


class Item(FeatureView):
    template = "item"

    def known_params(self):
        return {*super().known_params(), "crs", "properties", "skipGeometry"}

    def build(self, request, collection_id, feature_id):
        collection = self.collection
        if not (feature_id.isascii() and feature_id.isdigit()):
            raise exceptions.NotFound()
        queryset = collection.queryset().filter(pk=int(feature_id))
        shaped = self.shaping()
        rows = shaped(collection.rows(queryset, request))
        if not rows:
            raise exceptions.NotFound()
        feature = FeatureData(rows, single=True).as_geojson()
        feature["links"] = [
            _link(request.build_absolute_uri(), "self", GEOJSON),
            _link(_with_f(request.build_absolute_uri(), "html"), "alternate", HTML),
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
    # bbox: the view's, which knows bbox-crs.
    inherited = collection.filterset.base_filters.items()
    filterset.base_filters = {
        **{n: f for n, f in inherited if n not in ("ordering", "bbox")},
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
