"""The API documentation pages, from our own static files only, under the
site's Content Security Policy (inline scripts carry its nonce)."""

from csp.constants import SELF
from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView


class SwaggerView(SpectacularSwaggerView):
    template_name = "api/swagger_ui.html"


# Redoc's search runs in a Web Worker that it starts from a blob: URL.
@method_decorator(csp_update({"worker-src": [SELF, "blob:"]}), name="dispatch")
class RedocView(SpectacularRedocView):
    template_name = "api/redoc.html"
