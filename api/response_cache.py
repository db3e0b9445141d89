"""Answers of the public feature GETs without reading the page again.

What such an answer holds follows from the request (the path, the
normalised query, the representation, the CRS, the host in its links, the
language) and the data version (when the public rows last changed). Hashed
together they are the ETag, known before any query for the page: a
conditional request gets its 304 at once, and Django's cache (Redis in
production) keeps the bytes of an anonymous 200 for the next client, until
the data version moves on. Errors, answers larger than MAX_BYTES and
answers to authenticated clients are never stored.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response

MAX_BYTES = 1024 * 1024  # a page of 1,000 initiatives is about 700 KB
TIMEOUT = 600  # seconds; a new data version makes new keys at once
KEPT_HEADERS = ("Link",)  # set by the views; the rest by finalize_response


def etag(request, version) -> str:
    """The answer's ETag, from the request and the data version."""
    parts = (
        request.path,
        sorted(request.query_params.lists()),
        request.accepted_media_type,
        request.headers.get("Accept-Crs", ""),
        request.build_absolute_uri("/"),
        translation.get_language(),
        str(version),
    )
    return f'"{hashlib.sha256(repr(parts).encode()).hexdigest()[:32]}"'


def served(request, version, build):
    """The answer of build(), or a 304, or the stored answer, when the ETag
    shows they are the same. Without a data version, build() alone."""
    if version is None:
        return build()
    tag = etag(request, version)
    unchanged = get_conditional_response(request, etag=tag)
    if unchanged is not None:
        unchanged["ETag"] = tag
        return unchanged
    shared = settings.API_RESPONSE_CACHE and not request.user.is_authenticated
    key = f"api-response:{tag}"
    stored = cache.get(key) if shared else None
    if stored is not None:
        content_type, headers, content = stored
        response = HttpResponse(content, content_type=content_type, headers=headers)
    else:
        response = build()
        if shared:
            response.add_post_render_callback(lambda done: _store(key, done))
    if response.status_code == 200:
        response["ETag"] = tag
    return response


def _store(key, response):
    if response.status_code != 200 or len(response.content) > MAX_BYTES:
        return
    headers = {name: response[name] for name in KEPT_HEADERS if name in response}
    cache.set(key, (response["Content-Type"], headers, response.content), TIMEOUT)
