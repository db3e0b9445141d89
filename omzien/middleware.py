"""Cross-cutting request handling for the whole site."""

import logging
import re
from http import HTTPStatus

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from api.problems import PayloadTooLarge, problem_response

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5
MACHINE_PATHS = ("/api/", "/ogc")  # /ogc: the OGC landing page too
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
        if not isinstance(exception, _unavailable_errors()):
            return None
        logger.warning("Database unavailable for %s: %s", request.path, exception)
        detail = _("The database is briefly unavailable. Please try again shortly.")
        if request.path.startswith(MACHINE_PATHS):
            unavailable = HTTPStatus.SERVICE_UNAVAILABLE
            response = problem_response(unavailable, detail, instance=request.path)
        else:
            # No request context: rendering must not touch the database.
            html = render_to_string("503.html", {"detail": detail})
            response = HttpResponse(html, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


def _unavailable_errors() -> tuple[type[Exception], ...]:
    """Django's errors of a lost database, and the driver's own: those escape
    Django's wrapper where the driver raises them by itself (psycopg closing
    a server-side cursor, as a select list iterates, on a dropped connection)."""
    drivers = {connections[alias].Database for alias in connections}
    return (
        OperationalError,
        InterfaceError,
        *(driver.OperationalError for driver in drivers),
        *(driver.InterfaceError for driver in drivers),
    )


def request_size_limit(get_response):
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE is refused with 413 before
    anything reads it. Django checks only the form bodies it parses itself:
    DRF reads JSON straight from the stream, and file parts go to disk.

    A chunked body without Content-Length is refused with 411: Django reads
    the length from Content-Length only, so it would see an empty body and
    act on it. (nginx in front, as in production, de-chunks bodies itself.)"""

    def middleware(request):
        if _chunked_without_length(request):
            detail = _("Send the body with a Content-Length header, not chunked.")
            return _refusal(request, HTTPStatus.LENGTH_REQUIRED, detail)
        limit = _body_limit(request)
        if _content_length(request) > limit or _text_too_large(request, limit):
            detail = PayloadTooLarge.default_detail
            return _refusal(request, HTTPStatus.REQUEST_ENTITY_TOO_LARGE, detail)
        return get_response(request)

    return middleware


def _refusal(request, status: HTTPStatus, detail):
    """A request refused unread: problem+json for machines, a page for people."""
    if not request.path.startswith(MACHINE_PATHS):
        return render(request, f"{status.value}.html", status=status.value)
    # No instance: the body is the one nginx sends for 413 in production.
    return problem_response(status, detail)


# The initiator's forms, which may carry an image: /meld-aan/ and
# /wijzigen/<token>/, also under /en/.
UPLOAD_PATH = re.compile(r"^/(en/)?(meld-aan|wijzigen/[^/]+)/$")


def _body_limit(request) -> int:
    """The largest body this request may have."""
    multipart = request.content_type == "multipart/form-data"
    if multipart and UPLOAD_PATH.match(request.path_info):
        return settings.FORM_UPLOAD_MAX_SIZE
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def _text_too_large(request, limit) -> bool:
    """A form that may carry an image, read now: its text fields too must
    stay within DATA_UPLOAD_MAX_MEMORY_SIZE (Django's check, a 400 later)."""
    if limit == settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        return False
    try:
        request.POST  # noqa: B018 (parsed here, kept for the view)
    except RequestDataTooBig:
        return True
    return False


def _chunked_without_length(request) -> bool:
    encoding = request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
    return "chunked" in encoding and not request.META.get("CONTENT_LENGTH")


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # as Django: an unreadable length reads no body
