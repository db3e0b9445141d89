"""The properties of each OGC collection that CQL2 filters and `sortby` may
use (OGC API Features Part 3 queryables): their JSON Schema for
/collections/{id}/queryables, and the Q each operator makes of them."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gatherings.models import Gathering
from initiatives.models import Initiative

from .cql2 import CqlError, Timestamp

LOOKUPS = {"=": "exact", "<": "lt", ">": "gt", "<=": "lte", ">=": "gte"}
TYPES = {"string": str, "integer": int, "boolean": bool}


@dataclass(frozen=True)
class Queryable:
    name: str
    field: str  # the ORM path
    type: str  # string, integer, boolean, date-time, geometry
    title: str
    many: bool = False  # a to-many join: filtered through a subquery of ids
    enum: tuple = ()

    @property
    def sortable(self):
        return not self.many and self.type != "geometry"

    def schema(self) -> dict:
        if self.type == "geometry":
            return {
                "title": str(self.title),
                "format": "geometry-point",
                "x-ogc-role": "primary-geometry",
            }
        schema = {"title": str(self.title), "type": self.type}
        if self.type == "date-time":
            schema.update(type="string", format="date-time")
        if self.enum:
            schema["enum"] = list(self.enum)
        return schema

    def q(self, operator, value) -> Q:
        """The rows whose property compares so with the value; a Q on the
        property's own table (see Queryables.q for to-many properties)."""
        field = self.field
        if operator == "isnull":
            return Q(**{f"{field}__isnull": True})
        if operator == "intersects":
            if self.type != "geometry":
                raise CqlError(_("%s is not a geometry.") % self.name)
            return Q(**{f"{field}__intersects": value})
        if self.type == "geometry":
            raise CqlError(_("A geometry only takes S_INTERSECTS."))
        if operator == "in":
            return Q(**{f"{field}__in": [self._value(v) for v in value]})
        if operator == "like":
            if self.type != "string" or not isinstance(value, str):
                raise CqlError(_("LIKE compares text with a quoted pattern."))
            return Q(**{f"{field}__regex": like_regex(value)})
        if self.type == "date-time" and isinstance(value, Timestamp):
            if value.date_only and operator in ("=", "<>"):
                day = self._value(value)
                whole = Q(**{f"{field}__gte": day, f"{field}__lte": _end_of(day)})
                return whole if operator == "=" else ~whole
        if operator == "<>":
            return ~Q(**{field: self._value(value)})
        return Q(**{f"{field}__{LOOKUPS[operator]}": self._value(value)})

    def _value(self, value):
        if self.type == "date-time":
            return _moment(value)
        wanted = TYPES[self.type]
        if wanted is int and isinstance(value, float) and value.is_integer():
            value = int(value)
        if type(value) is not wanted:
            raise CqlError(
                _("%(name)s compares with a %(type)s.")
                % {"name": self.name, "type": self.type}
            )
        return value


def _moment(value):
    text = value.text if isinstance(value, Timestamp) else value
    if not isinstance(text, str):
        raise CqlError(_("Give a date-time as TIMESTAMP('2025-01-31T12:00:00Z')."))
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CqlError(_("%s is no RFC 3339 date-time.") % text) from None
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _end_of(moment):
    return datetime.combine(moment.date(), time.max, tzinfo=UTC)


def like_regex(pattern: str) -> str:
    """A CQL2 LIKE pattern (% any text, _ one character, \\ escapes) as an
    anchored regular expression: one meaning on every database (SQLite's
    LIKE ignores case)."""
    parts, escaped = [], False
    for char in pattern:
        if escaped:
            parts.append(re.escape(char))
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return "^" + "".join(parts) + "$"


class Queryables(dict):
    """name -> Queryable of one collection's model."""

    def __init__(self, model, *queryables):
        super().__init__((q.name, q) for q in queryables)
        self.model = model

    def get(self, name, default=None):
        queryable = super().get(name, default)
        return _Joined(queryable, self.model) if queryable else queryable

    def schema(self, url, title) -> dict:
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": url,
            "type": "object",
            "title": str(title),
            "properties": {name: q.schema() for name, q in self.items()},
            "additionalProperties": False,
        }


@dataclass(frozen=True)
class _Joined:
    """A to-many queryable as a subquery, so that a row is matched (or, with
    NOT, left out) once, whichever of its tags matched."""

    queryable: Queryable
    model: type

    def q(self, operator, value):
        q = self.queryable.q(operator, value)
        if not self.queryable.many:
            return q
        return Q(id__in=self.model.objects.filter(q).values("id"))


def _areas():
    return (
        Queryable("region", "region__slug", "string", _("Region (slug)")),
        Queryable("province", "province__name", "string", _("Province")),
        Queryable("province_code", "province__code", "string", _("Province code")),
        Queryable("municipality", "municipality__name", "string", _("Municipality")),
        Queryable(
            "municipality_code", "municipality__code", "string", _("Municipality code")
        ),
    )


def initiatives():
    return Queryables(
        Initiative,
        Queryable("name", "name", "string", _("Name")),
        *_areas(),
        Queryable("theme", "tags__slug", "string", _("Theme (slug)"), many=True),
        Queryable("created", "created_at", "date-time", _("Created")),
        Queryable("updated", "updated_at", "date-time", _("Updated")),
        Queryable("geometry", "location", "geometry", _("Location")),
    )


def gatherings():
    return Queryables(
        Gathering,
        Queryable("title", "title", "string", _("Title")),
        Queryable(
            "kind", "kind", "string", _("Kind"), enum=tuple(Gathering.Kind.values)
        ),
        *_areas(),
        Queryable("online", "online", "boolean", _("Online")),
        Queryable("start", "starts_at", "date-time", _("Start")),
        Queryable("end", "ends_at", "date-time", _("End")),
        Queryable("updated", "updated_at", "date-time", _("Updated")),
        Queryable("geometry", "location", "geometry", _("Location")),
    )
