"""The API documentation pages, from our own static files only."""

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularRedocView

# Redoc's bundle always shows a logo from cdn.redoc.ly; the policy stops the
# browser from fetching it (Redoc then leaves the logo out).
SAME_ORIGIN_ONLY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'; worker-src 'self' blob:; font-src 'self'"
)


class RedocView(SpectacularRedocView):
    template_name = "api/redoc.html"  # without the Google Fonts of the default

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Content-Security-Policy"] = SAME_ORIGIN_ONLY
        return response
