"""Cross-cutting request handling for the whole site."""

import logging

from csp.middleware import CSPMiddleware
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5
MACHINE_PATHS = ("/api/", "/ogc/")
# Django admin widgets (django-leaflet's map among them) start with inline
# scripts that carry no nonce; only staff reach these pages.
INLINE_SCRIPT_PATHS = ("/admin/", "/en/admin/")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy, with inline scripts allowed in the admin only."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(INLINE_SCRIPT_PATHS) and parts.nonce is None:
            parts.update = {**(parts.update or {}), "script-src": ["'unsafe-inline'"]}
        return parts


class DatabaseUnavailableMiddleware:
    """A database that is down or restarting gives 503 with Retry-After, not a
    500: clients know to retry, and the next request reconnects by itself
    (CONN_HEALTH_CHECKS)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("Database unavailable for %s: %s", request.path, exception)
        detail = _("The database is briefly unavailable. Please try again shortly.")
        if request.path.startswith(MACHINE_PATHS):
            response = JsonResponse(
                {
                    "type": "about:blank",
                    "title": _("Service unavailable"),
                    "status": 503,
                    "detail": detail,
                },
                status=503,
                content_type="application/problem+json",
            )
        else:
            # No request context: rendering must not touch the database.
            html = render_to_string("503.html", {"detail": detail})
            response = HttpResponse(html, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
