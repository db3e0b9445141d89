"""Pages of a list: keyset (cursor) paging, so that rows added, edited or
deleted between two requests never make a page skip or repeat a row; limit
and offset remain for small jumps. Every list of /api/v1 and /ogc reads its
page size limits here (one home: the OpenAPI documents read MAX_LIMIT)."""

import hashlib

from django.core import signing
from django.core.exceptions import EmptyResultSet
from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.utils.urls import remove_query_param, replace_query_param

from initiatives.caching import remembered

from .params import together

DEFAULT_LIMIT = 100
# The largest page: 20,000 features are 20 requests, far within the
# anonymous rate (settings.REST_FRAMEWORK) for clients that read it from the
# OpenAPI document, as GDAL and QGIS do.
MAX_LIMIT = 1000
# Far beyond any real list, and within a 64-bit integer for every database.
MAX_OFFSET = 1_000_000_000
CURSOR_SALT = "api.pagination.cursor"
SEARCH_COUNT_SECONDS = 600  # see cached_count


class Page:
    """The limit and the position (a cursor or an offset) of a request."""

    PARAMS = frozenset({"limit", "offset", "cursor"})  # the query parameters

    @staticmethod
    def schema_parameters(default=DEFAULT_LIMIT):
        return [
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
                description=f"Page size, at most {MAX_LIMIT} (default {default}); "
                "a larger limit is a 400.",
            ),
            OpenApiParameter(
                "offset",
                {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET},
                description=(
                    "Rows to skip (default 0); not with cursor. Rows that change "
                    "between requests shift an offset: follow the next links."
                ),
            ),
            OpenApiParameter(
                "cursor",
                str,
                description=(
                    "Opaque position from a next link: the page after the row "
                    "it was made from, whatever changed in between."
                ),
            ),
        ]

    def __init__(self, request, *, default=DEFAULT_LIMIT):
        self.request = request
        self.limit, self.offset, self.cursor = together(
            lambda: _number(request, "limit", default, minimum=1, maximum=MAX_LIMIT),
            lambda: _number(request, "offset", 0, minimum=0, maximum=MAX_OFFSET),
            lambda: _cursor(request),
        )
        if self.cursor is not None and "offset" in request.query_params:
            raise exceptions.ValidationError(
                {"offset": _("Give either cursor or offset, not both.")}
            )
        self.next_position = None  # the cursor of the next page, once known
        self.more = False

    def fetch(self, queryset, read, key=lambda row: row[1]["id"]):
        """The rows of this page: read(sliced queryset) -> rows, key(row) ->
        the row's primary key. Keyset paging when the order allows it (a
        unique order of plain fields); offset paging otherwise."""
        fields = keyset_fields(queryset)
        if self.cursor is not None:
            queryset = queryset.filter(after(self._position(fields), fields))
            window = queryset[: self.limit + 1]
        else:
            stop = self.offset + self.limit + 1
            # A nearest-first search reads only the rows up to the page's end.
            narrowed = getattr(queryset, "narrowed", None)
            window = (narrowed(stop) if narrowed else queryset)[self.offset : stop]
        rows = self.window(read(window))
        if self.more and fields is not None:
            found = queryset.model._base_manager.filter(pk=key(rows[-1]))
            values = found.values_list(*(f.lstrip("-") for f in fields)).first()
            if values is not None:
                self.next_position = (fields, values)
        return rows

    def window(self, rows):
        """The page itself, of the limit + 1 rows read for it."""
        self.more = len(rows) > self.limit
        return rows[: self.limit]

    def _position(self, fields):
        order, values = self.cursor
        if fields is None or list(order) != [*fields] or len(values) != len(fields):
            raise exceptions.ValidationError(
                {"cursor": _("This cursor belongs to another order or list.")}
            )
        return values

    def position(self, fields):
        """The cursor's values for a list in this order, or None."""
        return None if self.cursor is None else self._position(fields)

    def links(self) -> dict:
        url = replace_query_param(
            self.request.build_absolute_uri(), "limit", self.limit
        )
        links = {"next": None, "previous": None}
        if self.more:
            links["next"] = self._next_url(url)
        if self.cursor is None and self.offset > 0:
            previous = max(self.offset - self.limit, 0)
            links["previous"] = (
                replace_query_param(url, "offset", previous)
                if previous
                else remove_query_param(url, "offset")
            )
        return links

    def resume(self) -> str:
        """Where the next sync starts: after the last row delivered, or
        where this request started when it found none."""
        url = self.request.build_absolute_uri()
        if self.next_position is None:
            return url
        return self._next_url(url)

    def _next_url(self, url):
        if self.next_position is None:  # no keyset: the next offset
            return replace_query_param(url, "offset", self.offset + self.limit)
        url = remove_query_param(url, "offset")
        return replace_query_param(url, "cursor", encode(*self.next_position))


def keyset_fields(queryset) -> tuple[str, ...] | None:
    """The query's order as field names ending in id, or None when it
    orders by something else (a computed distance)."""
    order = tuple(queryset.query.order_by or queryset.model._meta.ordering)
    names = [name.lstrip("-") for name in order if isinstance(name, str)]
    if len(names) != len(order) or not names:
        return None
    if set(names) & set(queryset.query.annotations):
        return None
    if names[-1] not in ("id", "pk"):
        return None  # not unique: ties would repeat or skip rows
    return order


def after(values, fields) -> Q:
    """Rows after `values` in the order `fields` (each may start with -):
    (a > x) or (a = x and b > y) or ..."""
    condition = None
    for field, value in reversed(list(zip(fields, values, strict=True))):
        name = field.lstrip("-")
        beyond = Q(**{f"{name}__{'lt' if field.startswith('-') else 'gt'}": value})
        condition = (
            beyond if condition is None else beyond | Q(**{name: value}) & condition
        )
    return condition


def encode(fields, values) -> str:
    """An opaque, signed cursor: the order and the last row's values."""
    values = [v.isoformat() if hasattr(v, "isoformat") else v for v in values]
    # A Signer, not dumps(): no timestamp, so a page's bytes and ETag stay
    # the same until its data changes.
    signer = signing.Signer(salt=CURSOR_SALT)
    return signer.sign_object([list(fields), values], compress=True)


def _cursor(request):
    text = request.query_params.get("cursor")
    if not text:  # an empty cursor: the first page
        return None
    try:
        order, values = signing.Signer(salt=CURSOR_SALT).unsign_object(text)
    except (signing.BadSignature, ValueError, TypeError):
        raise exceptions.ValidationError(
            {"cursor": _("Not a cursor of this API: follow a next link.")}
        ) from None
    return order, values


def _number(request, name, default, *, minimum, maximum):
    value = request.query_params.get(name)
    if value is None:
        return default
    # ASCII only: str.isdigit() also accepts "²", which int() refuses.
    if not (value.isascii() and value.isdigit()) or int(value) < minimum:
        raise exceptions.ValidationError(
            {name: _("Give a whole number of at least %d.") % minimum}
        )
    if int(value) > maximum:
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
    page. Without a name (free text, points, boxes: too many to keep for
    long) the count is remembered for SEARCH_COUNT_SECONDS under its SQL,
    so that the pages of one search, and searches repeated, count once."""
    if name is None and version is None:
        return queryset.count()
    if name is None:
        try:
            sql = str(queryset.query)  # its parameters written in
        except EmptyResultSet:  # a filter that can match nothing
            return 0
        digest = hashlib.sha256(sql.encode()).hexdigest()
        key, timeout = f"api-search-count:{digest}", SEARCH_COUNT_SECONDS
    else:
        key, timeout = f"api-count:{name}", 24 * 3600
    return remembered(key, version, queryset.count, timeout=timeout)
