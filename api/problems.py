"""Errors as `application/problem+json` (RFC 9457), with the invalid
parameters named as the Dutch API Design Rules ask (`invalidParams`)."""

from http import HTTPStatus

import orjson
from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
)
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from .params import spelt_as

PROBLEM_JSON = "application/problem+json"


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = gettext_lazy("The request body is too large.")
    default_code = "too_large"


def exception_handler(exc, context):
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real bug: let it be a 500 and be logged
    status = response.status_code
    invalid = None
    request = context.get("request")
    if isinstance(exc, exceptions.ValidationError):
        detail = _("Some parameters are invalid; see invalidParams.")
        invalid = invalid_params(exc.detail)
        for param in invalid:
            param["name"] = spelt_as(request, param["name"])
    else:
        detail = response.data.get("detail", HTTPStatus(status).phrase)
    instance = request.path if request is not None else None
    return problem_response(
        status, detail, invalid=invalid, instance=instance, headers=response.headers
    )


def _as_api_exception(exc):
    """Django's refusals of a malformed request (too many parameters, too
    large a body) as the API errors they are, not HTML pages."""
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge()
    if isinstance(exc, TooManyFieldsSent):
        return exceptions.ParseError(_("The request has too many parameters."))
    if isinstance(exc, SuspiciousOperation):
        return exceptions.ParseError()
    if isinstance(exc, exceptions.Throttled) and exc.wait:
        return _throttled(exc.wait)
    return exc


def _throttled(wait):
    """DRF fills in the seconds before it translates, so its text stays
    half English: the same refusal, wholly in the client's language."""
    detail = ngettext(
        "Too many requests. Try again in %(wait)d second.",
        "Too many requests. Try again in %(wait)d seconds.",
        wait,
    ) % {"wait": wait}
    throttled = exceptions.Throttled(detail=detail)
    throttled.wait = wait  # becomes the Retry-After header
    return throttled


# The titles, in the client's language (the phrases of http.HTTPStatus).
TITLES = {
    400: gettext_lazy("Bad Request"),
    401: gettext_lazy("Unauthorized"),
    403: gettext_lazy("Forbidden"),
    404: gettext_lazy("Not Found"),
    405: gettext_lazy("Method Not Allowed"),
    406: gettext_lazy("Not Acceptable"),
    411: gettext_lazy("Length Required"),
    413: gettext_lazy("Request Entity Too Large"),
    415: gettext_lazy("Unsupported Media Type"),
    422: gettext_lazy("Unprocessable Entity"),
    429: gettext_lazy("Too Many Requests"),
    500: gettext_lazy("Internal Server Error"),
    503: gettext_lazy("Service Unavailable"),
}
NOT_FOUND = gettext_lazy("Nothing matches the given URI.")


def problem_response(status, detail, *, invalid=None, instance=None, headers=None):
    """The one home of the problem+json body: every API error, and the
    site's refusals of machine requests, come through here. The title is the
    status's phrase; invalid parameters and the path only when known."""
    status = HTTPStatus(status).value
    problem = {
        "type": "about:blank",
        "title": str(TITLES.get(status, HTTPStatus(status).phrase)),
        "status": status,
        "detail": str(detail),
    }
    if invalid is not None:
        problem["invalidParams"] = invalid
    if instance is not None:
        problem["instance"] = instance
    response = HttpResponse(
        orjson.dumps(problem), status=status, content_type=PROBLEM_JSON
    )
    for name, value in (headers or {}).items():
        if name.lower() in ("www-authenticate", "retry-after", "allow"):
            response[name] = value
    return response


def invalid_params(detail, prefix=""):
    """Flatten DRF's error detail into [{name, code, reason}]."""
    if isinstance(detail, dict):
        return [
            param
            for name, value in detail.items()
            for param in invalid_params(value, _join(prefix, name))
        ]
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return [_param(prefix, item) for item in detail]
        return [
            param
            for index, item in enumerate(detail)
            for param in invalid_params(item, _join(prefix, str(index)))
        ]
    return [_param(prefix, detail)]


def _param(name, error):
    return {
        "name": name or "body",
        "code": getattr(error, "code", None) or "invalid",
        "reason": str(error),
    }


def _join(prefix, name):
    if name == "non_field_errors":
        return prefix
    return f"{prefix}.{name}" if prefix else name
