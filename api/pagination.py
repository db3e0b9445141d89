"""limit/offset pages with next/previous links and a maximum page size."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.utils.urls import remove_query_param, replace_query_param

from initiatives.caching import remembered

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
# Far beyond any real list, and within a 64-bit integer for every database.
MAX_OFFSET = 1_000_000_000


class Page:
    """The limit and offset of a request; a larger limit is cut to maximum."""

    PARAMS = frozenset({"limit", "offset"})  # the query parameters it reads

    @staticmethod
    def schema_parameters():
        return [
            OpenApiParameter(
                "limit",
                int,
                description=f"Page size, at most {MAX_LIMIT} (default 100)",
            ),
            OpenApiParameter("offset", int, description="Rows to skip (default 0)"),
        ]

    def __init__(self, request, *, default=DEFAULT_LIMIT, maximum=None):
        self.request = request
        limit = _number(request, "limit", default, minimum=1)
        self.limit = min(limit, maximum or MAX_LIMIT)
        self.offset = _number(request, "offset", 0, minimum=0, maximum=MAX_OFFSET)

    def slice(self, queryset):
        return queryset[self.offset : self.offset + self.limit]

    def links(self, count) -> dict:
        url = self.request.build_absolute_uri()
        url = replace_query_param(url, "limit", self.limit)
        links = {"next": None, "previous": None}
        if self.offset + self.limit < count:
            links["next"] = replace_query_param(url, "offset", self.offset + self.limit)
        if self.offset > 0:
            previous = max(self.offset - self.limit, 0)
            links["previous"] = (
                replace_query_param(url, "offset", previous)
                if previous
                else remove_query_param(url, "offset")
            )
        return links


def _number(request, name, default, *, minimum, maximum=None):
    value = request.query_params.get(name)
    if value is None:
        return default
    # ASCII only: str.isdigit() also accepts "²", which int() refuses.
    if not (value.isascii() and value.isdigit()) or int(value) < minimum:
        raise exceptions.ValidationError(
            {name: _("Give a whole number of at least %d.") % minimum}
        )
    if maximum is not None and int(value) > maximum:
        raise exceptions.ValidationError(
            {name: _("Give a whole number of at most %d.") % maximum}
        )
    return int(value)


def link_header(links) -> str:
    """RFC 8288 Link header for the next and previous pages."""
    return ", ".join(
        f'<{url}>; rel="{rel}"' for rel, url in links.items() if url is not None
    )


def cached_count(queryset, *, name, version) -> int:
    """The number of rows, remembered under `name` until the data changes
    (`version`): counting a million rows for every page costs more than the
    page. Without a name (free text, points) it is counted every time."""
    if name is None:
        return queryset.count()
    key = f"api-count:{name}"
    return remembered(key, version, queryset.count, timeout=24 * 3600)
