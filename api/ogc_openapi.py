"""The OpenAPI 3.0 document of /ogc (the landing page's service-desc).

GDAL and QGIS read the `limit` parameter of the items path from it: its
`maximum` (pagination.MAX_LIMIT, the one home of that number) becomes their
page size, so that they fetch a large collection in few requests.
"""

from django.conf import settings

from . import crs
from .pagination import MAX_LIMIT

GEOJSON, JSON, HTML = "application/geo+json", "application/json", "text/html"
PROBLEM = {
    "description": "A problem (RFC 9457): bad parameters, unknown path, rate limit",
    "content": {"application/problem+json": {"schema": {"type": "object"}}},
}
CRS_URIS = [c.uri for c in crs.SUPPORTED]


def _param(name, description, schema, *, where="query", required=False, **extra):
    return {
        "name": name,
        "in": where,
        "required": required,
        "description": description,
        "schema": schema,
        **extra,
    }


def _names_param(name, description):
    """A comma-separated list of names in one query parameter."""
    schema = {"type": "array", "items": {"type": "string"}}
    return _param(name, description, schema, style="form", explode=False)


def _ref(name):
    return {"$ref": f"#/components/parameters/{name}"}


PARAMETERS = {
    "f": _param(
        "f",
        "Format: json (default) or html.",
        {"type": "string", "enum": ["json", "html"]},
    ),
    "collectionId": _param(
        "collectionId",
        "The collection.",
        {"type": "string"},
        where="path",
        required=True,
    ),
    "featureId": _param(
        "featureId",
        "The feature's id.",
        {"type": "string"},
        where="path",
        required=True,
    ),
    "limit": _param(
        "limit",
        f"Features per page, from 1 to {MAX_LIMIT}. The next link of a page "
        f"asks for ten times as many, up to {MAX_LIMIT}.",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 10},
        style="form",
        explode=False,
    ),
    "offset": _param(
        "offset",
        "Features to skip; follow the next links rather than counting.",
        {"type": "integer", "minimum": 0, "default": 0},
    ),
    "bbox": _param(
        "bbox",
        "Features whose geometry intersects the box, its edge included: "
        "minx,miny,maxx,maxy (or with heights, 6 numbers) in bbox-crs.",
        {
            "type": "array",
            "oneOf": [{"minItems": 4, "maxItems": 4}, {"minItems": 6, "maxItems": 6}],
            "items": {"type": "number"},
        },
        style="form",
        explode=False,
    ),
    "bbox-crs": _param(
        "bbox-crs",
        "The CRS of bbox (default CRS84).",
        {"type": "string", "format": "uri", "enum": CRS_URIS},
    ),
    "crs": _param(
        "crs",
        "The CRS of the geometries in the response (default CRS84); the "
        "Content-Crs header names it.",
        {"type": "string", "format": "uri", "enum": CRS_URIS},
    ),
    "datetime": _param(
        "datetime",
        "An instant or start/end (.. for open) in RFC 3339: initiatives by "
        "their last update, gatherings by their time span.",
        {"type": "string"},
    ),
    "filter": _param(
        "filter",
        "A CQL2 text filter on the queryables, e.g. region = 'noorden' AND "
        "updated > TIMESTAMP('2025-01-01T00:00:00Z').",
        {"type": "string", "maxLength": 4000},
    ),
    "filter-lang": _param(
        "filter-lang",
        "The language of filter.",
        {"type": "string", "enum": ["cql2-text"], "default": "cql2-text"},
    ),
    "filter-crs": _param(
        "filter-crs",
        "The CRS of geometries in filter (default CRS84).",
        {"type": "string", "format": "uri", "enum": CRS_URIS},
    ),
    "sortby": _names_param(
        "sortby",
        "Queryables to sort by, comma-separated, - for descending (default: id).",
    ),
    "properties": _names_param(
        "properties", "Only these properties (comma-separated); id always."
    ),
    "skipGeometry": _param(
        "skipGeometry",
        "true: features without geometry.",
        {"type": "boolean", "default": False},
    ),
}
ITEMS = [
    *("limit", "offset", "bbox", "bbox-crs", "crs", "datetime", "filter"),
    *("filter-lang", "filter-crs", "sortby", "properties", "skipGeometry"),
]


def _get(summary, operation_id, parameters, media_types, headers=None):
    content = {media: {"schema": {"type": "object"}} for media in media_types}
    ok = {"description": summary, "content": content}
    if headers:
        ok["headers"] = headers
    return {
        "get": {
            "summary": summary,
            "operationId": operation_id,
            "parameters": [_ref(name) for name in parameters],
            "responses": {"200": ok, "400": PROBLEM, "404": PROBLEM, "429": PROBLEM},
        }
    }


CONTENT_CRS = {
    "Content-Crs": {
        "description": "The CRS of the geometries, as <URI>.",
        "schema": {"type": "string"},
    }
}


def document(server: str, collections) -> dict:
    """The OpenAPI document, for the /ogc landing page at `server`. Paths
    are relative to it, as OGC clients expect (/collections/{collectionId}/items)."""
    ids = [collection.id for collection in collections]
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Omzien OGC API - Features",
            "version": settings.API_VERSION,
            "description": (
                "Initiatives and gatherings as OGC API Features (Parts 1, 2, 3): "
                f"collections {', '.join(ids)}; at most {MAX_LIMIT} features "
                "per page; CRS84, EPSG:4326, EPSG:28992 (RD New), EPSG:4258."
            ),
            "contact": {"name": "Omzien", "url": server.rsplit("/ogc", 1)[0] + "/"},
        },
        "servers": [{"url": server}],
        "paths": {
            "/": _get("Landing page", "getLandingPage", ["f"], [JSON, HTML]),
            "/api": _get("This OpenAPI document", "getApi", ["f"], [JSON]),
            "/conformance": _get(
                "Conformance classes", "getConformance", ["f"], [JSON, HTML]
            ),
            "/collections": _get("Collections", "getCollections", ["f"], [JSON, HTML]),
            "/collections/{collectionId}": _get(
                "A collection",
                "describeCollection",
                ["collectionId", "f"],
                [JSON, HTML],
            ),
            "/collections/{collectionId}/queryables": _get(
                "The queryables of a collection (JSON Schema)",
                "getQueryables",
                ["collectionId", "f"],
                ["application/schema+json"],
            ),
            "/collections/{collectionId}/items": _get(
                "Features of a collection",
                "getFeatures",
                ["collectionId", *ITEMS, "f"],
                [GEOJSON, HTML],
                CONTENT_CRS,
            ),
            "/collections/{collectionId}/items/{featureId}": _get(
                "One feature",
                "getFeature",
                ["collectionId", "featureId", "crs", "properties", "skipGeometry", "f"],
                [GEOJSON, HTML],
                CONTENT_CRS,
            ),
        },
        "components": {"parameters": PARAMETERS},
    }
