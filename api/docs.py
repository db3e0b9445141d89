"""The root document of /api/v1, and the API documentation pages: from
our own static files only, under the site's Content Security Policy
(inline scripts carry its nonce)."""

from csp.constants import SELF
from csp.decorators import csp_update
from django.conf import settings
from django.urls import reverse
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView
from rest_framework.response import Response
from rest_framework.views import APIView

from .base import ApiViewMixin


class SwaggerView(SpectacularSwaggerView):
    template_name = "api/swagger_ui.html"


# Redoc's search runs in a Web Worker that it starts from a blob: URL.
@method_decorator(csp_update({"worker-src": [SELF, "blob:"]}), name="dispatch")
class RedocView(SpectacularRedocView):
    template_name = "api/redoc.html"


LIST_NAMES = [
    ("initiatives", "initiative-list"),
    ("gatherings", "gathering-list"),
    ("submissions", "submission-create"),
    ("regions", "region-list"),
    ("provinces", "province-list"),
    ("municipalities", "municipality-list"),
    ("tags", "tag-list"),
    ("places", "place-list"),
    ("stats", "stats"),
]


@extend_schema(exclude=True)
class Root(ApiViewMixin, APIView):
    """/api/v1: what there is, as links (the collections, the OpenAPI
    document, its documentation pages, and the OGC API)."""

    def get(self, request):
        def url(name):
            return request.build_absolute_uri(reverse(name))

        links = [
            _link(url("api-root"), "self", "application/json"),
            _link(url("api:openapi-json"), "service-desc", OPENAPI),
            _link(url("api:docs"), "service-doc", "text/html"),
            _link(url("api:redoc"), "service-doc", "text/html"),
            _link(url("ogc:landing"), "alternate", "application/json", "OGC API"),
        ]
        links += [
            _link(url(f"api:{name}"), "item", "application/json", title)
            for title, name in LIST_NAMES
        ]
        return Response(
            {"title": "Omzien API", "version": settings.API_VERSION, "links": links}
        )


OPENAPI = "application/vnd.oai.openapi+json;version=3.0"


def _link(href, rel, media_type, title=""):
    return {"href": href, "rel": rel, "type": media_type, "title": title}
